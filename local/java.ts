import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** DynamoDB Local 2.x and later is built for Java 17. */
export const MIN_JAVA_MAJOR = 17;

const INSTALL_HINT =
  'Install a Java 17+ JDK (Debian/Ubuntu: `sudo apt-get install openjdk-17-jdk-headless`; macOS: ' +
  '`brew install openjdk@17`), or point JAVA_HOME at one.';

export class JavaMissingError extends Error {}

/** The java to run: JAVA_HOME's if set, else the one on PATH. Checked for its major version. */
export async function findJava(): Promise<{ bin: string; major: number }> {
  const bin = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
  let banner: string;
  try {
    // `java -version` writes to stderr.
    const { stderr, stdout } = await run(bin, ['-version'], { timeout: 10_000 });
    banner = `${stderr}${stdout}`;
  } catch {
    throw new JavaMissingError(
      `DynamoDB Local needs Java ${MIN_JAVA_MAJOR}+, and \`${bin}\` did not run. ${INSTALL_HINT}`,
    );
  }
  const major = parseJavaMajor(banner);
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java ${MIN_JAVA_MAJOR}+, found ${major ?? 'an unknown version'} (${bin}). ${INSTALL_HINT}`,
    );
  }
  return { bin, major };
}

/** `version "17.0.15"` → 17; the old scheme `version "1.8.0_402"` → 8. */
export function parseJavaMajor(banner: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

/**
 * Whether this java can run a `.java` file directly (source-file mode, JEP 330): only a JDK has
 * the jdk.compiler module it needs; a JRE does not.
 */
export async function canRunSource(bin: string): Promise<boolean> {
  try {
    const { stdout } = await run(bin, ['--list-modules'], { timeout: 10_000 });
    return /^jdk\.compiler@/m.test(stdout);
  } catch {
    return false;
  }
}
