import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { documentClient } from '../../shared/adapters/clients.js';
import { DynamoDirectoryStore } from '../../shared/adapters/directory-store.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import { parseCatalogue, writeCatalogue } from '../catalogue.js';
import { readSecretValue } from './read-secret.js';
import { type SecretKind, withLocalValues } from './secret-kinds.js';
import { adminCreateUserArgs, devTokenCommand, type StaffUser } from './staff-user.js';

// The effects of `npm run setup -- <step>`, on AWS or on the local stack; scripts/setup.ts reads the
// command line and chooses the target. Each returns the exit code: 0 done, 1 refused or failed
// (nothing written).

const log = (line: string) => console.log(line);
const fail = (line: string) => {
  console.error(line);
  return 1;
};

/**
 * `secret <name>`: reads the value (file, hidden prompt or stdin), checks it as the functions will
 * read it, and stores it: PutSecretValue on the secret whose ARN is in `kind.arnEnv` (AWS), or the
 * local stack's dev-secrets.json in `dataDir`. Neither the value nor a part of it is ever printed.
 */
export async function setSecret(
  kind: SecretKind,
  o: { target: 'aws' | 'local'; file?: string; dataDir: string; force: boolean },
): Promise<number> {
  if (kind.replacing && !o.force) {
    return fail(`${kind.name} 由部署生成，一般不需要设置。${kind.replacing}。确需更换请加 --force。`);
  }
  let value: string;
  try {
    value = await readSecretValue({ ...(o.file !== undefined ? { file: o.file } : {}), name: kind.name });
  } catch (error) {
    return fail(
      `读取 ${kind.name} 的值失败：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (value === '') return fail(`${kind.name} 的值为空，未写入`);
  let local: Record<string, string> | undefined;
  try {
    local = kind.check(value);
  } catch (error) {
    return fail(`${kind.name} 的值不合格式，未写入：${(error as Error).message}\n  格式：${kind.shape}`);
  }
  if (o.target === 'aws') {
    const arn = process.env[kind.arnEnv] as string;
    const client = new SecretsManagerClient({});
    try {
      await client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value }));
    } catch (error) {
      return fail(
        `写入 Secrets Manager 失败（${arn}）：${(error as Error).name}: ${(error as Error).message}`,
      );
    } finally {
      client.destroy();
    }
    log(`已写入 ${kind.name}（${arn}）的新版本；函数在 15 分钟内读到新值（缓存到期后）`);
    return 0;
  }
  if (local === undefined) {
    log(`${kind.name} 格式正确。本地栈的短信服务是模拟的，用它自己的凭据：本地无需写入`);
    return 0;
  }
  const file = join(o.dataDir, 'dev-secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  mkdirSync(o.dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(withLocalValues(stored, kind, local), null, 2)}\n`, { mode: 0o600 });
  log(`已写入 ${kind.name} 到本地栈的 ${file}`);
  log(
    existsSync(join(o.dataDir, 'stack.json'))
      ? '  本地栈正在运行：它只在启动时读取开发密钥，请重启 npm start 使新值生效'
      : '  下次 npm start 时生效（npm start -- --fresh 会清空数据目录，连同这些密钥）',
  );
  return 0;
}

/** The department is in the catalogue the stack dispatches with (a typo would make a user who sees nothing). */
async function departmentKnown(departmentId: string): Promise<boolean> {
  const table = process.env.DIRECTORY_TABLE_NAME as string;
  const listing = await new DynamoDirectoryStore(documentClient(), table).list();
  return listing.departments.some((d) => d.id === departmentId);
}

const run = promisify(execFile);

/**
 * `user`: in AWS, AdminCreateUser in the pool `STAFF_USER_POOL_ID` through the AWS CLI (the
 * project does not depend on the Cognito SDK), after checking the department against the
 * catalogue. Locally the development issuer has no accounts: nothing to create, and the step says
 * so and prints the dev token with the same claims.
 */
export async function createUser(user: StaffUser, target: 'aws' | 'local'): Promise<number> {
  if (user.departmentId && !(await departmentKnown(user.departmentId))) {
    return fail(
      `目录中没有单位 ${user.departmentId}：请先导入目录（npm run setup -- catalogue），或检查单位编号`,
    );
  }
  if (target === 'local') {
    log('本地栈的开发登录页没有账号：登录控制台时选择角色与单位即可，无需创建用户。');
    log('同样身份的令牌：');
    log(`  ${devTokenCommand(user)}`);
    return 0;
  }
  const pool = process.env.STAFF_USER_POOL_ID as string;
  try {
    await run('aws', adminCreateUserArgs(pool, user), { maxBuffer: 1024 * 1024 });
  } catch (error) {
    const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    if (/UsernameExistsException/.test(detail)) {
      return fail(
        `用户 ${user.username} 已存在，未改动。改角色或单位：aws cognito-idp admin-update-user-attributes --user-pool-id ${pool} --username ${user.username} --user-attributes Name=custom:role,Value=<角色>`,
      );
    }
    return fail(`创建用户失败：${detail}`);
  }
  log(
    `已在用户池 ${pool} 创建 ${user.username}（${user.role}${user.departmentId ? `，单位 ${user.departmentId}` : ''}）`,
  );
  log(`  临时密码已由 Cognito 发到 ${user.email}；首次登录改密码并绑定身份验证器（TOTP）`);
  return 0;
}

/** `catalogue`: the demo city's seed, or the file's catalogue once it passes every check. */
export async function seedCatalogue(file: string | undefined): Promise<number> {
  let data = SEED_DIRECTORY;
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return fail(`读取目录文件失败：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const parsed = parseCatalogue(text);
    if (!parsed.ok) return fail(`目录文件 ${file} 未通过检查，未写入：\n  ${parsed.problems.join('\n  ')}`);
    data = parsed.data;
  }
  try {
    for (const line of await writeCatalogue(
      documentClient(),
      process.env.DIRECTORY_TABLE_NAME as string,
      data,
    )) {
      log(line);
    }
  } catch (error) {
    return fail(`写入目录失败：${(error as Error).message}`);
  }
  return 0;
}
