import type { AnnualReportTable } from '../shared/domain/disclosure/annual-report.js';
import {
  CREDIT_CODE_CHARACTERS,
  creditCheckCharacter,
  idCheckCharacter,
} from '../shared/domain/disclosure/identity-numbers.js';
import { shanghaiDate } from '../shared/domain/working-days.js';
import { type Random, seededRandom } from '../shared/seed/appeals.js';
import { annualReportText } from './annual-report-text.js';
import { type Answer, DemoStaff, type Json, request, waitIdle } from './staff-client.js';

// 依申请公开 in `npm run demo`: a handful of 政府信息公开申请 from citizens and organisations — on the
// web form (on-line) and entered by the disclosure office (by post and in person) — with valid
// generated identity numbers and credit codes; then, when the demo handles cases, the office works
// them as the 《政府信息公开条例》 asks (登记, one converted to a consultation, one 补正, one third
// party, drafts by the department, approval by a reviewer who is not the drafter), and the summary
// prints the year's annual-report table (sections 三 and 四).

/** How each demo request is worked, by its place in DEMO_REQUESTS. */
type Plan =
  | 'consultation' // 登记 as 咨询: not a request, passed on as a consultation case
  | 'disclosed' // 予以公开
  | 'corrected' // 补正, answered by phone, then 无法提供 (not held)
  | 'third_party' // a third party consulted, then 部分公开
  | 'open'; // registered and still being worked at the year's end (结转)

interface DemoRequest {
  readonly via: 'online' | 'post' | 'in_person';
  readonly applicant:
    | 'citizen'
    | 'commercial_enterprise'
    | 'research_institution'
    | 'public_interest_organisation';
  readonly departmentId: string;
  readonly description: string;
  readonly plan: Plan;
}

export const DEMO_REQUESTS: readonly DemoRequest[] = [
  {
    via: 'online',
    applicant: 'citizen',
    departmentId: 'housing',
    description: '2026 年本市老旧小区改造计划及各小区改造资金安排',
    plan: 'disclosed',
  },
  {
    via: 'online',
    applicant: 'research_institution',
    departmentId: 'ecology-environment',
    description: '2025 年全市重点排污单位自动监测数据年度汇总',
    plan: 'open',
  },
  {
    via: 'post',
    applicant: 'commercial_enterprise',
    departmentId: 'market-regulation',
    description: '我公司所在行业的抽检结果',
    plan: 'corrected',
  },
  {
    via: 'post',
    applicant: 'citizen',
    departmentId: 'natural-resources',
    description: '江城东站片区控制性详细规划调整的批复文件及中标设计单位的方案',
    plan: 'third_party',
  },
  {
    via: 'in_person',
    applicant: 'public_interest_organisation',
    departmentId: 'civil-affairs',
    description: '2026 年度福利彩票公益金资助项目清单',
    plan: 'disclosed',
  },
  {
    via: 'in_person',
    applicant: 'citizen',
    departmentId: 'hrss',
    description: '想问一下灵活就业人员养老保险怎么缴费，需要带什么材料',
    plan: 'consultation',
  },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['秀英', '建国', '晓明', '丽娟', '志强', '海燕', '文博', '雨欣'];
const ORGANISATIONS: Record<Exclude<DemoRequest['applicant'], 'citizen'>, string> = {
  commercial_enterprise: '江城市恒达建材有限公司',
  research_institution: '江城大学环境科学研究院',
  public_interest_organisation: '江城市助老公益服务中心',
};

const pick = <T>(rng: Random, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const digits = (rng: Random, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');

/** A resident identity number (GB 11643-1999) of a Jiangcheng adult: region, birth date, sequence, check character. */
export function demoIdNumber(rng: Random): string {
  const year = 1950 + Math.floor(rng() * 50);
  const month = String(1 + Math.floor(rng() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(rng() * 28)).padStart(2, '0');
  const first17 = `420102${year}${month}${day}${digits(rng, 3)}`;
  return `${first17}${idCheckCharacter(first17)}`;
}

/** A unified social credit code (GB 32100-2015) of a registered body of kind `prefix` (91 企业, 12 事业单位, 52 民办非企业单位). */
export function demoCreditCode(rng: Random, prefix: '91' | '12' | '52'): string {
  const organisation = Array.from({ length: 9 }, () => pick(rng, [...CREDIT_CODE_CHARACTERS])).join('');
  const first17 = `${prefix}420102${organisation}`;
  return `${first17}${creditCheckCharacter(first17)}`;
}

function mobile(rng: Random): string {
  return `13${digits(rng, 9)}`;
}

/** The DisclosureRequest body (request.ts) of demo request `r`, without `arrival` for the web form. */
function requestBody(r: DemoRequest, rng: Random): Record<string, unknown> {
  const contact = { phone: mobile(rng), email: `applicant${digits(rng, 4)}@example.cn` };
  const applicant =
    r.applicant === 'citizen'
      ? {
          kind: 'citizen',
          name: `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}`,
          document: { kind: 'resident_id_card', number: demoIdNumber(rng) },
          contact,
        }
      : {
          kind: 'organisation',
          name: ORGANISATIONS[r.applicant],
          creditCode: demoCreditCode(
            rng,
            r.applicant === 'commercial_enterprise'
              ? '91'
              : r.applicant === 'research_institution'
                ? '12'
                : '52',
          ),
          organisationKind: r.applicant,
          representative: { role: 'contact_person', name: `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}` },
          contact,
        };
  return {
    applicant,
    information: { description: r.description },
    form: { medium: 'email', delivery: 'email' },
    departmentId: r.departmentId,
  };
}

/** 第三十一条: by post, the day the office signed for it; in person, the day it was handed in. */
function arrivalOf(r: DemoRequest, now: Date): Record<string, unknown> {
  const at = now.toISOString();
  return r.via === 'post' ? { way: 'post', signedForAt: at } : { way: 'in_person', handedInAt: at };
}

/** A POST, with a throttled one (429) waited out and sent again under the same Idempotency-Key. */
async function post(url: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 429 || attempt >= 5) return response;
    await response.body?.cancel();
    const retryAfter = Number(response.headers.get('retry-after') ?? '1');
    await new Promise((r) => setTimeout(r, Math.min(5, Math.max(0.2, retryAfter)) * 1000));
  }
}

export interface SentRequest {
  readonly index: number;
  readonly trackingNo: string;
  /** Known at once for an office entry; a web-form request's is found once dispatched. */
  readonly caseId?: string;
}

export interface DisclosureDemoSummary {
  readonly sent: number;
  readonly accepted: SentRequest[];
  readonly refused: Record<string, number>;
  /** What the office did (absent with --no-handle). */
  handled?: {
    registered: number;
    converted: number;
    corrected: number;
    thirdParties: number;
    drafted: number;
    approved: number;
    refusals: Record<string, number>;
  };
  /** The year's annual report as GET /v1/disclosure/annual-report gave it. */
  report?: AnnualReportTable;
}

const count = (counts: Record<string, number>, code: string) => {
  counts[code] = (counts[code] ?? 0) + 1;
};

/**
 * Sends DEMO_REQUESTS: the on-line ones to the web form, the others to the office's entry
 * (POST /v1/disclosure/requests as an agent of the office). The same seed gives the same keys, so
 * a repeated run makes no second case.
 */
export async function sendDisclosureRequests(opts: {
  url: string;
  dataDir: string;
  seed: number;
  now?: Date;
}): Promise<DisclosureDemoSummary> {
  const staff = await DemoStaff.load(opts.url, opts.dataDir);
  const rng = seededRandom(opts.seed ^ 0x6f70656e);
  const now = opts.now ?? new Date();
  const summary: DisclosureDemoSummary = { sent: DEMO_REQUESTS.length, accepted: [], refused: {} };
  for (const [index, r] of DEMO_REQUESTS.entries()) {
    const body = requestBody(r, rng);
    const key = `demo-disclosure-${opts.seed}-${index}`;
    const online = r.via === 'online';
    const response = await post(
      `${opts.url}${online ? '/v1/channels/webform' : '/v1/disclosure/requests'}`,
      {
        'content-type': 'application/json',
        'idempotency-key': key,
        ...(online ? {} : { authorization: `Bearer ${await staff.agent()}` }),
      },
      online ? { type: 'disclosure', disclosureRequest: body } : { ...body, arrival: arrivalOf(r, now) },
    );
    const json = (await response.json().catch(() => ({}))) as Json;
    if (response.status === 202 && typeof json.trackingNo === 'string') {
      summary.accepted.push({
        index,
        trackingNo: json.trackingNo,
        ...(typeof json.caseId === 'string' ? { caseId: json.caseId } : {}),
      });
    } else {
      count(summary.refused, json.error?.code ?? `http_${response.status}`);
    }
  }
  return summary;
}

/** The reply each plan drafts (disclosure/reply.ts REPLY_RULES). */
const REPLIES: Readonly<Record<Exclude<Plan, 'consultation' | 'open'>, Record<string, unknown>>> = {
  disclosed: {
    outcome: 'disclosed',
    disclosedVia: 'provided',
    provision: { form: 'email', formWanted: 'email' },
  },
  corrected: {
    outcome: 'unavailable_not_held',
    notHeld: 'not_exist',
    reason: '经检索，本机关未制作、获取申请所述年度该行业的专项抽检结果',
  },
  third_party: {
    outcome: 'partly_disclosed',
    provision: { form: 'email', formWanted: 'email' },
    withheldParts: [
      {
        part: '中标设计单位方案中的技术经济指标测算明细',
        ground: 'withheld_third_party_rights',
        reason: '涉及第三方商业秘密，经征求意见第三方不同意公开（第十五条、第三十二条）',
      },
    ],
  },
};

/** The office's work on one request: 登记, then its plan; the case id of a web-form request looked up first. */
class Office {
  readonly done: NonNullable<DisclosureDemoSummary['handled']> = {
    registered: 0,
    converted: 0,
    corrected: 0,
    thirdParties: 0,
    drafted: 0,
    approved: 0,
    refusals: {},
  };

  constructor(private readonly staff: DemoStaff) {}

  private ok(answer: Answer): boolean {
    if (answer.status === 200) return true;
    count(this.done.refusals, answer.json.error?.code ?? `http_${answer.status}`);
    return false;
  }

  /**
   * The reviewer approves the version they read; a notice's delivery receipt written since is a
   * version conflict, so they read the case again and approve that (the draft is the same).
   */
  private async approve(caseId: string, version: number): Promise<Answer> {
    const path = `/v1/disclosure/cases/${encodeURIComponent(caseId)}/approve`;
    let expectedVersion = version;
    for (let attempt = 1; ; attempt++) {
      const answer = await request(this.staff.url, 'POST', path, {
        token: await this.staff.reviewer(),
        body: { expectedVersion, confidentialityReviewed: true, reviewerName: '周审核' },
      });
      if (answer.json.error?.code !== 'version_conflict' || attempt >= 3) return answer;
      const read = await this.staff.get(
        `/v1/cases/by-id/${encodeURIComponent(caseId)}`,
        this.staff.supervisor(),
      );
      expectedVersion = read.json.version as number;
    }
  }

  async work(caseId: string, r: DemoRequest): Promise<void> {
    const department = this.staff.department(r.departmentId);
    const read = await this.staff.get(
      `/v1/cases/by-id/${encodeURIComponent(caseId)}`,
      this.staff.supervisor(),
    );
    // A repeated run with the same seed finds its requests registered already: nothing to redo.
    if (read.status !== 200 || (read.json.disclosure as Json | undefined)?.registration) return;
    const registered = await this.staff.act(
      caseId,
      r.plan === 'consultation'
        ? {
            action: 'register',
            decision: 'consultation',
            explanation:
              '您咨询的是灵活就业人员参保缴费办理事项，已转为咨询工单，由市人社局答复（第三十八条）',
          }
        : {
            action: 'register',
            decision: 'accept',
            responsible: { id: `demo-${r.departmentId}`, name: '政务公开专员' },
          },
      department,
    );
    if (!this.ok(registered)) return;
    this.done.registered++;
    if (r.plan === 'consultation') {
      this.done.converted++;
      return;
    }
    if (r.plan === 'open') return;
    if (r.plan === 'corrected') {
      const asked = await this.staff.act(
        caseId,
        { action: 'request_correction', question: '请写明所需抽检结果的产品类别和年度' },
        department,
      );
      if (!this.ok(asked)) return;
      // 第三十条: the applicant calls back with the correction; the 20 working days restart today.
      const answered = await this.staff.act(
        caseId,
        { action: 'answer_correction', answer: '2025 年度，建筑用钢材', via: 'phone' },
        this.staff.agent(),
      );
      if (!this.ok(answered)) return;
      this.done.corrected++;
    }
    if (r.plan === 'third_party') {
      const consulted = await this.staff.act(
        caseId,
        { action: 'consult_third_party', party: '江城市规划设计研究院有限公司（中标设计单位）' },
        department,
      );
      if (!this.ok(consulted)) return;
      const opinion = await this.staff.act(
        caseId,
        {
          action: 'record_third_party_opinion',
          opinion: '技术经济指标测算明细属于商业秘密，不同意公开；其余内容同意公开',
        },
        department,
      );
      if (!this.ok(opinion)) return;
      this.done.thirdParties++;
    }
    const drafted = await this.staff.act(
      caseId,
      { action: 'draft_reply', reply: REPLIES[r.plan], drafterName: '政务公开专员' },
      department,
    );
    if (!this.ok(drafted)) return;
    this.done.drafted++;
    // 审核: the reviewer is another person than the department's drafter (two-person rule).
    const approved = await this.approve(caseId, drafted.json.version as number);
    if (this.ok(approved)) this.done.approved++;
  }
}

/** Web-form requests get their case id from the desk's open list once dispatched. */
async function caseIdsOf(staff: DemoStaff, sent: readonly SentRequest[]): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  for (const s of sent) if (s.caseId) ids.set(s.index, s.caseId);
  if (sent.every((s) => s.caseId)) return ids;
  const rows = await staff.list('/v1/disclosure/cases?queue=open', staff.supervisor());
  const byTrackingNo = new Map(rows.map((row) => [row.trackingNo as string, row.caseId as string]));
  for (const s of sent) {
    const caseId = byTrackingNo.get(s.trackingNo);
    if (!s.caseId && caseId) ids.set(s.index, caseId);
  }
  return ids;
}

/**
 * The office works the demo's requests (see Plan), then reads the year's annual report.
 *
 * @example
 * const summary = await sendDisclosureRequests({ url, dataDir, seed });
 * await workDisclosureRequests({ url, dataDir }, summary);
 * printDisclosure(summary, console.log);
 */
export async function workDisclosureRequests(
  opts: { url: string; dataDir: string; handle?: boolean; now?: Date },
  summary: DisclosureDemoSummary,
): Promise<DisclosureDemoSummary> {
  const staff = await DemoStaff.load(opts.url, opts.dataDir);
  if (opts.handle !== false) {
    await waitIdle(opts.url);
    const office = new Office(staff);
    const ids = await caseIdsOf(staff, summary.accepted);
    for (const s of summary.accepted) {
      const caseId = ids.get(s.index);
      const r = DEMO_REQUESTS[s.index];
      if (caseId && r) await office.work(caseId, r);
    }
    summary.handled = office.done;
  }
  const year = shanghaiDate(opts.now ?? new Date()).slice(0, 4);
  const report = await staff.get(`/v1/disclosure/annual-report?year=${year}`, staff.analyst());
  if (report.status === 200) summary.report = report.json as unknown as AnnualReportTable;
  return summary;
}

const WAY_TEXT: Record<DemoRequest['via'], string> = { online: '网站表单', post: '邮寄', in_person: '当面' };

/** The demo's lines about its disclosure requests, then the annual-report table. */
export function printDisclosure(
  summary: DisclosureDemoSummary,
  log: (line: string) => void,
  where?: { url: string; dataDir: string },
): void {
  log('');
  const ways = DEMO_REQUESTS.map((r) => WAY_TEXT[r.via]);
  const byWay = [...new Set(ways)].map((w) => `${w} ${ways.filter((x) => x === w).length}`).join('，');
  log(
    `政府信息公开申请（依申请公开）：发送 ${summary.sent} 件（${byWay}），受理 ${summary.accepted.length} 件`,
  );
  const refused = Object.entries(summary.refused);
  if (refused.length > 0) log(`  未受理：${refused.map(([c, n]) => `${c} × ${n}`).join('，')}`);
  for (const s of summary.accepted) log(`  ${s.trackingNo}  ${DEMO_REQUESTS[s.index]?.description ?? ''}`);
  const h = summary.handled;
  if (h) {
    log(
      `  登记 ${h.registered} 件（转为咨询 ${h.converted} 件），补正后重新计算期限 ${h.corrected} 件，` +
        `征求第三方意见 ${h.thirdParties} 件，拟稿 ${h.drafted} 件，审核通过并答复 ${h.approved} 件`,
    );
    const refusals = Object.entries(h.refusals);
    if (refusals.length > 0) log(`  未成功的操作：${refusals.map(([c, n]) => `${c} × ${n}`).join('，')}`);
  }
  if (!summary.report) {
    log('  年度报告表格读取失败（GET /v1/disclosure/annual-report）');
    return;
  }
  log('');
  log(`${summary.report.year} 年政府信息公开工作年度报告（本地演示数据）：`);
  for (const line of annualReportText(summary.report)) log(`  ${line}`);
  if (!where) return;
  const token = (role: string) => `$(npm run -s token -- --role ${role} --data-dir ${where.dataDir})`;
  log('');
  log(
    `  表格（CSV，可粘贴进年度报告）  curl -H "authorization: Bearer ${token('analyst')}" ` +
      `'${where.url}/v1/disclosure/annual-report?year=${summary.report.year}&format=csv'`,
  );
  log(
    `  待审核的答复稿  curl -H "authorization: Bearer ${token('supervisor')}" '${where.url}/v1/disclosure/cases?queue=review'`,
  );
}
