import { randomInt, randomUUID } from 'node:crypto';
import { shanghaiDate } from '../shared/domain/index.js';
import { districtUrbanManagementId, SEED_DEPARTMENTS } from '../shared/seed/directory.js';
import { type Answer, DemoStaff, type Json, request, waitIdle } from './staff-client.js';

// The whole life of one case, step by step over HTTP against a running stack, as the README's curl
// walk does it by hand: `npm run walk` is its command line, test/integration/walk.test.ts runs it.
// Each run is a new citizen (a random mobile number, a unique Idempotency-Key), so it is never
// merged (并单) into a case of an earlier run.

export interface WalkOptions {
  url: string;
  /** npm start's data dir: its key signs the staff tokens. */
  dataDir: string;
  /** Where the steps are printed; the console by default. */
  log?: (line: string) => void;
  /** How long to wait where the system is asynchronous (intake, notices), in ms; default 30 s. */
  waitMs?: number;
}

export interface WalkResult {
  trackingNo: string;
  caseId: string;
  /** The last four digits of this run's caller: the citizens' lookup asks for them. */
  phoneLast4: string;
  /** The same number's second appeal, merged into the case by a dispatcher. */
  duplicate: { trackingNo: string };
  /** The department the catalogue routed to, which returned it, and the one it was sent to. */
  departments: { routed: string; redispatched: string };
  /** The case as the staff API answered at the end. */
  final: Json;
}

/** A step the stack refused or did not take in time: its number and name say where the walk stopped. */
export class WalkStepError extends Error {
  constructor(
    readonly step: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`「${step}」失败 (step failed): ${message}`, options);
    this.name = 'WalkStepError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A mainland mobile number of its own (13–19…), so no earlier run's case is this caller's. */
export function freshMobile(): string {
  return `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

/** The seed's catch-all department of the district, or any other one, for the redispatch. */
function otherDepartment(district: string, routed: string): string {
  const local = districtUrbanManagementId(district);
  if (local !== routed && SEED_DEPARTMENTS.some((d) => d.id === local)) return local;
  return (SEED_DEPARTMENTS.find((d) => d.id !== routed) as { id: string }).id;
}

const WALK = {
  category: 'water-supply',
  district: 'gulou',
  address: '鼓楼区中山路 18 号',
  content: '中山路 18 号门前水管爆裂，路面积水。',
  again: '中山路水管还在漏，怎么还没人来？',
} as const;

/**
 * Walks one appeal from receipt to the close: a return and redispatch, a repeat appeal a dispatcher
 * merges into it, a paused clock, an extension, completion, the citizen's dissatisfied rating through the
 * notice's one-time link, a reopen, a second completion and a supervisor's close. Prints each step
 * in Chinese and English; throws WalkStepError naming the step that failed.
 *
 * @example
 * const walk = await runWalk({ url: 'http://localhost:3000', dataDir: '.local' });
 * walk.final.status; // 'closed'
 */
export async function runWalk(opts: WalkOptions): Promise<WalkResult> {
  const log = opts.log ?? console.log;
  const url = opts.url.replace(/\/+$/, '');
  const waitMs = opts.waitMs ?? 30_000;
  const staff = await DemoStaff.load(url, opts.dataDir);
  const phone = freshMobile();
  const last4 = phone.slice(-4);
  const total = 14;
  let n = 0;

  /** Prints the step's title, runs it, and names it in the error if it throws. */
  async function step<T>(title: string, run: () => Promise<T>): Promise<T> {
    n++;
    log('');
    log(`[${n}/${total}] ${title}`);
    try {
      return await run();
    } catch (error) {
      if (error instanceof WalkStepError) throw error;
      throw new WalkStepError(`${n} ${title}`, (error as Error).message, { cause: error });
    }
  }
  const show = (line: string) => log(`      ${line}`);
  /** A 200, or the stack's refusal as the error. */
  const ok = (answer: Answer, what: string): Json => {
    if (answer.status === 200) return answer.json;
    const error = answer.json.error;
    throw new Error(`${what}: HTTP ${answer.status} ${error?.code ?? ''} ${error?.message ?? ''}`.trim());
  };
  /** Asks until `check` answers, or says what it waited for and for how long. */
  async function waitFor<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    const until = Date.now() + waitMs;
    for (let delay = 100; ; delay = Math.min(1000, delay * 2)) {
      const found = await check();
      if (found !== undefined) return found;
      if (Date.now() > until) {
        throw new Error(`等待${what}超时（${waitMs / 1000} 秒）(timed out waiting): 本地栈是否在处理队列？`);
      }
      await sleep(delay);
    }
  }
  const lookup = (trackingNo: string) =>
    request(url, 'GET', `/v1/cases/${encodeURIComponent(trackingNo)}?phoneLast4=${last4}`);
  async function submit(content: string, extra: Record<string, string> = {}): Promise<string> {
    const response = await fetch(`${url}/v1/channels/webform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `walk-${randomUUID()}` },
      body: JSON.stringify({
        type: 'complaint',
        category: WALK.category,
        district: WALK.district,
        content,
        phone,
        ...extra,
      }),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await response.json().catch(() => ({}))) as Json;
    if (response.status !== 202 || typeof json.trackingNo !== 'string') {
      throw new Error(`POST /v1/channels/webform: HTTP ${response.status} ${json.error?.code ?? ''}`);
    }
    return json.trackingNo;
  }

  const trackingNo = await step('受理 submit: a citizen reports a burst water main (web form)', async () => {
    const tracking = await submit(WALK.content, { address: WALK.address });
    show(`POST /v1/channels/webform → 202，工单号 trackingNo ${tracking}（市民手机号 phone ${phone}）`);
    return tracking;
  });

  const routed = await step('查询 lookup: wait until the case is stored and dispatched', async () => {
    // Intake is asynchronous: the 202 means queued; the dispatcher stores and routes it a moment later.
    const status = await waitFor('工单入库并派单 (the case to be stored and dispatched)', async () => {
      const answer = await lookup(trackingNo);
      return answer.status === 200 && answer.json.status !== 'received' ? answer.json : undefined;
    });
    const department = status.department as { id: string; name: string } | null;
    show(`GET /v1/cases/${trackingNo}?phoneLast4=${last4} → ${status.status}（${status.statusText}）`);
    if (!department) throw new Error(`派单目录没有派出 (not routed): ${status.status}`);
    show(`承办单位 department: ${department.name} (${department.id})`);
    return department.id;
  });
  const first = staff.department(routed);

  const caseId = await step(`部门队列 department queue: ${routed} finds the order`, async () => {
    const item = await waitFor('部门队列列出工单 (the order in the queue)', async () => {
      const items = await staff.list(`/v1/departments/${encodeURIComponent(routed)}/cases`, first);
      return items.find((i) => i.trackingNo === trackingNo);
    });
    show(`GET /v1/departments/${routed}/cases → caseId ${item.caseId}，期限 dueAt ${item.dueAt}`);
    return item.caseId as string;
  });
  const act = async (body: Record<string, unknown>, token: Promise<string>, what: string) =>
    ok(await staff.act(caseId, body, token), `${what} (${String(body.action)})`);

  const target = otherDepartment(WALK.district, routed);
  const second = staff.department(target);
  await step('退单 return → 改派 redispatch: not ours, the dispatcher sends it on', async () => {
    const returned = await act(
      { action: 'return', reason: 'not_our_responsibility', note: '市政管网，非自来水公司资产' },
      first,
      '退单',
    );
    show(`return (not_our_responsibility) → ${returned.status}`);
    const sent = await act(
      { action: 'redispatch', departmentId: target, note: '市政管网归城管' },
      staff.dispatcher(),
      '改派',
    );
    show(`redispatch → ${sent.status}，承办单位 departmentId ${sent.departmentId}`);
  });

  await step(`签收 acknowledge: ${target} accepts the order`, async () => {
    const acknowledged = await act({ action: 'acknowledge' }, second, '签收');
    show(`acknowledge → ${acknowledged.status}`);
  });

  const duplicate = await step(
    '并单 merge: the same number writes again; a dispatcher merges it',
    async () => {
      const again = await submit(WALK.again);
      show(`POST /v1/channels/webform → 202，新工单号 ${again}`);
      // A web-form phone is not verified, so intake does not merge on it: the appeal is a case of its
      // own, routed as usual and flagged (possibleDuplicateOf) for a dispatcher, who merges it.
      const flagged = await waitFor('第二条诉求入库 (the second appeal to be stored)', async () => {
        const items = await staff.list(`/v1/departments/${encodeURIComponent(routed)}/cases`, first);
        return items.find((i) => i.trackingNo === again);
      });
      const read = ok(await staff.get(`/v1/cases/by-id/${flagged.caseId}`, staff.dispatcher()), '读取工单');
      show(`疑似重复 possibleDuplicateOf ${read.possibleDuplicateOf}（身份未核验，未自动并单）`);
      const merged = ok(
        await staff.act(
          flagged.caseId as string,
          { action: 'merge', masterCaseId: caseId, note: '同一水管，并单办理' },
          staff.dispatcher(),
        ),
        '并单 (merge)',
      );
      show(`merge → ${merged.status}，mergedInto ${merged.mergedInto}`);
      const status = ok(await lookup(again), '查询');
      show(`GET /v1/cases/${again} → ${status.trackingNo}，${status.status}（${status.statusText}）`);
      show(`note: ${status.note}`);
      return { trackingNo: again };
    },
  );

  await step('中止计时 pause / resume: awaiting the citizen’s correction (补正)', async () => {
    const paused = await act(
      { action: 'pause', reason: 'awaiting_correction', note: '请市民补充漏水点照片' },
      second,
      '中止计时',
    );
    show(`pause (awaiting_correction) → ${paused.status}，pausedSince ${JSON.stringify(paused.pausedSince)}`);
    const resumed = await act({ action: 'resume' }, second, '恢复计时');
    show(`resume → dueAt ${resumed.dueAt}（暂停的时间不计入 paused time not counted）`);
  });

  await step('延期 extension: one more day, a supervisor approves', async () => {
    const current = ok(await staff.get(`/v1/cases/by-id/${caseId}`, second), '读取工单');
    const requestedDueAt = new Date(Date.parse(current.dueAt as string) + 86_400_000).toISOString();
    const requested = await act(
      { action: 'request_extension', reason: '需停水抢修', requestedDueAt },
      second,
      '延期申请',
    );
    show(`request_extension → pendingExtension ${JSON.stringify(requested.pendingExtension)}`);
    const approved = await act({ action: 'approve_extension' }, staff.supervisor(), '批准延期');
    show(
      `approve_extension (supervisor) → dueAt ${approved.dueAt}，extensionsApproved ${approved.extensionsApproved}`,
    );
  });

  await step('办结 complete: the department replies to the citizen', async () => {
    const done = await act(
      { action: 'complete', reply: '已更换爆裂管段，恢复通行。', internalNote: '抢修队 3 组' },
      second,
      '办结',
    );
    show(`complete → ${done.status}，slaOutcome ${done.slaOutcome}`);
  });

  const token = await step(
    '通知 notice: the SMS in the local outbox carries a one-time rating link',
    async () => {
      // The notice goes out from the table's stream, a moment after the completion.
      const notice = await waitFor('办结通知 (the completion notice)', async () => {
        const outbox = await request(url, 'GET', '/_local/notifications');
        if (outbox.status === 404)
          throw new Error('没有本地通知发件箱 /_local/notifications（不是 npm start 的本地栈？）');
        const list = Array.isArray(outbox.json) ? (outbox.json as Json[]) : [];
        return list.filter((x) => x.trackingNo === trackingNo && typeof x.token === 'string').at(-1);
      });
      show(
        `GET /_local/notifications → ${notice.via} 至 ${notice.to}: ${String(notice.text).replace(/\s+/g, ' ').slice(0, 60)}…`,
      );
      show(`评价链接 link: ${notice.feedbackUrl}`);
      return notice.token as string;
    },
  );

  await step('回访 rate: the citizen is dissatisfied, through the link', async () => {
    const rated = ok(
      await request(url, 'POST', `/v1/cases/${trackingNo}/feedback`, {
        body: { token, rating: 'dissatisfied', comment: '路面还没修好' },
      }),
      '评价',
    );
    show(`POST /v1/cases/${trackingNo}/feedback (dissatisfied) → ${rated.status}（${rated.statusText}）`);
    const queue = await staff.list('/v1/supervision/cases?queue=dissatisfied', staff.supervisor());
    if (!queue.some((i) => i.caseId === caseId))
      throw new Error('督办队列里没有这张工单 (not in the supervisors’ queue)');
    show('GET /v1/supervision/cases?queue=dissatisfied → 工单在督办队列中 (in the supervisors’ queue)');
  });

  await step(
    '重办 reopen → 签收 → 办结: the supervisor sends it back, the department does it again',
    async () => {
      const reopened = await act({ action: 'reopen', note: '请修复路面' }, staff.supervisor(), '重办');
      show(`reopen (supervisor) → ${reopened.status}，新期限 dueAt ${reopened.dueAt}`);
      const acknowledged = await act({ action: 'acknowledge' }, second, '签收');
      show(`acknowledge → ${acknowledged.status}`);
      const done = await act({ action: 'complete', reply: '路面已修复。' }, second, '再次办结');
      show(`complete → ${done.status}`);
    },
  );

  await step('归档 close: the supervisor closes it after a follow-up call', async () => {
    const closed = await act({ action: 'close', note: '电话回访，市民认可' }, staff.supervisor(), '归档');
    show(`close (supervisor) → ${closed.status}，closeReason ${closed.closeReason}`);
  });

  const final = await step('记录 the record: the case history and today’s figures', async () => {
    const kase = ok(await staff.get(`/v1/cases/by-id/${caseId}`, staff.supervisor()), '读取工单');
    for (const h of kase.history as { at: string; actor: string; action: string; note?: string }[]) {
      show(`${h.at}  ${h.actor.padEnd(36)} ${h.action}${h.note ? `  ${h.note}` : ''}`);
    }
    // The figures and the dossier come from the table's stream: let the consumers catch up first.
    await waitIdle(url);
    const today = shanghaiDate(new Date());
    const metrics = await staff.get(`/v1/metrics?from=${today}&to=${today}`, staff.analyst());
    if (metrics.status === 200) {
      const rates = (
        metrics.json.total as { rates: Record<string, { numerator: number; denominator: number }> }
      ).rates;
      const fraction = (name: string) => `${rates[name]?.numerator}/${rates[name]?.denominator}`;
      show(
        `GET /v1/metrics?from=${today}&to=${today} → 满意率 satisfactionRate ${fraction('satisfactionRate')}，` +
          `退单率 misrouteRate ${fraction('misrouteRate')}，重复来电率 repeatRate ${fraction('repeatRate')}`,
      );
    }
    return kase;
  });

  log('');
  log(`完成 (done): 工单 ${trackingNo}（caseId ${caseId}）已归档 closed。`);
  log(`  核验归档卷宗 verify the dossier:  npm run verify-archive -- ${caseId}`);
  log(`  市民查询 citizen lookup:         curl '${url}/v1/cases/${trackingNo}?phoneLast4=${last4}'`);
  return {
    trackingNo,
    caseId,
    phoneLast4: last4,
    duplicate,
    departments: { routed, redispatched: target },
    final,
  };
}
