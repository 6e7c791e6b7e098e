import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../../../local/stack.js';
import { writeStackFile } from '../../../local/stack-file.js';
import { applyTestEnvironment, providedStack, testStackOptions } from '../stack-setup.js';

// The integration stack on dynalite, in a child of vitest: vitest starts every project's global
// setup before any test, and one process holds one stack (its handlers share process.env), so
// inside a whole `npm test` this stack cannot live beside the DynamoDB Local one.
// Tells its parent the ProvidedStack and the handlers' environment over IPC; stops on 'stop' or
// when the parent goes away.

const testEnv = applyTestEnvironment();
const dataDir = mkdtempSync(join(tmpdir(), 'hotline-it-dynalite-'));
const stack = await startLocalStack(testStackOptions(dataDir, 'dynalite'));
writeStackFile(dataDir, stack.url, stack.env);

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= stack
    .stop()
    .finally(() => rmSync(dataDir, { recursive: true, force: true }))
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('the dynalite stack did not stop cleanly:', error);
        process.exit(1);
      },
    );
  return stopping;
}
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send?.({ stack: providedStack(stack, dataDir), env: { ...testEnv, ...stack.env } });
