import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

/** A file the function serves itself, in both encodings, with what the page needs to pin it. */
export interface StaticAsset {
  readonly raw: Buffer;
  readonly gzip: Buffer;
  /** Subresource Integrity of the raw bytes (`sha384-…`), for the page's `<script integrity>`. */
  readonly integrity: string;
  /** A short content hash for the URL (`?v=`), so a long cache never serves an old version. */
  readonly version: string;
  readonly etag: string;
}

/**
 * Loads an asset the way it is deployed or, from source (the local stack, tests), from the package.
 * In the Lambda bundle, `bundled` (written by the build, see FunctionSpec.gzippedAssets) sits beside
 * the bundle's entry, i.e. beside `import.meta.url`; from source that file does not exist, and the
 * package file is read and compressed here, once per process.
 *
 * @example
 * const echarts = loadStaticAsset('echarts.min.js.gz', 'echarts/dist/echarts.min.js');
 */
export function loadStaticAsset(
  bundled: string,
  packagePath: string,
  /** The bundle's folder; tests point it elsewhere. */
  folder: URL = new URL('./', import.meta.url),
): StaticAsset {
  const beside = fileURLToPath(new URL(bundled, folder));
  let raw: Buffer;
  let gzip: Buffer;
  if (existsSync(beside)) {
    gzip = readFileSync(beside);
    raw = gunzipSync(gzip);
  } else {
    const resolver = createRequire(import.meta.url);
    raw = readFileSync(resolver.resolve(packagePath));
    gzip = gzipSync(raw, { level: 9 });
  }
  const sha384 = createHash('sha384').update(raw).digest('base64');
  const version = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  return { raw, gzip, integrity: `sha384-${sha384}`, version, etag: `"${version}"` };
}
