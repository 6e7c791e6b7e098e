/**
 * How every function is bundled. The CDK construct and the benchmark both read these values, so
 * what is measured is what is deployed.
 */
export const BUNDLING = {
  /** The Lambda runtime is nodejs22.x. */
  target: 'node22',
  format: 'esm' as const,
  minify: true,
  sourcemap: true,
  /** ESM bundles still meet CommonJS dependencies that call `require`. */
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  mainFields: ['module', 'main'],
  /**
   * The AWS SDK is bundled, not taken from the runtime: the version tested is the version run,
   * and tree-shaking keeps only the clients a function uses.
   */
  externalModules: [] as string[],
} as const;

// package.json declares `"sideEffects": false`: no module of this project does work merely by being
// imported, so esbuild drops the core's modules a function does not use (the lifecycle tables, the
// calendar data, other channels' schemas) instead of building them on every cold start.

/** A path as one POSIX shell word: CDK runs the bundling hooks through `bash -c`. */
function shellWord(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/**
 * The commands that write a function's `gzippedAssets` beside its bundle (CDK's afterBundling hook).
 * Node's own zlib, not a `gzip` binary, so the build needs nothing Node does not bring.
 *
 * @example
 * gzipAssetCommands([{ from: 'node_modules/echarts/dist/echarts.min.js', to: 'echarts.min.js.gz' }], root, out);
 */
export function gzipAssetCommands(
  assets: readonly { readonly from: string; readonly to: string }[],
  inputDir: string,
  outputDir: string,
): string[] {
  const script =
    "const z=require('node:zlib'),f=require('node:fs'),[i,o]=process.argv.slice(1);" +
    'f.writeFileSync(o,z.gzipSync(f.readFileSync(i),{level:9}))';
  return assets.map(
    (a) => `node -e "${script}" ${shellWord(`${inputDir}/${a.from}`)} ${shellWord(`${outputDir}/${a.to}`)}`,
  );
}
