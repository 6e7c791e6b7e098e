// What may happen to a release, as data and one pure function: who may take each action from which
// state, and what it changes. A published release refuses everything (it never changes); a
// correction is a new release (create.ts).
import * as z from 'zod/mini';
import type { StaffRole } from '../staff-roles.js';
import type { ReleaseContent } from './content.js';
import { type FrozenObject, PersonSchema, type Release, type ReleaseState } from './release.js';
import { CaseSummarySchema, type ChosenCase } from './typical-case.js';

/** How many typical cases one release may carry: a monthly selection, not a dump. */
export const MAX_TYPICAL_CASES = 20;

const Version = z.int().check(z.nonnegative('版本号须为非负整数'));
const CaseId = z.string().check(z.minLength(1, '请填写工单编号'), z.maxLength(128));

export const ReleaseActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign_responsible'), expectedVersion: Version, responsible: PersonSchema }),
  z.object({
    action: z.literal('add_case'),
    expectedVersion: Version,
    caseId: CaseId,
    summary: CaseSummarySchema,
  }),
  z.object({ action: z.literal('remove_case'), expectedVersion: Version, caseId: CaseId }),
  z.object({ action: z.literal('submit'), expectedVersion: Version }),
  z.object({
    action: z.literal('reject'),
    expectedVersion: Version,
    reason: z
      .string()
      .check(z.trim(), z.minLength(2, '请填写退回理由'), z.maxLength(500, '退回理由最多 500 字')),
  }),
  z.object({ action: z.literal('publish'), expectedVersion: Version }),
]);
export type ReleaseAction = z.infer<typeof ReleaseActionSchema>;
export type ReleaseActionName = ReleaseAction['action'];

export const RELEASE_ACTION_NAMES = [
  'assign_responsible',
  'add_case',
  'remove_case',
  'submit',
  'reject',
  'publish',
] as const satisfies readonly ReleaseActionName[];

/** Who may take each action, from which state. Data, so the console shows only what may be done. */
export const RELEASE_ACTION_RULES: Readonly<
  Record<ReleaseActionName, { readonly roles: readonly StaffRole[]; readonly from: readonly ReleaseState[] }>
> = {
  // 专人负责 is named by the centre's supervisors.
  assign_responsible: { roles: ['supervisor'], from: ['draft'] },
  // 典型案例 are chosen by a supervisor (the issue).
  add_case: { roles: ['supervisor'], from: ['draft'] },
  remove_case: { roles: ['supervisor'], from: ['draft'] },
  // The monthly figures are the analysts' work; either may submit for review.
  submit: { roles: ['supervisor', 'analyst'], from: ['draft'] },
  reject: { roles: ['supervisor'], from: ['submitted'] },
  publish: { roles: ['supervisor'], from: ['submitted'] },
};

export type ReleaseRefusalCode =
  | 'forbidden'
  | 'release_published'
  | 'wrong_state'
  | 'wrong_kind'
  | 'case_already_chosen'
  | 'case_not_chosen'
  | 'too_many_cases'
  | 'no_responsible'
  | 'no_cases'
  | 'self_approval';

export interface ReleaseRefusal {
  readonly code: ReleaseRefusalCode;
  readonly message: string;
}

export interface ReleaseActionContext {
  readonly actor: { readonly id: string; readonly role: StaffRole };
  /** The request time, ISO 8601. */
  readonly at: string;
  /** add_case: the case as the anonymiser made it (typical-case.ts). */
  readonly chosen?: ChosenCase;
  /** submit of monthly figures: the month's figures, read now. */
  readonly figures?: Extract<ReleaseContent, { kind: 'monthly_figures' }>;
  /** publish: the frozen document, already in the archive. */
  readonly frozen?: FrozenObject;
}

export type ReleaseActionResult =
  | { readonly ok: true; readonly release: Release }
  | { readonly ok: false; readonly refusal: ReleaseRefusal };

function refuse(code: ReleaseRefusalCode, message: string): ReleaseActionResult {
  return { ok: false, refusal: { code, message } };
}

/**
 * Whether `action` may be taken on `release` by this actor, in the order that tells the caller the
 * most useful thing first: a published release refuses everything (whoever asks), then the role,
 * then the state, then the action's own rules. The publish check runs here too, before the
 * archive is written, so a refused publish stores nothing.
 */
export function checkReleaseAction(
  release: Release,
  action: ReleaseAction,
  ctx: Pick<ReleaseActionContext, 'actor'>,
): ReleaseRefusal | undefined {
  if (release.state === 'published') {
    return { code: 'release_published', message: '该发布已公开，不能再修改；如需更正，请新建更正发布' };
  }
  const rule = RELEASE_ACTION_RULES[action.action];
  if (!rule.roles.includes(ctx.actor.role)) return { code: 'forbidden', message: '该角色无权进行此操作' };
  if (!rule.from.includes(release.state)) {
    return { code: 'wrong_state', message: '该发布当前状态下不能进行此操作' };
  }
  switch (action.action) {
    case 'add_case':
    case 'remove_case':
      if (release.kind !== 'typical_cases') {
        return { code: 'wrong_kind', message: '只有典型案例发布可以选用工单' };
      }
      return undefined;
    case 'submit':
      if (!release.responsible) return { code: 'no_responsible', message: '请先指定发布责任人（专人负责）' };
      if (release.kind === 'typical_cases' && (release.cases ?? []).length === 0) {
        return { code: 'no_cases', message: '典型案例发布至少需要一个案例' };
      }
      return undefined;
    case 'publish':
      // 两人把关: whoever submitted it cannot also approve it for publication.
      if (release.submittedBy === ctx.actor.id) {
        return { code: 'self_approval', message: '提交人不能发布自己提交的内容，须由另一名督办人员审核发布' };
      }
      return undefined;
    default:
      return undefined;
  }
}

function withHistory(release: Release, ctx: ReleaseActionContext, action: string, note?: string): Release {
  return {
    ...release,
    version: release.version + 1,
    history: [...release.history, { at: ctx.at, actor: ctx.actor.id, action, ...(note ? { note } : {}) }],
  };
}

function without<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * The release after `action`, or the refusal. The caller writes it under the version it read.
 *
 * @example
 * applyReleaseAction(release, { action: 'reject', expectedVersion: 3, reason: '数据口径需复核' },
 *   { actor: { id: 'u-2', role: 'supervisor' }, at: now }) // → { ok: true, release: { state: 'draft', … } }
 */
export function applyReleaseAction(
  release: Release,
  action: ReleaseAction,
  ctx: ReleaseActionContext,
): ReleaseActionResult {
  const refusal = checkReleaseAction(release, action, ctx);
  if (refusal) return { ok: false, refusal };
  switch (action.action) {
    case 'assign_responsible':
      return {
        ok: true,
        release: withHistory(
          { ...release, responsible: action.responsible },
          ctx,
          action.action,
          action.responsible.name,
        ),
      };
    case 'add_case': {
      const cases = release.cases ?? [];
      if (cases.some((c) => c.caseId === action.caseId)) {
        return refuse('case_already_chosen', '该工单已在本期典型案例中');
      }
      if (cases.length >= MAX_TYPICAL_CASES) {
        return refuse('too_many_cases', `每期典型案例最多 ${MAX_TYPICAL_CASES} 个`);
      }
      if (!ctx.chosen || ctx.chosen.caseId !== action.caseId)
        throw new Error('add_case needs the anonymised case');
      return {
        ok: true,
        release: withHistory({ ...release, cases: [...cases, ctx.chosen] }, ctx, action.action),
      };
    }
    case 'remove_case': {
      const cases = release.cases ?? [];
      if (!cases.some((c) => c.caseId === action.caseId))
        return refuse('case_not_chosen', '该工单不在本期典型案例中');
      return {
        ok: true,
        release: withHistory(
          { ...release, cases: cases.filter((c) => c.caseId !== action.caseId) },
          ctx,
          action.action,
        ),
      };
    }
    case 'submit': {
      let content: ReleaseContent;
      if (release.kind === 'typical_cases') {
        content = { kind: 'typical_cases', cases: (release.cases ?? []).map((c) => c.entry) };
      } else {
        if (!ctx.figures) throw new Error('submit of monthly figures needs the figures');
        content = ctx.figures;
      }
      const submitted: Release = {
        ...without(release, 'rejection'),
        state: 'submitted',
        content,
        submittedAt: ctx.at,
        submittedBy: ctx.actor.id,
      };
      return { ok: true, release: withHistory(submitted, ctx, action.action) };
    }
    case 'reject': {
      const back: Release = {
        ...without(release, 'content', 'submittedAt', 'submittedBy'),
        state: 'draft',
        rejection: { at: ctx.at, by: ctx.actor.id, reason: action.reason },
      };
      return { ok: true, release: withHistory(back, ctx, action.action, action.reason) };
    }
    case 'publish': {
      if (!ctx.frozen) throw new Error('publish needs the frozen object');
      const published: Release = {
        ...release,
        state: 'published',
        publishedAt: ctx.at,
        publishedBy: ctx.actor.id,
        frozen: ctx.frozen,
      };
      return { ok: true, release: withHistory(published, ctx, action.action) };
    }
  }
}
