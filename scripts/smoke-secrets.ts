import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDevJwt } from '../local/jwt.js';
import { readStackFile } from '../local/stack-file.js';
import { HOTLINE_SECRET_ENV, localHotlineSecret } from './hotline-client.js';
import { localWechatSecrets } from './wechat-client.js';

// Where `npm run smoke` gets what it signs and authenticates with. Never from the command line (a
// shell history and `ps` would keep it) and never printed: from the environment, a file named in the
// environment, or, against the local stack, from its data dir as every other script does.

/** What the smoke needs: the call centre's signing secret, the WeChat token, a supervisor's bearer token. */
export interface SmokeSecrets {
  readonly hotlineSecret: string;
  readonly wechatToken: string;
  readonly supervisorToken: string;
}

/** The variables, each also as `<NAME>_FILE` (a file holding the value). */
export const SMOKE_ENV = {
  hotlineSecret: HOTLINE_SECRET_ENV,
  /** The token alone, or (as a file) the whole WeChat secret's JSON as Secrets Manager holds it. */
  wechatToken: 'WECHAT_TOKEN',
  /** A supervisor's ID token for the staff API (the staff console's sign-in gives one). */
  supervisorToken: 'SMOKE_SUPERVISOR_TOKEN',
} as const;

export class SmokeSecretError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SmokeSecretError';
  }
}

/** `NAME` from the environment, else the trimmed content of the file `NAME_FILE` names. */
function fromEnvironment(name: string): string | undefined {
  const value = process.env[name];
  if (value) return value;
  const file = process.env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch (error) {
    throw new SmokeSecretError(
      `${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`,
      {
        cause: error,
      },
    );
  }
}

/** A WeChat secret's file may hold the JSON Secrets Manager keeps (`{"token": …}`) or the token alone. */
function wechatTokenOf(value: string | undefined): string | undefined {
  if (!value?.startsWith('{')) return value;
  try {
    const token = (JSON.parse(value) as { token?: unknown }).token;
    return typeof token === 'string' && token ? token : undefined;
  } catch {
    throw new SmokeSecretError(`${SMOKE_ENV.wechatToken}: the file holds no valid JSON`);
  }
}

/**
 * The data dir of the local stack `url` is, when it is one: the one given, or the default data dir
 * (LOCAL_DATA_DIR or .local) whose running stack listens at `url`. Undefined for any other URL.
 */
export function localDataDirFor(url: string, dataDir: string | undefined): string | undefined {
  if (dataDir) return resolve(dataDir);
  const candidate = resolve(process.env.LOCAL_DATA_DIR ?? '.local');
  if (!existsSync(join(candidate, 'stack.json'))) return undefined;
  return sameLocalStack(readStackFile(candidate).url, url) ? candidate : undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The same server: equal origins, or one loopback port named `localhost` on one side and `127.0.0.1` on the other. */
function sameLocalStack(running: string, url: string): boolean {
  const a = new URL(running);
  const b = new URL(url);
  if (a.origin === b.origin) return true;
  return (
    a.protocol === b.protocol && a.port === b.port && LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname)
  );
}

/**
 * The secrets from the environment; against the local stack the ones missing there come from its
 * dev secrets, and the supervisor's token is minted with its dev key (as `npm run token` does).
 * Throws a SmokeSecretError naming what is missing.
 */
export async function loadSmokeSecrets(localDataDir: string | undefined): Promise<SmokeSecrets> {
  let hotlineSecret = fromEnvironment(SMOKE_ENV.hotlineSecret);
  let wechatToken = wechatTokenOf(fromEnvironment(SMOKE_ENV.wechatToken));
  let supervisorToken = fromEnvironment(SMOKE_ENV.supervisorToken);
  if (localDataDir) {
    try {
      hotlineSecret ??= localHotlineSecret(localDataDir);
      wechatToken ??= localWechatSecrets(localDataDir).token;
    } catch (error) {
      throw new SmokeSecretError((error as Error).message, { cause: error });
    }
    supervisorToken ??= await (await loadDevJwt(localDataDir)).issue(
      { sub: 'smoke-test', role: 'supervisor' },
      { ttl: '15m' },
    );
  }
  const missing = Object.entries({ hotlineSecret, wechatToken, supervisorToken })
    .filter(([, value]) => !value)
    .map(([key]) => SMOKE_ENV[key as keyof typeof SMOKE_ENV]);
  if (missing.length > 0) {
    throw new SmokeSecretError(
      `missing ${missing.map((name) => `${name} (or ${name}_FILE)`).join(', ')} in the environment`,
    );
  }
  return { hotlineSecret, wechatToken, supervisorToken } as SmokeSecrets;
}
