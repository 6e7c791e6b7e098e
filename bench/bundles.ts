import { execFile } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { BUNDLING } from '../infra/bundling.js';
import { entryOf, type FunctionSpec } from '../infra/functions.js';
import {
  type MedianInterval,
  median,
  medianInterval,
  pairRatios,
  type Verdict,
  verdictAgainst,
} from './pair-ratios.js';

// Each function's bundle against a floor: a bundle built the same way whose entry only imports the
// AWS SDK clients (and their commands) the function's bundle contains. The difference is what our
// code and its other dependencies (middy, Powertools, zod) cost in size and cold-start import time.

const run = promisify(execFile);

export interface BundleMeasurement {
  bytes: number;
  /** Median of the runs, in milliseconds, of `await import(bundle)` in a fresh node process. */
  importMs: number;
  importRuns: number[];
  /** The same imports' CPU time (user + system, every thread of the process), ms. */
  importCpuMs: number;
  importCpuRuns: number[];
}

/** The cold-import ratio from pairs of fresh processes (handler, floor) taken one after the other. */
export interface ImportComparison {
  pairs: number;
  /** handler / floor of each pair, in the order taken. */
  ratios: number[];
  /** The pair ratios' median and its distribution-free 95 % confidence interval. */
  interval: MedianInterval;
  /** Against the target: `undecided` while the interval holds it (spread wider than the margin). */
  verdict: Verdict;
  /**
   * The same pairs by CPU time instead of wall time: not the issue's figure (a cold start waits
   * wall time), but far less moved by other work on the machine, so it shows which way an
   * undecided wall-time ratio leans.
   */
  cpu: { ratios: number[]; interval: MedianInterval; verdict: Verdict };
}

export interface FunctionBundleResult {
  name: string;
  /** The SDK packages found in the function's bundle, with the symbols the floor re-exports. */
  sdk: Record<string, string[]>;
  handler: BundleMeasurement;
  floor: BundleMeasurement;
  /** The largest packages in the handler bundle besides the SDK, bytes in the output: where to look. */
  heaviest: { pkg: string; bytes: number }[];
  /** handler / floor; absent when the floor is empty (the function uses no AWS SDK client). */
  sizeRatio?: number;
  /** The median of the pair ratios (`imports.interval.median`). */
  importRatio?: number;
  imports?: ImportComparison;
}

/** What a handler reads from its environment to import without error; nothing is called. */
function childEnv(spec: FunctionSpec): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: spec.name,
    POWERTOOLS_METRICS_NAMESPACE: 'Bench',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    CASES_TABLE_NAME: 'bench-cases',
    DIRECTORY_TABLE_NAME: 'bench-directory',
    INTAKE_QUEUE_URL: 'http://localhost:1/000000000000/bench-intake',
    ARCHIVE_BUCKET_NAME: 'bench-archive',
  };
}

async function bundle(
  root: string,
  entry: { file: string } | { contents: string },
  outfile: string,
): Promise<{ bytes: number; metafile: Metafile }> {
  const result = await build({
    absWorkingDir: root,
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: 'js', sourcefile: 'floor.js' } }),
    outfile,
    bundle: true,
    platform: 'node',
    target: BUNDLING.target,
    format: BUNDLING.format,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourcemap,
    banner: { js: BUNDLING.banner },
    mainFields: [...BUNDLING.mainFields],
    external: [...BUNDLING.externalModules],
    metafile: true,
    logLevel: 'silent',
  });
  return { bytes: (await stat(outfile)).size, metafile: result.metafile };
}

const SDK_INPUT = /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb))\/dist-[a-z]+\/(.+)\.js$/;

/**
 * The SDK packages a bundle contains and, for each, its client class and the commands it bundles:
 * the floor re-exports exactly these, so the floor is the function's own SDK footprint.
 */
function keptInputs(metafile: Metafile): { input: string; bytes: number }[] {
  // `inputs` lists every file parsed; an output's inputs with bytes are what tree-shaking kept.
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, info]) => info.bytesInOutput > 0)
      .map(([input, info]) => ({ input, bytes: info.bytesInOutput })),
  );
}

/** Output bytes per package (our own code counts as `(project)`), largest first, SDK left out. */
export function heaviestPackages(metafile: Metafile, top = 6): { pkg: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const { input, bytes } of keptInputs(metafile)) {
    const at = input.lastIndexOf('node_modules/');
    const rest = at < 0 ? '' : input.slice(at + 'node_modules/'.length);
    const parts = rest.split('/');
    const pkg = at < 0 ? '(project)' : rest.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? rest);
    if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg.startsWith('@aws-crypto/')) continue;
    totals.set(pkg, (totals.get(pkg) ?? 0) + bytes);
  }
  return [...totals]
    .map(([pkg, bytes]) => ({ pkg, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

export function sdkFootprint(metafile: Metafile): Record<string, string[]> {
  const footprint: Record<string, Set<string>> = {};
  for (const { input } of keptInputs(metafile)) {
    const match = SDK_INPUT.exec(input.slice(input.lastIndexOf('node_modules/')));
    if (!match?.[1] || !match[2]) continue;
    const [pkg, file] = [match[1], match[2]];
    const symbols = footprint[pkg] ?? new Set<string>();
    footprint[pkg] = symbols;
    const command = /^commands\/([A-Za-z0-9]+Command)$/.exec(file)?.[1];
    const client = /^([A-Za-z0-9]+Client)$/.exec(file)?.[1];
    if (command) symbols.add(command);
    if (client) symbols.add(client);
  }
  return Object.fromEntries(
    Object.entries(footprint)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([pkg, symbols]) => [pkg, [...symbols].sort()]),
  );
}

function floorEntry(sdk: Record<string, string[]>): string {
  const lines = Object.entries(sdk)
    .filter(([, symbols]) => symbols.length > 0)
    // Aliased: two packages may export commands of the same name (TagResourceCommand).
    .map(
      ([pkg, symbols], i) =>
        `export { ${symbols.map((s) => `${s} as p${i}_${s}`).join(', ')} } from '${pkg}';`,
    );
  return lines.length > 0 ? lines.join('\n') : 'export {};';
}

const IMPORT_PROBE = [
  'const cpu = process.cpuUsage();',
  'const started = performance.now();',
  'await import(process.argv[1]);',
  'const ms = performance.now() - started;',
  'const used = process.cpuUsage(cpu);',
  "process.stdout.write('\\nBENCH_IMPORT_MS=' + ms + ' BENCH_IMPORT_CPU_MS=' + (used.user + used.system) / 1000 + '\\n');",
].join('\n');

/** One cold import in a fresh process: its wall time and its CPU time, ms. */
async function importMs(file: string, env: Record<string, string>): Promise<{ wall: number; cpu: number }> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(file).href],
    {
      env,
      timeout: 60_000,
    },
  );
  const match = /BENCH_IMPORT_MS=([\d.]+) BENCH_IMPORT_CPU_MS=([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`no import time from ${file}: ${stdout.slice(0, 200)}`);
  return { wall: Number(match[1]), cpu: Number(match[2]) };
}

/**
 * Bundles one function and its floor into `outDir` and times their cold imports in pairs of fresh
 * processes, handler then floor, then floor then handler (ABBA: neither always goes first), so a
 * drift of the machine's load hits both of a pair alike. After `runs` pairs, while the import
 * ratio's interval still holds `target`, one more pair at a time up to `maxRuns`.
 *
 * @example const result = await measureFunction(root, FUNCTIONS[0], '/tmp/bench', { runs: 11, maxRuns: 31, target: 1.3 });
 */
export async function measureFunction(
  root: string,
  spec: FunctionSpec,
  outDir: string,
  options: { runs: number; maxRuns: number; target: number },
): Promise<FunctionBundleResult> {
  const dir = join(outDir, spec.name);
  await mkdir(dir, { recursive: true });
  // `.mjs`: node loads the bundles as ES modules without a package.json beside them.
  const handler = await bundle(root, { file: entryOf(spec) }, join(dir, 'handler.mjs'));
  const sdk = sdkFootprint(handler.metafile);
  const floorSource = floorEntry(sdk);
  await writeFile(join(dir, 'floor-entry.js'), `${floorSource}\n`);
  const floor = await bundle(root, { contents: floorSource }, join(dir, 'floor.mjs'));

  const env = childEnv(spec);
  const handlerRuns: number[] = [];
  const floorRuns: number[] = [];
  const handlerCpu: number[] = [];
  const floorCpu: number[] = [];
  const timeHandler = async () => {
    const t = await importMs(join(dir, 'handler.mjs'), env);
    handlerRuns.push(t.wall);
    handlerCpu.push(t.cpu);
  };
  const timeFloor = async () => {
    const t = await importMs(join(dir, 'floor.mjs'), env);
    floorRuns.push(t.wall);
    floorCpu.push(t.cpu);
  };
  const pair = async () => {
    const handlerFirst = handlerRuns.length % 2 === 0;
    if (handlerFirst) await timeHandler();
    await timeFloor();
    if (!handlerFirst) await timeHandler();
  };
  const comparable = Object.keys(sdk).length > 0;
  const verdictNow = () => verdictAgainst(medianInterval(pairRatios(handlerRuns, floorRuns)), options.target);
  while (handlerRuns.length < options.runs) await pair();
  // The import verdict stands for itself (it is what a cold start pays), whatever the size's.
  while (comparable && handlerRuns.length < options.maxRuns && verdictNow() === 'undecided') await pair();
  const result: FunctionBundleResult = {
    name: spec.name,
    sdk,
    heaviest: heaviestPackages(handler.metafile),
    handler: {
      bytes: handler.bytes,
      importMs: median(handlerRuns),
      importRuns: handlerRuns,
      importCpuMs: median(handlerCpu),
      importCpuRuns: handlerCpu,
    },
    floor: {
      bytes: floor.bytes,
      importMs: median(floorRuns),
      importRuns: floorRuns,
      importCpuMs: median(floorCpu),
      importCpuRuns: floorCpu,
    },
  };
  if (comparable) {
    const ratios = pairRatios(handlerRuns, floorRuns);
    const interval = medianInterval(ratios);
    const cpuRatios = pairRatios(handlerCpu, floorCpu);
    const cpuInterval = medianInterval(cpuRatios);
    result.sizeRatio = result.handler.bytes / result.floor.bytes;
    result.importRatio = interval.median;
    result.imports = {
      pairs: ratios.length,
      ratios,
      interval,
      verdict: verdictAgainst(interval, options.target),
      cpu: { ratios: cpuRatios, interval: cpuInterval, verdict: verdictAgainst(cpuInterval, options.target) },
    };
  }
  return result;
}
