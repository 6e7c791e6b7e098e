import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';

/**
 * The one Logger of a function instance. The service name comes from POWERTOOLS_SERVICE_NAME, set
 * per function by the CDK construct.
 */
const instanceLogger = new Logger();

/** The logger of the invocation running now, when the local stack runs one (withFunctionLogger). */
const current = new AsyncLocalStorage<Logger>();

/**
 * What every handler logs with. In AWS each function is a process of its own and this is simply its
 * Logger. The local stack runs every function in one process, where one Logger would label every
 * function's lines with the stack's service name, and an interleaved invocation's lines with the
 * Lambda context `injectLambdaContext` added last: there each invocation runs in
 * `withFunctionLogger`, and this logger is that invocation's own.
 *
 * @example
 * logger.info('directory changed', { actor, kind, id, outcome });
 */
export const logger: Logger = new Proxy(instanceLogger, {
  get(target, property) {
    const self = current.getStore() ?? target;
    const value: unknown = Reflect.get(self, property, self);
    return typeof value === 'function' ? value.bind(self) : value;
  },
});

/**
 * Runs one local invocation of `functionName` with a logger of its own, as Lambda runs each
 * concurrent invocation in an execution environment of its own: service `functionName` (as
 * POWERTOOLS_SERVICE_NAME is in AWS), and the Lambda context its `injectLambdaContext` adds.
 *
 * @example
 * await withFunctionLogger('ingest-webform', () => handler(event, context));
 */
export function withFunctionLogger<T>(functionName: string, run: () => Promise<T>): Promise<T> {
  // The level as the stack set it for its functions: this module may be loaded (by the local stack
  // itself) before that environment exists, and a child otherwise inherits the instance's level.
  const level = process.env.POWERTOOLS_LOG_LEVEL as LogLevel | undefined;
  return current.run(
    instanceLogger.createChild({ serviceName: functionName, ...(level ? { logLevel: level } : {}) }),
    run,
  );
}
