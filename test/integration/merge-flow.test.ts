import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import {
  casesByTrackingNo,
  eventually,
  getStatus,
  idempotencyKey,
  idle,
  postWebform,
  routedPair,
  stack,
  uniquePhone,
  webform,
} from './helpers.js';

// 并单 through the local stack: one caller's second appeal in the same category and district joins
// the first; the citizen's number shows the master; the master's history records it, once.

type Json = Record<string, unknown>;
type HistoryEntry = { action: string; note?: string; actor: string };

/** The stored case for a tracking number, once the dispatcher has written it. */
async function storedCase(trackingNo: string): Promise<Json> {
  const [item] = await eventually(
    async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items.length > 0 ? items : undefined;
    },
    { what: `the case ${trackingNo}` },
  );
  return item as Json;
}

async function submit(body: Json, key = idempotencyKey()): Promise<string> {
  const posted = await postWebform(body, { 'idempotency-key': key });
  expect(posted.status).toBe(202);
  return posted.json.trackingNo as string;
}

describe('a repeat caller through the local stack', () => {
  const { category, district } = routedPair();
  const otherDistrict = SEED_DIRECTORY.districts
    .map((d) => d.code)
    .find((code) => code !== district) as string;
  const phone = uniquePhone();
  let supervisor: string;
  let master: Json;
  let duplicate: Json;
  let duplicateKey: string;

  async function masterHistory(): Promise<HistoryEntry[]> {
    const res = await fetch(`${stack.url}/v1/cases/by-id/${master.caseId}`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { history: HistoryEntry[] }).history;
  }

  beforeAll(async () => {
    supervisor = await (await loadDevJwt(stack.dataDir)).issue({ sub: 'it-super', role: 'supervisor' });
    master = await storedCase(await submit(webform({ phone, category, district })));
    duplicateKey = idempotencyKey();
    duplicate = await storedCase(
      await submit(
        webform({ phone, category, district, content: '还是那家餐馆，夜间施工噪音仍未停止' }),
        duplicateKey,
      ),
    );
  });

  it('creates the second appeal merged into the first, a repeat of it', () => {
    // Assess
    expect(master.status).toBe('dispatched');
    expect(duplicate).toMatchObject({
      status: 'merged',
      mergedInto: master.caseId,
      repeatOf: master.caseId,
    });
    expect(duplicate.trackingNo).not.toBe(master.trackingNo);
  });

  it("answers the duplicate's status lookup with the master's tracking number and status", async () => {
    // Act
    const lookup = await getStatus(duplicate.trackingNo as string, '5678');

    // Assess
    expect(lookup.status).toBe(200);
    expect(lookup.json).toMatchObject({
      trackingNo: master.trackingNo,
      status: 'dispatched',
      dueAt: master.dueAt,
      mergedFrom: duplicate.trackingNo,
      note: expect.stringContaining(`并入工单 ${master.trackingNo}`),
    });
  });

  it("records the duplicate in the master's history, seen by a supervisor", async () => {
    // Act
    const history = await eventually(
      async () => {
        const entries = await masterHistory();
        return entries.some((e) => e.action === 'link_duplicate') ? entries : undefined;
      },
      { what: "the master's link_duplicate entry" },
    );

    // Assess
    const links = history.filter((e) => e.action === 'link_duplicate');
    expect(links).toEqual([
      expect.objectContaining({ actor: 'system', note: expect.stringContaining(String(duplicate.caseId)) }),
    ]);
  });

  it('adds no second link when the same appeal is delivered again', async () => {
    // Act: the channel retries the very appeal (same idempotency key, so the same case)
    await submit(
      webform({ phone, category, district, content: '还是那家餐馆，夜间施工噪音仍未停止' }),
      duplicateKey,
    );
    await idle();

    // Assess
    const links = (await masterHistory()).filter((e) => e.action === 'link_duplicate');
    expect(links).toHaveLength(1);
    expect(await casesByTrackingNo(duplicate.trackingNo as string)).toHaveLength(1);
  });

  it('marks an appeal in another district a repeat, but does not merge it', async () => {
    // Act
    const elsewhere = await storedCase(await submit(webform({ phone, category, district: otherDistrict })));

    // Assess: the latest earlier case of the category is the merged duplicate
    expect(elsewhere.status).not.toBe('merged');
    expect(elsewhere.repeatOf).toBe(duplicate.caseId);
    expect(elsewhere).not.toHaveProperty('mergedInto');
  });
});
