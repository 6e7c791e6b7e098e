import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStaticAsset } from '../../../functions/serve-dashboard/static-asset.js';
import { gzipAssetCommands } from '../../../infra/bundling.js';

describe('Function: gzipAssetCommands', () => {
  let dir: string;

  beforeEach(() => {
    // A space and a quote in the path: the commands must quote what CDK hands them.
    dir = mkdtempSync(join(tmpdir(), "asset it's "));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the gzipped asset beside the bundle, where the handler finds and unpacks it', () => {
    // Prepare
    const source = Buffer.from('/* 图表库 */ var echarts = {};\n'.repeat(200), 'utf8');
    writeFileSync(join(dir, 'lib.js'), source);
    const [command] = gzipAssetCommands([{ from: 'lib.js', to: 'lib.js.gz' }], dir, dir);

    // Act: the way CDK runs its bundling hooks
    execFileSync('bash', ['-c', command ?? 'false']);
    const asset = loadStaticAsset('lib.js.gz', 'not-a-package/used', pathToFileURL(`${dir}/`));

    // Assess
    const gzipped = readFileSync(join(dir, 'lib.js.gz'));
    expect(gunzipSync(gzipped).equals(source)).toBe(true);
    expect(gzipped.length).toBeLessThan(source.length);
    expect(asset.raw.equals(source)).toBe(true);
    expect(asset.gzip.equals(gzipped)).toBe(true);
  });

  it('gives one command per asset', () => {
    // Act
    const commands = gzipAssetCommands(
      [
        { from: 'a.js', to: 'a.js.gz' },
        { from: 'b.js', to: 'b.js.gz' },
      ],
      '/in',
      '/out',
    );

    // Assess
    expect(commands).toHaveLength(2);
    expect(commands[1]).toMatch(/'\/in\/b\.js' '\/out\/b\.js\.gz'$/);
  });
});
