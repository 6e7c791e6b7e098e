import { resolve } from 'node:path';
import { loadDevJwt } from '../local/jwt.js';
import { STAFF_ROLES } from '../shared/http/staff-claims.js';
import { commandLine, usageError } from './command-line.js';

// `npm run -s token -- --role department --department water-group [--sub alice] [--ttl 8h]`: a dev
// staff token for the local stack, signed with the data dir's key. Only the token goes to stdout, so
// `TOKEN=$(npm run -s token -- --role analyst)` works.

const USAGE = `usage: npm run -s token -- --role <${STAFF_ROLES.join('|')}> [--department <id>]
       [--agent <CTI agent id>] [--sub <user>] [--ttl 8h] [--data-dir .local]
  --department is required for --role department; --agent is the 工号 the CTI reports (the agent's
  calls on GET /v1/agent/calls); the data dir defaults to LOCAL_DATA_DIR or .local`;

const { values } = commandLine(
  {
    options: {
      role: { type: 'string' },
      department: { type: 'string' },
      agent: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      'data-dir': { type: 'string', default: process.env.LOCAL_DATA_DIR ?? '.local' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);
const role = values.role as (typeof STAFF_ROLES)[number] | undefined;
if (!role || !STAFF_ROLES.includes(role)) {
  usageError(`--role must be one of ${STAFF_ROLES.join(', ')}`, USAGE);
}
if (role === 'department' && !values.department) {
  usageError('--role department needs --department <id>', USAGE);
}

const jwt = await loadDevJwt(resolve(values['data-dir']));
try {
  const token = await jwt.issue(
    {
      sub: values.sub ?? `${role}-dev`,
      role,
      ...(values.department ? { departmentId: values.department } : {}),
      ...(values.agent ? { agentId: values.agent } : {}),
    },
    { ttl: values.ttl },
  );
  console.log(token);
} catch (error) {
  // jose refuses a time span it cannot read (`--ttl 3600` has no unit): say so, not a stack trace.
  console.error(`${(error as Error).message} (--ttl takes e.g. 8h, 30m, 2d)\n${USAGE}`);
  process.exit(2);
}
