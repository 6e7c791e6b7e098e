import { STACK_ENV_NAMES } from '../unit/setup-env.js';
import { stack } from './helpers.js';

/**
 * The environment of an operator's shell that has never seen the test stack: none of the variables
 * the stack added to this process (table names, endpoints) — with them the scripts would take the
 * AWS path — and the stack's data dir and port, as `npm start` leaves them for the scripts to find.
 */
export function operatorEnv(): NodeJS.ProcessEnv {
  const stackNames = new Set((process.env[STACK_ENV_NAMES] ?? '').split(','));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !stackNames.has(name) && !name.endsWith('_TABLE_NAME')),
  );
  return {
    ...env,
    LOCAL_DATA_DIR: stack.dataDir,
    PORT: new URL(stack.url).port,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
