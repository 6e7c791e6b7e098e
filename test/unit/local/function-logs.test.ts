import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { FunctionSpec } from '../../../infra/functions.js';
import { LocalFunctions } from '../../../local/functions.js';
import { logger } from '../../../shared/logger.js';

// The unit project runs SILENT, and a logger keeps the level it was made with: these lines are what
// is under test, so the logger is made at INFO (before the imports, which make it).
const silent = vi.hoisted(() => {
  const level = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  return level;
});

// Locally every function runs in one process and imports the one shared logger; in AWS each is a
// process of its own whose lines carry its name. The local lines must carry theirs too.

function spec(name: string): FunctionSpec {
  return { name, description: name, triggers: [], timeoutSeconds: 5, memoryMb: 128 };
}

/** A handler as the functions write them: the shared logger, its Lambda context injected. */
function handler(line: string, gate: Promise<void>) {
  return middy<unknown, void>()
    .use(injectLambdaContext(logger))
    .handler(async () => {
      logger.info(`${line} starts`);
      await gate;
      logger.info(`${line} ends`);
    });
}

/** The JSON lines the logger writes to stdout from now on (not written through). */
function captureLines(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const text of String(chunk).split('\n')) if (text.startsWith('{')) lines.push(JSON.parse(text));
    return true;
  });
  return lines;
}

/** A promise the handlers wait on, so their invocations interleave until `open()`. */
function gated(): { gate: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { gate, open };
}

describe('Local functions: log lines', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(() => {
    if (silent === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = silent;
  });

  it("labels each line with its own function's service and function name, also when invocations interleave", async () => {
    // Prepare
    const lines = captureLines();
    const { gate, open } = gated();
    const functions = LocalFunctions.of([
      { spec: spec('ingest-webform'), handler: handler('webform', gate) as never },
      { spec: spec('case-api'), handler: handler('case api', gate) as never },
    ]);

    // Act
    const first = functions.invoke('ingest-webform', {});
    const second = functions.invoke('case-api', {});
    open();
    await Promise.all([first, second]);

    // Assess
    const labels = lines
      .filter((l) => typeof l.message === 'string' && / (starts|ends)$/.test(l.message))
      .map((l) => [l.message, l.service, l.function_name]);
    expect(labels).toHaveLength(4);
    expect(labels).toEqual(
      expect.arrayContaining([
        ['webform starts', 'ingest-webform', 'ingest-webform'],
        ['webform ends', 'ingest-webform', 'ingest-webform'],
        ['case api starts', 'case-api', 'case-api'],
        ['case api ends', 'case-api', 'case-api'],
      ]),
    );
  });

  it('keeps the request id of each of two interleaved invocations of one function', async () => {
    // Prepare
    const lines = captureLines();
    const { gate, open } = gated();
    const functions = LocalFunctions.of([
      { spec: spec('get-directory'), handler: handler('directory', gate) as never },
    ]);

    // Act
    const first = functions.invoke('get-directory', {}, 'request-1');
    const second = functions.invoke('get-directory', {}, 'request-2');
    open();
    await Promise.all([first, second]);

    // Assess
    const ends = lines.filter((l) => l.message === 'directory ends').map((l) => l.function_request_id);
    expect(ends.sort()).toEqual(['request-1', 'request-2']);
  });

  it('logs with the instance logger outside a local invocation, as in AWS', () => {
    // Prepare
    const lines = captureLines();

    // Act
    logger.info('at start-up');

    // Assess: the instance's own service name (POWERTOOLS_SERVICE_NAME, which an earlier test file in
    // this worker may have set), not a local invocation's function name
    const service = process.env.POWERTOOLS_SERVICE_NAME || 'service_undefined';
    expect(lines.find((l) => l.message === 'at start-up')).toMatchObject({ service });
  });
});
