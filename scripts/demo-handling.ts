import {
  buildDirectory,
  type Directory,
  type DirectoryData,
  RATINGS,
  type Rating,
  route,
  shanghaiDate,
} from '../shared/domain/index.js';
import { COUNTER_TEXT, RATE_TEXT, RATING_TEXT, RETURN_REASON_TEXT } from '../shared/domain/labels.js';
import { eachLimited } from '../shared/each-limited.js';
import { pick, type Random, seededRandom } from '../shared/seed/appeals.js';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';
import type { BackdatedCase } from './demo-hotline.js';
import {
  EXTENSION_REASONS,
  FEEDBACK_COMMENTS,
  FORCE_CLOSE_NOTES,
  INTERNAL_NOTES,
  REJECT_EXTENSION_NOTE,
  REOPEN_NOTE,
  REOPEN_REPLIES,
  REPLIES,
  RETURN_NOTES,
} from './demo-phrases.js';
import { note, type ProgressWrite, phase } from './demo-progress.js';
import { type Answer, DemoStaff, type Json, request, waitIdle } from './staff-client.js';

// The handling phase of `npm run demo`: the demo city's departments, dispatchers, supervisors and
// citizens work the appeals the demo just sent, over HTTP as they would, so the dashboard has
// on-time and satisfaction figures to show. Seeded per case: the same seed takes the same steps.

export interface HandlingOptions {
  url: string;
  /** npm start's data dir: its key signs the staff tokens. */
  dataDir: string;
  seed: number;
  /** The demo's own cases: only these are worked, whatever else waits in the queues. */
  trackingNos: readonly string[];
  concurrency: number;
  /** When the demo started: its appeals and calls are dated from then (calls up to 75 min before). */
  startedAt: Date;
  /**
   * Cases of backdated call records, whose deadlines have passed: nobody works them, the demo waits
   * for the supervision job to mark them overdue (逾期).
   */
  backdated?: readonly BackdatedCase[];
  /** How long to wait for that (the local schedule runs every 60 s by default); default 150 s. */
  overdueWaitMs?: number;
  log?: (line: string) => void;
  /** Where the progress lines of each phase go (stderr in `npm run demo`); none by default. */
  progress?: ProgressWrite;
}

/** A rate as the metrics API gives it. */
export interface DemoRate {
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface HandlingSummary {
  /** Unrouted cases (派单目录 had no rule) a dispatcher sent from the 待派单 queue. */
  dispatchedByHand: number;
  /** The demo's cases found waiting in department queues. */
  queued: number;
  acknowledged: number;
  returned: { wrong_district: number; not_our_responsibility: number };
  redispatched: number;
  extensions: { requested: number; approved: number; rejected: number };
  /** First completions, and how many of them were on time. */
  completed: number;
  onTime: number;
  /** Left waiting in their department's queue, as some orders always are. */
  waiting: number;
  /** Completion notices carrying a one-time rating link. */
  notices: number;
  ratings: Record<Rating, number>;
  /** Cases a citizen had rated already (a run repeated with the same seed). */
  alreadyRated: number;
  /**
   * 电话回访: the follow-up call list's items an agent called (the due ones: with the default of
   * 24 hours, those whose notice could not be delivered), and what came of each call.
   */
  followUpCalls: { listed: number; rated: number; notReached: number; refused: number };
  reopened: number;
  recompleted: number;
  forceClosed: number;
  /** Cases a supervisor closed: their dossiers are archived. */
  closedCaseIds: string[];
  /** Cases closed by a satisfied rating (tracking numbers): archived too. */
  ratedClosed: string[];
  /** The latest SLA deadline among the completed cases (the on-time rate's day), if any. */
  latestDeadline?: string;
  /** The dashboard range that shows every figure of this run: from its first call to that deadline. */
  range: { from: string; to: string };
  dashboardUrl: string;
  /** Answers other than success, by error code: nothing expected, shown so nothing hides. */
  refusals: Record<string, number>;
  /** 逾期: the backdated cases, and those the supervision job marked late (slaOutcome late). */
  overdue: { sent: number; marked: { trackingNo: string; caseId: string; slaDueAt: string }[] };
  /** The headline rates of `range` from the metrics API, once the projection caught up. */
  rates?: Partial<Record<DemoRateName, DemoRate>>;
  /** 接通率 of each line that took calls in `range` (groupBy=line), against the line's target. */
  lines?: DemoLine[];
}

/** One hotline line's row of the summary. */
export interface DemoLine {
  code: string;
  name: string;
  answerRate: DemoRate & { target: number; met: boolean | null };
}

/** The rates the summary shows, in this order. */
const DEMO_RATES = [
  'answerRate',
  'onTimeRate',
  'satisfactionRate',
  'noticeDeliveryRate',
  'followUpContactRate',
  'callbackRate',
  'callbackOnTimeRate',
] as const;
type DemoRateName = (typeof DEMO_RATES)[number];

/** Shares of the demo city's behaviour. */
const SHARE = {
  returned: 0.06,
  waiting: 0.05,
  extension: 0.07,
  extensionApproved: 0.65,
  completed: 0.9,
  rated: 0.92,
  /** Of the follow-up calls: the citizen answers and rates, or does not pick up (else refuses). */
  callRated: 0.7,
  callNotReached: 0.2,
  satisfied: 0.8,
  basicallySatisfied: 0.13,
  reopened: 0.6,
} as const;
/** How many cases a supervisor force-closes. */
const FORCE_CLOSES = 2;
/** Hotline calls are dated up to 75 minutes before the demo ran (randomCallRecord). */
const CALLS_BACKDATED_MS = 2 * 3_600_000;

interface QueueCase {
  caseId: string;
  trackingNo: string;
  departmentId: string;
  category: string;
  district: string;
  urgency: string;
  dueAt: string;
}

/** FNV-1a: a case's own random stream, so the order the queues list cases in changes nothing. */
function caseRandom(seed: number, id: string): Random {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return seededRandom((seed ^ hash) >>> 0);
}

class Handling {
  readonly summary: Omit<HandlingSummary, 'range' | 'dashboardUrl' | 'rates'> = {
    queued: 0,
    dispatchedByHand: 0,
    acknowledged: 0,
    returned: { wrong_district: 0, not_our_responsibility: 0 },
    redispatched: 0,
    extensions: { requested: 0, approved: 0, rejected: 0 },
    completed: 0,
    onTime: 0,
    waiting: 0,
    notices: 0,
    ratings: { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 },
    alreadyRated: 0,
    followUpCalls: { listed: 0, rated: 0, notReached: 0, refused: 0 },
    reopened: 0,
    recompleted: 0,
    forceClosed: 0,
    closedCaseIds: [],
    ratedClosed: [],
    refusals: {},
    overdue: { sent: 0, marked: [] },
  };
  /** Cases left in their queue: a supervisor may close one the citizen withdrew. */
  readonly waiting: QueueCase[] = [];
  /**
   * Each case's place among the demo's own, by the order it was sent in: what its random draws are
   * keyed by. Not the case id or the tracking number: a web-form case id is derived from the
   * Idempotency-Key and the body's hash under the deployment's own key, so it differs from stack to
   * stack, and a seed would handle the same appeals differently on each.
   */
  private readonly ours: ReadonlyMap<string, number>;

  constructor(
    private readonly opts: HandlingOptions,
    private readonly staff: DemoStaff,
    private readonly directory: Directory,
  ) {
    this.ours = new Map(opts.trackingNos.map((trackingNo, i) => [trackingNo, i]));
  }

  isOurs(item: Json): boolean {
    return this.ours.has(item.trackingNo as string);
  }

  /** The case's own random stream for one kind of step (see `ours`). */
  private draws(kind: string, trackingNo: string): Random {
    return caseRandom(this.opts.seed, `${kind}:${this.ours.get(trackingNo) ?? trackingNo}`);
  }

  /** Success, or the refusal counted under its code. */
  private ok(answer: Answer): boolean {
    if (answer.status === 200) return true;
    const code = answer.json.error?.code ?? `http_${answer.status}`;
    this.summary.refusals[code] = (this.summary.refusals[code] ?? 0) + 1;
    return false;
  }

  /**
   * 派单: the demo's cases no rule routed wait in the dispatchers' queue; a dispatcher sends each to
   * its district's urban-management office (the seed's catch-all for 其他), or any department.
   */
  async dispatchPending(): Promise<void> {
    const items = await this.staff.list('/v1/dispatch/cases', this.staff.dispatcher());
    const departments = [...this.directory.departments.keys()].sort();
    for (const item of items) {
      if (!this.isOurs(item) || item.status !== 'pending_dispatch') continue;
      const local = `${item.district as string}-urban-management`;
      const target = this.directory.departments.has(local) ? local : (departments[0] as string);
      const dispatched = await this.staff.act(
        item.caseId as string,
        { action: 'dispatch', departmentId: target, note: '派单目录无对应规则，人工派单' },
        this.staff.dispatcher(),
      );
      if (this.ok(dispatched)) this.summary.dispatchedByHand++;
    }
  }

  /** The dispatched cases of this demo in every department's queue. */
  async queued(): Promise<QueueCase[]> {
    const found: QueueCase[] = [];
    for (const departmentId of [...this.directory.departments.keys()].sort()) {
      const items = await this.staff.list(
        `/v1/departments/${encodeURIComponent(departmentId)}/cases`,
        this.staff.department(departmentId),
      );
      for (const item of items) {
        if (!this.isOurs(item) || item.status !== 'dispatched') continue;
        found.push({
          caseId: item.caseId as string,
          trackingNo: item.trackingNo as string,
          departmentId,
          category: item.category as string,
          district: item.district as string,
          urgency: item.urgency as string,
          dueAt: item.dueAt as string,
        });
      }
    }
    this.summary.queued = found.length;
    return found;
  }

  /** 签收, perhaps 延期, then 办结 for most; a few are returned, a few wait. */
  async work(c: QueueCase): Promise<void> {
    const rng = this.draws('work', c.trackingNo);
    const draw = rng();
    if (draw < SHARE.returned) return this.returnAndRedispatch(c, rng);
    if (draw < SHARE.returned + SHARE.waiting) {
      this.summary.waiting++;
      this.waiting.push(c);
      return;
    }
    await this.acknowledgeAndComplete(c, rng);
  }

  private async acknowledgeAndComplete(c: QueueCase, rng: Random): Promise<void> {
    const department = this.staff.department(c.departmentId);
    if (!this.ok(await this.staff.act(c.caseId, { action: 'acknowledge' }, department))) return;
    this.summary.acknowledged++;
    if (rng() < SHARE.extension) await this.extension(c, rng);
    if (rng() >= SHARE.completed) return;
    const done = await this.staff.act(
      c.caseId,
      {
        action: 'complete',
        reply: pick(rng, REPLIES),
        ...(rng() < 0.5 ? { internalNote: pick(rng, INTERNAL_NOTES) } : {}),
      },
      department,
    );
    if (!this.ok(done)) return;
    this.summary.completed++;
    if (done.json.slaOutcome === 'on_time') this.summary.onTime++;
    const due = done.json.slaDueAt as string | undefined;
    if (due && (!this.summary.latestDeadline || due > this.summary.latestDeadline)) {
      this.summary.latestDeadline = due;
    }
  }

  /** 延期: the department asks for a little more time, a supervisor approves or rejects. */
  private async extension(c: QueueCase, rng: Random): Promise<void> {
    // Within any policy: an urgent case's window is 24 h, the shortest normal one 3 working days.
    const more = c.urgency === 'urgent' ? 12 * 3_600_000 : 2 * 86_400_000;
    const requested = await this.staff.act(
      c.caseId,
      {
        action: 'request_extension',
        reason: pick(rng, EXTENSION_REASONS),
        requestedDueAt: new Date(new Date(c.dueAt).getTime() + more).toISOString(),
      },
      this.staff.department(c.departmentId),
    );
    if (!this.ok(requested)) return;
    this.summary.extensions.requested++;
    const approve = rng() < SHARE.extensionApproved;
    const decided = await this.staff.act(
      c.caseId,
      approve ? { action: 'approve_extension' } : { action: 'reject_extension', note: REJECT_EXTENSION_NOTE },
      this.staff.supervisor(),
    );
    if (!this.ok(decided)) return;
    if (approve) this.summary.extensions.approved++;
    else this.summary.extensions.rejected++;
  }

  /** 退单 with a reason code, 改派 by a dispatcher, then the new department handles it. */
  private async returnAndRedispatch(c: QueueCase, rng: Random): Promise<void> {
    const reason = rng() < 0.5 ? 'wrong_district' : 'not_our_responsibility';
    const returned = await this.staff.act(
      c.caseId,
      { action: 'return', reason, note: RETURN_NOTES[reason] },
      this.staff.department(c.departmentId),
    );
    if (!this.ok(returned)) return;
    this.summary.returned[reason]++;
    const target = this.redispatchTarget(c, reason, rng);
    const redispatched = await this.staff.act(
      c.caseId,
      { action: 'redispatch', departmentId: target, note: '按派单目录改派' },
      this.staff.dispatcher(),
    );
    if (!this.ok(redispatched)) return;
    this.summary.redispatched++;
    await this.acknowledgeAndComplete({ ...c, departmentId: target }, rng);
  }

  /**
   * Where a dispatcher sends a returned order: for a wrong district, the department the catalogue
   * picks for the same category in another district; otherwise (or when none differs) another one.
   */
  private redispatchTarget(c: QueueCase, reason: string, rng: Random): string {
    if (reason === 'wrong_district') {
      const districts = [...this.directory.districts.keys()].filter((d) => d !== c.district);
      for (let left = districts.length; left > 0; left--) {
        const [district] = districts.splice(Math.floor(rng() * left), 1);
        const routed = district ? route(this.directory, c.category, district)?.departmentId : undefined;
        if (routed && routed !== c.departmentId) return routed;
      }
    }
    const others = [...this.directory.departments.keys()].filter((d) => d !== c.departmentId).sort();
    return pick(rng, others);
  }

  /** 回访: citizens rate through the link of their completion notice. */
  async rate(): Promise<void> {
    const outbox = await request(this.opts.url, 'GET', '/_local/notifications');
    if (outbox.status !== 200 || !Array.isArray(outbox.json)) {
      this.log('  未找到本地通知发件箱（/_local/notifications），跳过市民评价');
      return;
    }
    // Each case's latest notice: a re-completion's carries no link (one rating per case), and the
    // first one's token no longer holds.
    const latest = new Map<string, Json>();
    for (const notice of outbox.json as Json[]) {
      if (this.isOurs(notice)) latest.set(notice.trackingNo as string, notice);
    }
    const tokens = new Map<string, string>();
    for (const [trackingNo, notice] of latest) {
      if (typeof notice.token === 'string') tokens.set(trackingNo, notice.token);
    }
    this.summary.notices = tokens.size;
    await this.each('回访：市民点通知里的评价链接', [...tokens].sort(), async ([trackingNo, token]) => {
      const rng = this.draws('rate', trackingNo);
      if (rng() >= SHARE.rated) return;
      const draw = rng();
      const rating: Rating =
        draw < SHARE.satisfied
          ? 'satisfied'
          : draw < SHARE.satisfied + SHARE.basicallySatisfied
            ? 'basically_satisfied'
            : 'dissatisfied';
      const answer = await request(this.opts.url, 'POST', `/v1/cases/${trackingNo}/feedback`, {
        body: { token, rating, comment: pick(rng, FEEDBACK_COMMENTS[rating]) },
      });
      // A run repeated with its seed finds the citizens' earlier ratings: not a failure.
      if (answer.json.error?.code === 'already_rated') {
        this.summary.alreadyRated++;
        return;
      }
      if (!this.ok(answer)) return;
      this.summary.ratings[rating]++;
      if (answer.json.status === 'closed') this.summary.ratedClosed.push(trackingNo);
    });
  }

  /**
   * 电话回访: an agent works the follow-up call list, oldest first: takes each of the demo's items
   * (the number is shown to that agent only) and records the call's outcome.
   */
  async followUpCalls(): Promise<void> {
    const agent = this.staff.agent();
    const due = (await this.staff.list('/v1/follow-up/calls', agent)).filter((item) => this.isOurs(item));
    this.summary.followUpCalls.listed = due.length;
    await this.each('回访：话务员电话回访未评价的工单', due, async (item) => {
      const caseId = item.caseId as string;
      const rng = this.draws('call', item.trackingNo as string);
      const take = await request(
        this.opts.url,
        'POST',
        `/v1/follow-up/calls/${encodeURIComponent(caseId)}/take`,
        { token: await agent },
      );
      if (!this.ok(take)) return;
      const draw = rng();
      const rating: Rating = rng() < 0.9 ? 'satisfied' : 'basically_satisfied';
      const call =
        draw < SHARE.callRated
          ? { outcome: 'rated', rating }
          : draw < SHARE.callRated + SHARE.callNotReached
            ? { outcome: 'not_reached', note: '无人接听' }
            : { outcome: 'refused', note: '市民表示不需要回访' };
      const answer = await this.staff.act(caseId, { action: 'record_follow_up_call', ...call }, agent);
      if (!this.ok(answer)) return;
      // A rating taken by phone is a rating like the link's: it counts in the ratings too.
      if (call.outcome === 'rated') {
        this.summary.followUpCalls.rated++;
        this.summary.ratings[rating]++;
      } else if (call.outcome === 'not_reached') this.summary.followUpCalls.notReached++;
      else this.summary.followUpCalls.refused++;
    });
  }

  /** 督办: a supervisor reopens some dissatisfied cases (the department handles them again). */
  async supervise(): Promise<string[]> {
    const supervisor = this.staff.supervisor();
    const dissatisfied = (await this.staff.list('/v1/supervision/cases?queue=dissatisfied', supervisor))
      .filter((item) => this.isOurs(item))
      .sort((a, b) => String(a.caseId).localeCompare(String(b.caseId)));
    const kept: string[] = [];
    await this.each('督办：不满意的工单重办', dissatisfied, async (item) => {
      const caseId = item.caseId as string;
      const departmentId = item.departmentId as string | undefined;
      const rng = this.draws('reopen', item.trackingNo as string);
      // A case answered at intake has no department to hand it back to: it is closed instead.
      if (!departmentId || rng() >= SHARE.reopened) {
        kept.push(caseId);
        return;
      }
      if (!this.ok(await this.staff.act(caseId, { action: 'reopen', note: REOPEN_NOTE }, supervisor))) return;
      this.summary.reopened++;
      const department = this.staff.department(departmentId);
      if (!this.ok(await this.staff.act(caseId, { action: 'acknowledge' }, department))) return;
      const done = await this.staff.act(
        caseId,
        { action: 'complete', reply: pick(rng, REOPEN_REPLIES) },
        department,
      );
      if (this.ok(done)) this.summary.recompleted++;
    });
    return kept.sort();
  }

  /** 强制归档: a supervisor closes a couple with a reason; closing archives the dossier. */
  async forceClose(dissatisfied: readonly string[]): Promise<void> {
    const waiting = this.waiting.map((c) => c.caseId).sort();
    const chosen = [
      ...dissatisfied.map((caseId) => ({ caseId, note: FORCE_CLOSE_NOTES.dissatisfied })),
      ...waiting.map((caseId) => ({ caseId, note: FORCE_CLOSE_NOTES.waiting })),
    ].slice(0, FORCE_CLOSES);
    for (const { caseId, note } of chosen) {
      const closed = await this.staff.act(caseId, { action: 'close', note }, this.staff.supervisor());
      if (!this.ok(closed)) continue;
      this.summary.forceClosed++;
      this.summary.closedCaseIds.push(caseId);
      if (note === FORCE_CLOSE_NOTES.waiting) this.summary.waiting--;
    }
  }

  /** 逾期: waits until the supervision job has marked each backdated case late, or the wait ends. */
  async awaitOverdue(backdated: readonly BackdatedCase[], waitMs: number): Promise<void> {
    this.summary.overdue.sent = backdated.length;
    if (backdated.length === 0) return;
    const progress = phase(
      this.opts.progress,
      '逾期：等待督办任务标记逾期（本地默认每 60 秒运行一次）',
      backdated.length,
    );
    const left = new Map(backdated.map((c) => [c.caseId, c]));
    const until = Date.now() + waitMs;
    const supervisor = this.staff.supervisor();
    for (;;) {
      for (const [caseId, c] of [...left]) {
        const read = await this.staff.get(`/v1/cases/by-id/${encodeURIComponent(caseId)}`, supervisor);
        if (read.status === 200 && read.json.slaOutcome === 'late') {
          left.delete(caseId);
          this.summary.overdue.marked.push({
            trackingNo: (read.json.trackingNo as string | undefined) ?? c.trackingNo,
            caseId,
            slaDueAt: (read.json.slaDueAt as string | undefined) ?? (read.json.dueAt as string),
          });
          progress.tick();
        }
      }
      if (left.size === 0 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    this.summary.overdue.marked.sort((a, b) => a.slaDueAt.localeCompare(b.slaDueAt));
    progress.done(
      left.size > 0 ? `${left.size} 件未在 ${Math.round(waitMs / 1000)} 秒内标记` : '已全部标记逾期',
    );
  }

  /** `eachLimited` with a progress line for the phase. */
  private async each<T>(
    title: string,
    items: readonly T[],
    work: (item: T) => Promise<unknown>,
  ): Promise<void> {
    const progress = phase(this.opts.progress, title, items.length);
    await eachLimited(items, this.opts.concurrency, async (item) => {
      try {
        await work(item);
      } finally {
        progress.tick();
      }
    });
    progress.done();
  }

  /** A phase with nothing to count: one line saying what the demo is waiting for or doing. */
  progress(line: string): void {
    note(this.opts.progress, line);
  }

  /** 部门办理: every queued case worked, with the phase's progress line. */
  async workAll(queued: readonly QueueCase[]): Promise<void> {
    await this.each('部门办理：签收、退单改派、延期、办结', queued, (c) => this.work(c));
  }

  log(line: string): void {
    (this.opts.log ?? console.log)(line);
  }
}

/** The catalogue as the supervisors keep it (GET /v1/admin/directory); the seed if unreadable. */
async function catalogue(staff: DemoStaff): Promise<Directory> {
  const listing = await staff.get('/v1/admin/directory', staff.supervisor());
  return listing.status === 200
    ? buildDirectory(listing.json as unknown as DirectoryData)
    : buildDirectory(SEED_DIRECTORY);
}

/**
 * Works the demo's cases through their lifecycle and returns what was done, with the dashboard
 * range and URL that show it. Steps the stack refuses are counted, not thrown.
 *
 * @example
 * const summary = await handleDemoCases({ url, dataDir: '.local', seed: 42, trackingNos, concurrency: 8, startedAt });
 * summary.completed; // 办结 count
 */
export async function handleDemoCases(opts: HandlingOptions): Promise<HandlingSummary> {
  const staff = await DemoStaff.load(opts.url, opts.dataDir);
  const handling = new Handling(opts, staff, await catalogue(staff));

  handling.progress('办理：等待受理队列处理完、工单入库…');
  await waitIdle(opts.url);
  handling.progress('派单：派单员处理待派单队列（派单目录无规则的工单）…');
  await handling.dispatchPending();
  handling.progress('部门队列：各部门列出本次演示的工单…');
  const queued = await handling.queued();
  await handling.workAll(queued);
  // The notices go out from the stream: wait for them before the citizens look for their links.
  handling.progress('通知：等待办结通知发出…');
  await waitIdle(opts.url);
  await handling.rate();
  await waitIdle(opts.url);
  await handling.followUpCalls();
  await waitIdle(opts.url);
  const dissatisfied = await handling.supervise();
  handling.progress('归档：督办人员强制归档…');
  await handling.forceClose(dissatisfied);
  await handling.awaitOverdue(opts.backdated ?? [], opts.overdueWaitMs ?? 150_000);
  handling.progress('指标：等待指标投影追上…');
  await waitIdle(opts.url);

  const { summary } = handling;
  const today = shanghaiDate(new Date());
  // From the first call (or the backdated ones, whose deadlines lie before today) to the latest deadline.
  const firstDays = [
    shanghaiDate(new Date(opts.startedAt.getTime() - CALLS_BACKDATED_MS)),
    ...(opts.backdated ?? []).map((c) => c.day),
  ].sort();
  const last = summary.latestDeadline ? shanghaiDate(new Date(summary.latestDeadline)) : today;
  const range = { from: firstDays[0] as string, to: last > today ? last : today };
  const analyst = await staff.analyst();
  const dashboardUrl = `${opts.url}/dashboard?from=${range.from}&to=${range.to}#token=${analyst}`;
  const metrics = await staff.get(`/v1/metrics?from=${range.from}&to=${range.to}`, staff.analyst());
  const all = (metrics.json.total as { rates?: Record<string, DemoRate> } | undefined)?.rates;
  const rates =
    metrics.status === 200 && all
      ? Object.fromEntries(DEMO_RATES.flatMap((name) => (all[name] ? [[name, all[name]]] : [])))
      : undefined;
  const byLine = await staff.get(
    `/v1/metrics?from=${range.from}&to=${range.to}&groupBy=line`,
    staff.analyst(),
  );
  const lines =
    byLine.status === 200
      ? (
          (byLine.json.groups ?? []) as {
            key: string;
            name: string;
            rates: { answerRate: DemoLine['answerRate'] };
          }[]
        )
          .filter((g) => g.rates.answerRate.denominator > 0)
          .map((g) => ({ code: g.key, name: g.name, answerRate: g.rates.answerRate }))
      : undefined;
  return { ...summary, range, dashboardUrl, ...(rates ? { rates } : {}), ...(lines ? { lines } : {}) };
}

/** The handling summary in Chinese, and where to look. */
export function printHandling(
  summary: HandlingSummary,
  opts: { url: string; dataDir: string; seed: number },
  log: (line: string) => void = console.log,
): void {
  const ratings = RATINGS.reduce((n, r) => n + summary.ratings[r], 0);
  log('');
  log(`办理与回访（随机种子 ${opts.seed}，同一种子办理步骤相同）：`);
  if (summary.dispatchedByHand > 0) log(`  待派单（派单目录无规则）人工派单 ${summary.dispatchedByHand} 件`);
  log(
    `  部门队列中本次演示的工单 ${summary.queued} 件：签收 ${summary.acknowledged}，` +
      `退单 ${summary.returned.wrong_district + summary.returned.not_our_responsibility}` +
      `（${RETURN_REASON_TEXT.wrong_district} ${summary.returned.wrong_district}，${RETURN_REASON_TEXT.not_our_responsibility} ${summary.returned.not_our_responsibility}），` +
      `改派 ${summary.redispatched}，暂未签收 ${summary.waiting}`,
  );
  log(
    `  延期申请 ${summary.extensions.requested} 件（批准 ${summary.extensions.approved}，驳回 ${summary.extensions.rejected}）；` +
      `办结 ${summary.completed} 件，其中按时 ${summary.onTime} 件`,
  );
  log(
    `  回访：带评价链接的通知 ${summary.notices} 条，评价 ${ratings} 件` +
      `（${RATINGS.map((r) => `${RATING_TEXT[r]} ${summary.ratings[r]}`).join('，')}；` +
      `其中电话回访 ${summary.followUpCalls.rated} 件）` +
      (summary.alreadyRated > 0 ? `，此前已评价 ${summary.alreadyRated} 件` : ''),
  );
  log(
    `  督办：重办 ${summary.reopened} 件（再次办结 ${summary.recompleted} 件），强制归档 ${summary.forceClosed} 件`,
  );
  if (summary.overdue.sent > 0) {
    const example = summary.overdue.marked[0];
    log(
      `  逾期：补录的 ${summary.overdue.sent} 件历史来电无人办理，督办任务已将 ${summary.overdue.marked.length} 件标记为逾期（slaOutcome = late）` +
        (example
          ? `，例如工单 ${example.trackingNo}（期限 ${shanghaiDate(new Date(example.slaDueAt))}，已过）`
          : '；本地督办任务每 LOCAL_SCHEDULE_SECONDS 秒（默认 60）运行一次，稍后再看'),
    );
  }
  const calls = summary.followUpCalls;
  log(
    `  电话回访：回访名单中本次演示的工单 ${calls.listed} 件，电话评价 ${calls.rated}，` +
      `未接通 ${calls.notReached}，拒绝回访 ${calls.refused}`,
  );
  if (summary.rates) {
    const rates = summary.rates;
    const show = (r: DemoRate) =>
      `${r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`}（${r.numerator}/${r.denominator}）`;
    const shown = DEMO_RATES.flatMap((name) => {
      const rate = rates[name];
      return rate ? [`${RATE_TEXT[name]} ${show(rate)}`] : [];
    });
    log(`  ${summary.range.from} 至 ${summary.range.to}：${shown.join('，')}`);
  }
  if (summary.lines && summary.lines.length > 0) {
    const percent = (n: number) => `${(n * 100).toFixed(1).replace(/\.0$/, '')}%`;
    const line = ({ code, name, answerRate: r }: DemoLine) =>
      `${name === code ? code : `${code} ${name}`} ${r.value === null ? '—' : percent(r.value)}` +
      `（${r.numerator}/${r.denominator}，目标 ${percent(r.target)}${r.met === null ? '' : r.met ? '，达标' : '，未达标'}）`;
    log(`  各热线线路${RATE_TEXT.answerRate}：${summary.lines.map(line).join('；')}`);
  }
  const refusals = Object.entries(summary.refusals);
  if (refusals.length > 0) log(`  未成功的操作：${refusals.map(([c, n]) => `${c} × ${n}`).join('，')}`);

  const dataDir = opts.dataDir;
  const { from, to } = summary.range;
  const today = shanghaiDate(new Date());
  const token = new URL(summary.dashboardUrl).hash;
  const { answerRate, onTimeRate, satisfactionRate } = RATE_TEXT;
  log('');
  log('去哪里看指标：');
  if (summary.latestDeadline) {
    log(
      `  分析看板（${from} 至 ${to}）：${COUNTER_TEXT.appeals}、${answerRate}、${satisfactionRate}和${onTimeRate}。${onTimeRate}按每件工单的办理期限` +
        `（slaDueAt）当天统计，今天办结的工单期限多在今后几天，所以范围要到最晚的期限 ${to}：`,
    );
  } else {
    log(
      `  分析看板（${from} 至 ${to}）：本次没有新办结的工单；${onTimeRate}按每件工单的办理期限当天统计，` +
        '要看此前办结的工单，请把结束日期放到它们的期限之后：',
    );
  }
  if (summary.overdue.marked.length > 0) {
    log(`    范围从补录来电那天（${from}）起：逾期工单的期限在其中，按时办结率因此低于 100%。`);
  }
  log(`    ${summary.dashboardUrl}`);
  if (to !== today) {
    log(
      `  只看今天：${COUNTER_TEXT.appeals}、${answerRate}和今天收到的评价；期限多不在今天，${onTimeRate}多为空（—，看板注明原因）：`,
    );
    log(`    ${opts.url}/dashboard?from=${today}&to=${today}${token}`);
  }
  log(
    `  指标接口  curl -H "authorization: Bearer $(npm run -s token -- --role analyst --data-dir ${dataDir})" ` +
      `'${opts.url}/v1/metrics?from=${from}&to=${to}&groupBy=department'`,
  );
  log(`  从工单表重算并核对指标  npm run rebuild-metrics -- --data-dir ${dataDir}`);
  const closed = summary.closedCaseIds[0] ?? [...summary.ratedClosed].sort()[0];
  if (closed) log(`  核验归档卷宗  npm run verify-archive -- ${closed} --data-dir ${dataDir}`);
}
