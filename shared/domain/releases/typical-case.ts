// 典型案例 a typical case as the public reads it: chosen by a supervisor, who writes what was asked
// and what was done; the case gives only its category, district, type, month and outcome. Nothing
// that names or reaches a person (name, phone, address, identity number, tracking number) may pass:
// what the supervisor wrote is checked against the case's own identifying values and against the
// shapes of phone, identity and tracking numbers, and refused rather than silently blanked, so the
// supervisor rewrites the sentence instead of publishing a gap.
import * as z from 'zod/mini';
import type { CaseType } from '../appeal.js';
import type { Case } from '../case.js';
import { TRACKING_ALPHABET } from '../identity.js';
import { shanghaiDate } from '../working-days.js';

/** What the supervisor writes for a chosen case. */
export const CaseSummarySchema = z.object({
  /** 诉求: what the citizen asked, in the supervisor's words. */
  asked: z
    .string()
    .check(z.trim(), z.minLength(10, '诉求概述至少 10 个字'), z.maxLength(500, '诉求概述最多 500 字')),
  /** 办理: what the department did. */
  done: z
    .string()
    .check(z.trim(), z.minLength(10, '办理情况至少 10 个字'), z.maxLength(1000, '办理情况最多 1000 字')),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

/** One typical case as published: no id, no person, no tracking number. */
export interface TypicalCase {
  readonly type: CaseType;
  readonly category: string;
  readonly categoryName: string;
  readonly district: string;
  readonly districtName: string;
  /** The month the appeal was received, `YYYY-MM` (a day would narrow it to a person). */
  readonly receivedMonth: string;
  readonly asked: string;
  readonly done: string;
  /** 办理结果: on time or late, and the citizen's rating when there is one. */
  readonly outcome: {
    readonly slaOutcome?: 'on_time' | 'late';
    readonly rating?: NonNullable<Case['feedback']>['rating'];
  };
}

/** A case on a draft: its id stays on the staff item (to remove it, to refuse it twice), never published. */
export interface ChosenCase {
  readonly caseId: string;
  readonly entry: TypicalCase;
}

export type LeakKind = 'name' | 'phone' | 'address' | 'identity_number' | 'tracking_number' | 'email';

export interface LeakProblem {
  readonly field: 'asked' | 'done';
  readonly kind: LeakKind;
  readonly message: string;
}

export type TypicalCaseResult =
  | { readonly ok: true; readonly entry: TypicalCase }
  | {
      readonly ok: false;
      readonly refusal: {
        readonly code: 'identifying_text' | 'case_not_finished';
        readonly message: string;
        readonly problems?: readonly LeakProblem[];
      };
    };

const LEAK_TEXT: Readonly<Record<LeakKind, string>> = {
  name: '含有当事人姓名',
  phone: '含有电话号码',
  address: '含有当事人地址',
  identity_number: '含有身份证件号码',
  tracking_number: '含有受理编号',
  email: '含有电子邮箱',
};

/** Status of a case whose outcome is known: only a finished case can be a typical one. */
const FINISHED = new Set(['completed', 'closed']);

/** A run of 7 or more digits (spaces and dashes between them allowed): a phone or an identity number. */
const DIGIT_RUN = /\d(?:[\s-]?\d){6,}/;
/** 18-character resident identity numbers (the last may be X), 15-digit old ones: caught as digits; passports: letter + 8 digits. */
const PASSPORT = /\b[A-Z][0-9]{8}\b/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** A tracking number's shape (identity.ts): 8+ characters of its alphabet with at least two digits. */
const TRACKING_SHAPE = new RegExp(`[${TRACKING_ALPHABET}]{8,}`, 'i');

/**
 * How long a piece of an address (past its province, city and district, which are published
 * anyway) must be to count as naming it: four characters, e.g. 「东街12」.
 */
const ADDRESS_WINDOW = 4;

/** The address without its leading administrative divisions (省/市/区/县), which name no one. */
function addressCore(address: string): string {
  const head = normalised(address).slice(0, 12);
  const cut = Math.max(...['省', '市', '区', '县', '旗'].map((c) => head.lastIndexOf(c)));
  return normalised(address).slice(cut + 1);
}

/** Every string under `value` whose key is one of `keys` (the request's applicant and contact). */
function stringsUnder(value: unknown, keys: ReadonlySet<string>, out: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string' && keys.has(key)) out.push(child);
    else stringsUnder(child, keys, out);
  }
  return out;
}

function normalised(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

function containsPieceOf(text: string, value: string, window: number): boolean {
  const t = normalised(text);
  const v = normalised(value);
  if (v.length === 0) return false;
  if (v.length <= window) return t.includes(v);
  for (let i = 0; i + window <= v.length; i++) if (t.includes(v.slice(i, i + window))) return true;
  return false;
}

function hasTrackingShape(text: string): boolean {
  const match = TRACKING_SHAPE.exec(text.replace(/[\s-]/g, ''));
  return match !== null && (match[0].match(/\d/g)?.length ?? 0) >= 2;
}

/** What in `text` names or reaches a person of `kase`, each kind once. */
export function leaksIn(text: string, kase: Case): LeakKind[] {
  const found = new Set<LeakKind>();
  const request = kase.disclosure?.request;
  const names = [kase.contact.name, ...stringsUnder(request, new Set(['name']))].filter(
    (n): n is string => typeof n === 'string' && n.trim().length >= 2,
  );
  if (names.some((name) => normalised(text).includes(normalised(name)))) found.add('name');
  const addresses = [kase.address, ...stringsUnder(request, new Set(['address']))].filter(
    (a): a is string => typeof a === 'string' && a.trim().length > 0,
  );
  if (addresses.some((address) => containsPieceOf(text, addressCore(address), ADDRESS_WINDOW))) {
    found.add('address');
  }
  if (DIGIT_RUN.test(text)) {
    // A long run of digits is an identity number when it has 15 or 18 characters, a phone otherwise.
    const digits = (DIGIT_RUN.exec(text)?.[0] ?? '').replace(/[\s-]/g, '');
    found.add(digits.length === 15 || digits.length >= 17 ? 'identity_number' : 'phone');
  }
  if (/\d{17}[xX]/.test(text) || PASSPORT.test(text)) found.add('identity_number');
  if (EMAIL.test(text)) found.add('email');
  const ids = [kase.trackingNo, kase.caseId, kase.sourceId];
  if (
    ids.some((id) => id.length >= 6 && normalised(text).includes(normalised(id))) ||
    hasTrackingShape(text)
  ) {
    found.add('tracking_number');
  }
  return [...found];
}

/**
 * The published form of a chosen case, or the refusal naming each field that gives a person away.
 *
 * @example
 * typicalCaseOf(kase, { asked: '反映小区路灯损坏多日…', done: '街道组织维修…' },
 *   { categoryName: '市政设施', districtName: '东城区' }) // { ok: true, entry: {…} }
 */
export function typicalCaseOf(
  kase: Case,
  summary: CaseSummary,
  names: { readonly categoryName: string; readonly districtName: string },
): TypicalCaseResult {
  if (!FINISHED.has(kase.status)) {
    return {
      ok: false,
      refusal: { code: 'case_not_finished', message: '只能选用已办结的工单作为典型案例' },
    };
  }
  const problems: LeakProblem[] = (['asked', 'done'] as const).flatMap((field) =>
    leaksIn(summary[field], kase).map((kind) => ({ field, kind, message: LEAK_TEXT[kind] })),
  );
  if (problems.length > 0) {
    return {
      ok: false,
      refusal: {
        code: 'identifying_text',
        message: '案例文字可能透露当事人身份，请改写后再提交',
        problems,
      },
    };
  }
  return {
    ok: true,
    entry: {
      type: kase.type,
      category: kase.category,
      categoryName: names.categoryName,
      district: kase.district,
      districtName: names.districtName,
      receivedMonth: shanghaiDate(new Date(kase.receivedAt)).slice(0, 7),
      asked: summary.asked.trim(),
      done: summary.done.trim(),
      outcome: {
        ...(kase.slaOutcome ? { slaOutcome: kase.slaOutcome } : {}),
        ...(kase.feedback ? { rating: kase.feedback.rating } : {}),
      },
    },
  };
}
