import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { LOCAL_NAMES } from '../../local/resources.js';
import { liveCounters } from '../../shared/adapters/metrics-rebuild.js';
import { shanghaiDate } from '../../shared/domain/working-days.js';
import { casesByTrackingNo, ddb, idle, stack } from './helpers.js';

// `npm run smoke` as an operator runs it after a deploy, here against the test stack found through
// its data dir: three verdicts, the two cases closed as smoke, and the figures as they were before.

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);

/** The smoke script's exit code and output (execFile rejects on a non-zero exit, with both). */
async function smoke(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      'npx',
      ['tsx', 'scripts/smoke.ts', '--url', url, '--data-dir', stack.dataDir, '--wait', '30'],
      {
        cwd: ROOT,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        timeout: 120_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * What an appeal and a call add: the counters compared. Other counters of today (a notice of an
 * earlier file delivered meanwhile, a rating) may move while the smoke runs, with no part in it.
 */
const SMOKE_COUNTERS = [
  'appeals',
  'dispatches',
  'directResolutions',
  'repeats',
  'merged',
  'callsQueued',
  'callsAnswered',
  'callsAnsweredIn15s',
  'callsAbandoned',
] as const;

/** The smoke's counters of `counts`, without zeros: an item at zero reads as no item. */
function smokeCounts(counts: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(
    SMOKE_COUNTERS.flatMap((name) => (counts[name] ? [[name, counts[name] as number]] : [])),
  );
}

/** Today's live counters (metrics table) and the metrics API's rows for today, by key. */
async function figures(analyst: string) {
  const today = shanghaiDate(new Date());
  const live = [...(await liveCounters(ddb, LOCAL_NAMES.metricsTable))]
    .filter(([id]) => id.split('|')[1]?.startsWith(today))
    .map(([id, counters]) => [id, smokeCounts(counters)] as const)
    .filter(([, counts]) => Object.keys(counts).length > 0);
  const api = async (groupBy: string) => {
    const res = await fetch(`${stack.url}/v1/metrics?from=${today}&to=${today}&groupBy=${groupBy}`, {
      headers: { authorization: `Bearer ${analyst}` },
    });
    expect(res.status).toBe(200);
    // A channel or department seen only by the smoke keeps a row of zeros (its aggregate item stays,
    // at zero): the same figures as no row, so rows of zeros are left out on both sides.
    const report = (await res.json()) as {
      total: { counts: Record<string, number> };
      groups: { key: string; counts: Record<string, number> }[];
    };
    return {
      total: smokeCounts(report.total.counts),
      groups: Object.fromEntries(
        report.groups
          .map((g) => [g.key, smokeCounts(g.counts)] as const)
          .filter(([, counts]) => Object.keys(counts).length > 0),
      ),
    };
  };
  return {
    live: Object.fromEntries(live),
    byDepartment: await api('department'),
    byLine: await api('line'),
    byChannel: await api('channel'),
  };
}

describe('Script: npm run smoke', () => {
  let analyst: string;

  beforeAll(async () => {
    analyst = await (await loadDevJwt(stack.dataDir)).issue({ sub: 'it-smoke-analyst', role: 'analyst' });
  });

  it('passes every channel, closes its cases as smoke and leaves the figures as they were', {
    timeout: 180_000,
  }, async () => {
    // Prepare
    await idle();
    const before = await figures(analyst);

    // Act
    const { code, stdout } = await smoke(stack.url);
    await idle();
    const after = await figures(analyst);

    // Assess
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/^hotline +OK +dispatched in \d+\.\d s \(工单 \d{6}-[0-9A-Z]{4}-[0-9A-Z]{4} → /m);
    expect(stdout).toMatch(/^webform +OK +dispatched in \d+\.\d s \(工单 /m);
    expect(stdout).toMatch(/^wechat +OK +verified in .*refused \(401\)$/m);
    const trackingNos = [...stdout.matchAll(/工单 (\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4})/g)].map(
      (m) => m[1] as string,
    );
    expect(trackingNos).toHaveLength(2);
    for (const trackingNo of trackingNos) {
      const [kase] = await casesByTrackingNo(trackingNo);
      expect(kase).toMatchObject({ status: 'closed', closeReason: 'smoke' });
    }
    const runId = /^smoke (smoke-\S+) against /m.exec(stdout)?.[1];
    const call = await ddb.send(
      new GetCommand({ TableName: stack.resources.casesTable, Key: { pk: `CALL#${runId}`, sk: 'CALL' } }),
    );
    expect(call.Item).toMatchObject({ disposition: 'answered', test: true });
    expect(after).toEqual(before);
  });

  it('fails every channel against an address nothing answers, exit 1', { timeout: 120_000 }, async () => {
    // Prepare
    const url = `http://127.0.0.1:${await closedPort()}`;

    // Act
    const { code, stdout } = await smoke(url);

    // Assess
    expect(code).toBe(1);
    expect(stdout).toMatch(/^hotline +FAIL .*ECONNREFUSED/m);
    expect(stdout).toMatch(/^webform +FAIL /m);
    expect(stdout).toMatch(/^wechat +FAIL /m);
  });

  it('refuses a command line without --url, exit 2', { timeout: 60_000 }, async () => {
    // Act
    const { code, stderr } = await run('npx', ['tsx', 'scripts/smoke.ts'], { cwd: ROOT }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('--url is required');
  });
});
