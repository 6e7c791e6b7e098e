import { resolve } from 'node:path';
import { commandLine, targetOrExit, usageError } from './command-line.js';
import { SECRET_KINDS, secretKind } from './setup/secret-kinds.js';
import { staffUserOf } from './setup/staff-user.js';
import { createUser, seedCatalogue, setSecret } from './setup/steps.js';

// `npm run setup -- <step>`: the deployment guide's steps that are more than one AWS CLI line
// (docs/deploy.md). Each works on AWS when the deployed names it needs are in the environment (the
// stack outputs), otherwise on the local stack of the data dir, like the other operator scripts.
// Exit code 0 done, 1 refused or failed (nothing written), 2 wrong command line or no stack.

const USAGE = `usage: npm run setup -- <step> [options] [--local | --data-dir <dir>]
  secret --list                      the secrets the stacks declare, with their shape
  secret <name> [--file <path>]      store a secret: from the file, else a hidden prompt, else stdin
         [--force]                   (needed for the keys the deploy generated: replacing them orphans hashes)
                                     AWS: set <name>'s ARN variable (e.g. WECHAT_SECRET_ARN, a stack output)
  user --username <u> --email <e> --role <role> [--department <id>] [--agent <工号>]
                                     AWS: set STAFF_USER_POOL_ID and DIRECTORY_TABLE_NAME (stack outputs)
  catalogue [--file <json>]          the dispatch catalogue: the demo seed, or the city's own file
                                     AWS: set DIRECTORY_TABLE_NAME (a stack output)
  the data dir defaults to LOCAL_DATA_DIR or .local`;

const { values, positionals } = commandLine(
  {
    allowPositionals: true,
    options: {
      list: { type: 'boolean', default: false },
      file: { type: 'string' },
      force: { type: 'boolean', default: false },
      username: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      department: { type: 'string' },
      agent: { type: 'string' },
      local: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);

const [step, ...rest] = positionals;
const localAsked = values.local || values['data-dir'] !== undefined;

switch (step) {
  case 'secret': {
    if (values.list) {
      for (const kind of SECRET_KINDS)
        console.log(`${kind.name.padEnd(24)} ${kind.arnEnv.padEnd(31)} ${kind.shape}`);
      process.exit(0);
    }
    const name = rest[0];
    const kind = name === undefined ? undefined : secretKind(name);
    // A value typed after the name is refused: its place is a file or the prompt, never the command line.
    if (!kind || rest.length > 1) {
      usageError(`secret takes one of: ${SECRET_KINDS.map((k) => k.name).join(', ')} (or --list)`, USAGE);
    }
    const target = !localAsked && process.env[kind.arnEnv] ? 'aws' : 'local';
    const dataDir = resolve(values['data-dir'] ?? process.env.LOCAL_DATA_DIR ?? '.local');
    process.exit(
      await setSecret(kind, {
        target,
        dataDir,
        force: values.force,
        ...(values.file !== undefined ? { file: values.file } : {}),
      }),
    );
    break;
  }
  case 'user': {
    if (rest.length > 0) usageError(`user takes no further arguments: ${rest.join(' ')}`, USAGE);
    const user = staffUserOf(values);
    if (typeof user === 'string') usageError(user, USAGE);
    const target = targetOrExit(values, ['STAFF_USER_POOL_ID', 'DIRECTORY_TABLE_NAME'], USAGE);
    process.exit(await createUser(user, target));
    break;
  }
  case 'catalogue': {
    if (rest.length > 0) usageError(`catalogue takes no further arguments: ${rest.join(' ')}`, USAGE);
    targetOrExit(values, ['DIRECTORY_TABLE_NAME'], USAGE);
    process.exit(await seedCatalogue(values.file));
    break;
  }
  default:
    usageError(
      step === undefined ? 'name a step: secret, user or catalogue' : `unknown step: ${step}`,
      USAGE,
    );
}
