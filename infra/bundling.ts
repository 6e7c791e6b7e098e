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
 * The afterBundling command that copies a function's `staticDir` into its bundle (serve-web: the
 * Vite build), leaving out the build's own dot files (dist/.vite with the manifest, the source
 * stamp): only what is served ships. Node's fs, not `cp`, so the build needs nothing Node does not
 * bring.
 *
 * @example
 * copyStaticDirCommand({ from: 'web/dist', to: 'web' }, inputDir, outputDir)
 */
export function copyStaticDirCommand(
  dir: { readonly from: string; readonly to: string },
  inputDir: string,
  outputDir: string,
): string {
  const script =
    "const f=require('node:fs'),p=require('node:path'),[i,o]=process.argv.slice(1);" +
    'f.cpSync(i,o,{recursive:true,filter:(s)=>!p.basename(s).startsWith(String.fromCharCode(46))})';
  return `node -e "${script}" ${shellWord(`${inputDir}/${dir.from}`)} ${shellWord(`${outputDir}/${dir.to}`)}`;
}

/**
 * The afterBundling command that copies single files into a function's bundle (disclosure-desk:
 * the letter's font), creating their folders. Node's fs, as for `copyStaticDirCommand`.
 *
 * @example
 * copyFilesCommand([{ from: 'node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf', to: 'fonts/NotoSansHans-Regular.otf' }], inputDir, outputDir)
 */
export function copyFilesCommand(
  files: readonly { readonly from: string; readonly to: string }[],
  inputDir: string,
  outputDir: string,
): string {
  const script =
    "const f=require('node:fs'),p=require('node:path'),a=process.argv.slice(1);" +
    'for(let i=0;i<a.length;i+=2){f.mkdirSync(p.dirname(a[i+1]),{recursive:true});f.copyFileSync(a[i],a[i+1])}';
  const args = files.flatMap((file) => [
    shellWord(`${inputDir}/${file.from}`),
    shellWord(`${outputDir}/${file.to}`),
  ]);
  return `node -e "${script}" ${args.join(' ')}`;
}
