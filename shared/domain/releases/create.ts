// A new release: the monthly drafting's (one per kind and period) or a supervisor's, and a
// correction (更正), which is a new release naming the published one it corrects.
import * as z from 'zod/mini';
import type { WorkingCalendar } from '../working-days.js';
import { shanghaiDate } from '../working-days.js';
import { dueOnOf } from './due-on.js';
import {
  MAX_SEQUENCE,
  PeriodSchema,
  type Person,
  PersonSchema,
  type Release,
  ReleaseKindSchema,
  releaseIdOf,
} from './release.js';

export const CreateReleaseSchema = z.object({
  kind: ReleaseKindSchema,
  period: PeriodSchema,
  responsible: z.optional(PersonSchema),
  corrects: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type CreateRelease = z.infer<typeof CreateReleaseSchema>;

export type CreateRefusalCode =
  | 'period_not_ended'
  | 'release_open'
  | 'already_published'
  | 'bad_correction'
  | 'already_corrected'
  | 'too_many_releases';

export type CreateResult =
  | { readonly ok: true; readonly release: Release }
  | { readonly ok: false; readonly refusal: { readonly code: CreateRefusalCode; readonly message: string } };

export interface CreateContext {
  /** The releases of the same kind and period there are now, in id order. */
  readonly existing: readonly Release[];
  readonly calendar: WorkingCalendar;
  readonly actor: string;
  readonly at: string;
}

function refuse(code: CreateRefusalCode, message: string): CreateResult {
  return { ok: false, refusal: { code, message } };
}

/** The release that corrects `releaseId`, among those of its kind and period (a derived lookup). */
export function correctedByOf(releaseId: string, siblings: readonly Release[]): string | undefined {
  return siblings.find((r) => r.corrects === releaseId && r.state === 'published')?.releaseId;
}

/**
 * A draft of `input.kind` for `input.period`, numbered after the releases already there. One open
 * release per kind and period at a time; once one is published, another only as its correction.
 *
 * @example
 * createRelease({ kind: 'monthly_figures', period: '2026-11' }, { existing: [], calendar, actor: 'system', at })
 * // → { ok: true, release: { releaseId: '2026-11-figures-01', state: 'draft', dueOn: '2026-12-14', … } }
 */
export function createRelease(input: CreateRelease, ctx: CreateContext): CreateResult {
  const today = shanghaiDate(new Date(ctx.at));
  if (input.period >= today.slice(0, 7)) return refuse('period_not_ended', '该月尚未结束，不能起草其发布');
  if (ctx.existing.some((r) => r.state !== 'published')) {
    return refuse('release_open', '该月同类发布已有未公开的草稿或待审稿，请在其上继续');
  }
  const published = ctx.existing.filter((r) => r.state === 'published');
  if (input.corrects === undefined) {
    if (published.length > 0)
      return refuse('already_published', '该月同类发布已公开；如需更正，请注明所更正的发布');
  } else {
    const target = published.find((r) => r.releaseId === input.corrects);
    if (!target) return refuse('bad_correction', '所更正的发布须为同月同类、已公开的发布');
    if (correctedByOf(target.releaseId, ctx.existing)) {
      return refuse('already_corrected', '该发布已被更正，请更正最新的发布');
    }
  }
  const sequence = ctx.existing.length + 1;
  if (sequence > MAX_SEQUENCE) return refuse('too_many_releases', '该月同类发布数量已达上限');
  const responsible: Person | undefined = input.responsible;
  return {
    ok: true,
    release: {
      releaseId: releaseIdOf(input.period, input.kind, sequence),
      kind: input.kind,
      period: input.period,
      state: 'draft',
      version: 0,
      dueOn: dueOnOf(input.period, ctx.calendar),
      ...(responsible ? { responsible } : {}),
      ...(input.corrects ? { corrects: input.corrects } : {}),
      createdAt: ctx.at,
      createdBy: ctx.actor,
      ...(input.kind === 'typical_cases' ? { cases: [] } : {}),
      history: [
        {
          at: ctx.at,
          actor: ctx.actor,
          action: 'create',
          ...(input.corrects ? { note: `更正 ${input.corrects}` } : {}),
        },
      ],
    },
  };
}
