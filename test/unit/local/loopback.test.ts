import { Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dynamoDbLocalArgs, LOOPBACK_LAUNCHER } from '../../../local/dynamodb-local.js';
import { onLoopback } from '../../../local/loopback.js';

describe('Function: onLoopback', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Server#listen replaced by a recorder, so nothing listens. */
  function recordListens(): unknown[][] {
    const calls: unknown[][] = [];
    vi.spyOn(Server.prototype, 'listen').mockImplementation(function (this: Server, ...args: unknown[]) {
      calls.push(args);
      return this;
    });
    return calls;
  }

  it.each([
    ['options with 0.0.0.0', [{ port: 0, host: '0.0.0.0' }], [{ port: 0, host: '127.0.0.1' }]],
    ['options with ::', [{ port: 4566, host: '::' }], [{ port: 4566, host: '127.0.0.1' }]],
    ['options without a host', [{ port: 0 }], [{ port: 0, host: '127.0.0.1' }]],
    ['a port alone', [4566], [4566, '127.0.0.1']],
    ['a port and 0.0.0.0', [4566, '0.0.0.0'], [4566, '127.0.0.1']],
    ['no arguments', [], [0, '127.0.0.1']],
  ])('binds a wildcard listen (%s) to 127.0.0.1', async (_what, args, expected) => {
    // Prepare
    const calls = recordListens();

    // Act
    await onLoopback(async () => new Server().listen(...(args as [])));

    // Assess
    expect(calls).toEqual([expected]);
  });

  it('leaves a listen that names a host as it is', async () => {
    // Prepare
    const calls = recordListens();

    // Act
    await onLoopback(async () => new Server().listen({ port: 0, host: '::1' }));

    // Assess
    expect(calls).toEqual([[{ port: 0, host: '::1' }]]);
  });

  it('puts listen back afterwards, also when the start fails', async () => {
    // Prepare
    const calls = recordListens();
    const recorder = Server.prototype.listen;

    // Act
    const started = onLoopback(async () => {
      throw new Error('fauxqs did not start');
    });

    // Assess
    await expect(started).rejects.toThrow('fauxqs did not start');
    expect(Server.prototype.listen).toBe(recorder);
    new Server().listen({ port: 0, host: '0.0.0.0' });
    expect(calls).toEqual([[{ port: 0, host: '0.0.0.0' }]]);
  });
});

describe('Function: dynamoDbLocalArgs', () => {
  it('runs DynamoDB Local through the loopback launcher when java can run a source file', () => {
    // Act
    const args = dynamoDbLocalArgs({
      dir: '/ddb',
      jar: '/ddb/DynamoDBLocal.jar',
      port: 8000,
      loopback: true,
    });

    // Assess
    expect(args).not.toContain('-jar');
    expect(args.slice(args.indexOf('-cp'), args.indexOf(LOOPBACK_LAUNCHER) + 1)).toEqual([
      '-cp',
      '/ddb/DynamoDBLocal.jar:/ddb/DynamoDBLocal_lib/*',
      LOOPBACK_LAUNCHER,
    ]);
    expect(args.slice(args.indexOf(LOOPBACK_LAUNCHER) + 1)).toEqual([
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      '8000',
      '-inMemory',
    ]);
  });

  it("falls back to the jar's own main without a compiler", () => {
    // Act
    const args = dynamoDbLocalArgs({
      dir: '/ddb',
      jar: '/ddb/DynamoDBLocal.jar',
      port: 8000,
      dbPath: '/data/dynamodb',
      loopback: false,
    });

    // Assess
    expect(args.slice(args.indexOf('-jar'))).toEqual([
      '-jar',
      '/ddb/DynamoDBLocal.jar',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      '8000',
      '-dbPath',
      '/data/dynamodb',
    ]);
  });
});
