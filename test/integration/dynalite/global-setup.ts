import { spawn } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { STACK_ENV_NAMES } from '../../unit/setup-env.js';
import type { ProvidedStack } from '../stack-setup.js';

// The integration-dynalite project's stack: stack-process.ts in a child process (why: its header).

interface StackMessage {
  stack: ProvidedStack;
  env: Record<string, string>;
}

const STACK_PROCESS = new URL('./stack-process.ts', import.meta.url);
const REPO = new URL('../../../', import.meta.url);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Inside a whole `npm test` the DynamoDB Local stack has set its handlers' environment in this
  // process already: the child starts without it, so it runs with its own endpoints only.
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  for (const name of (process.env[STACK_ENV_NAMES] ?? '').split(',')) if (name) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', STACK_PROCESS.pathname], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 16_000) output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const { stack, env: stackEnv } = await new Promise<StackMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the dynalite stack did not start within 60 s:\n${output}`));
    }, 60_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as StackMessage);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the dynalite stack exited with ${code} before it started:\n${output}`));
    });
  });
  project.provide('stack', stack);
  // Some files invoke a handler in their own worker (connect-stream, phone-verification): the
  // workers of this project get the child stack's environment, as the other project's inherit theirs.
  project.config.env = { ...project.config.env, ...stackEnv };
  return async () => {
    if (child.exitCode !== null) return;
    child.send('stop');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`the dynalite stack stopped with ${code}:\n${output}`);
  };
}
