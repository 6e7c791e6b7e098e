// 发布 a release (DESIGN §2): the hotline's own disclosure of a month, frozen once published. The
// item's shape, its id and its key; what may happen to it is in actions.ts.
import * as z from 'zod/mini';
import type { ReleaseContent } from './content.js';
import type { ChosenCase } from './typical-case.js';

export const RELEASE_KINDS = ['monthly_figures', 'typical_cases'] as const;
export const ReleaseKindSchema = z.enum(RELEASE_KINDS);
export type ReleaseKind = z.infer<typeof ReleaseKindSchema>;

/** draft → submitted → published; a rejection sends a submitted release back to draft. */
export const RELEASE_STATES = ['draft', 'submitted', 'published'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

/** `YYYY-MM`, a real month. */
export const PeriodSchema = z
  .string()
  .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '期间须为 YYYY-MM 格式的月份'));

/** 专人负责: a named person, by the staff id and the name the public reads. */
export const PersonSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  name: z.string().check(z.trim(), z.minLength(1, '姓名不能为空'), z.maxLength(40)),
});
export type Person = z.infer<typeof PersonSchema>;

export interface ReleaseHistoryEntry {
  readonly at: string;
  /** The staff id (`sub`), or `system` for the monthly drafting. */
  readonly actor: string;
  readonly action: string;
  readonly note?: string;
}

/** Where the frozen content lies and what it hashes to (set once, by publish). */
export interface FrozenObject {
  readonly key: string;
  /** SHA-256 of the stored bytes (canonical JSON, UTF-8), 64 hex digits. */
  readonly sha256: string;
  readonly bytes: number;
}

export interface Release {
  readonly releaseId: string;
  readonly kind: ReleaseKind;
  readonly period: string;
  readonly state: ReleaseState;
  readonly version: number;
  /** The 10th working day after the month ends (`YYYY-MM-DD`, Asia/Shanghai): due-on.ts. */
  readonly dueOn: string;
  readonly responsible?: Person;
  /** The release this one corrects (更正): a published one of the same kind and period. */
  readonly corrects?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Typical cases chosen so far (draft); frozen into `content` at submit. */
  readonly cases?: readonly ChosenCase[];
  /** What a publisher approves and publishes: fixed at submit, cleared by a rejection. */
  readonly content?: ReleaseContent;
  readonly submittedAt?: string;
  readonly submittedBy?: string;
  readonly rejection?: { readonly at: string; readonly by: string; readonly reason: string };
  readonly publishedAt?: string;
  readonly publishedBy?: string;
  readonly frozen?: FrozenObject;
  readonly history: readonly ReleaseHistoryEntry[];
}

const KIND_SLUG: Readonly<Record<ReleaseKind, string>> = {
  monthly_figures: 'figures',
  typical_cases: 'cases',
};
const SLUG_KIND = new Map(Object.entries(KIND_SLUG).map(([kind, slug]) => [slug, kind as ReleaseKind]));

/** How many releases one kind and period may have (the first and its corrections). */
export const MAX_SEQUENCE = 99;

/**
 * A release's id: period, kind and its place among the releases of that kind and period, so the
 * monthly drafting makes the same id on every run (`-01`) and a correction takes the next number.
 *
 * @example
 * releaseIdOf('2026-11', 'monthly_figures', 1) // '2026-11-figures-01'
 */
export function releaseIdOf(period: string, kind: ReleaseKind, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`release sequence must be 1…${MAX_SEQUENCE}, got ${sequence}`);
  }
  return `${period}-${KIND_SLUG[kind]}-${String(sequence).padStart(2, '0')}`;
}

export interface ReleaseIdParts {
  readonly period: string;
  readonly kind: ReleaseKind;
  readonly sequence: number;
}

/** The parts of a release id, or undefined for anything that is not one (a path parameter). */
export function parseReleaseId(releaseId: string): ReleaseIdParts | undefined {
  const match = /^(\d{4}-(?:0[1-9]|1[0-2]))-([a-z]+)-(\d{2})$/.exec(releaseId);
  if (!match) return undefined;
  const kind = SLUG_KIND.get(match[2] as string);
  const sequence = Number(match[3]);
  if (!kind || sequence < 1) return undefined;
  return { period: match[1] as string, kind, sequence };
}

/** The month a `YYYY-MM-DD` date falls in. */
export function periodOfDate(date: string): string {
  return date.slice(0, 7);
}

/** The month before `period`. */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
