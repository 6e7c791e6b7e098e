import type { CaseType } from '../../../../../shared/domain/appeal';
import type { AppealDraft } from './appeal-draft';

// The classifier's suggestion (POST /v1/classify) beside the form: it may fill what the agent has
// not chosen yet, never change what they have. The agent hears the caller; the keywords only guess.

export interface Suggestion {
  readonly category: string;
  readonly district: string;
  readonly type: string;
}

/** What the suggestion would set: only empty fields, only values the directory knows. */
export type SuggestionFills = Partial<Pick<AppealDraft, 'category' | 'district' | 'type'>>;

/** The codes the pickers offer; the classifier's fallbacks (`other`, `unknown`) are no suggestion. */
export interface KnownCodes {
  readonly categories: ReadonlySet<string>;
  readonly districts: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
}

/** The classifier's "nothing matched" answers (shared/domain/classify.ts): not worth offering. */
const FALLBACKS = new Set(['other', 'unknown']);

/**
 * The fields applying the suggestion would fill: each suggested value the directory knows, for a
 * field the agent left empty.
 *
 * @example suggestionFills({ ...draft, category: 'roads' }, { category: 'water-supply', district: 'gulou', type: 'help' }, known)
 * // { district: 'gulou', type: 'help' } — the agent's category stays
 */
export function suggestionFills(
  draft: AppealDraft,
  suggestion: Suggestion,
  known: KnownCodes,
): SuggestionFills {
  const fills: SuggestionFills = {};
  const offers = (value: string, codes: ReadonlySet<string>) => !FALLBACKS.has(value) && codes.has(value);
  if (!draft.category && offers(suggestion.category, known.categories)) fills.category = suggestion.category;
  if (!draft.district && offers(suggestion.district, known.districts)) fills.district = suggestion.district;
  if (!draft.type && offers(suggestion.type, known.types)) fills.type = suggestion.type as CaseType;
  return fills;
}

/** The draft with the fills applied (fields already chosen are untouched, by construction). */
export function applySuggestion(draft: AppealDraft, fills: SuggestionFills): AppealDraft {
  return { ...draft, ...fills };
}

/** Worth asking the classifier: enough words to match a keyword; shorter text gives only `other`. */
export const CLASSIFY_MIN_CHARS = 4;
/** The pause in typing after which the content is classified: one request per phrase, not per key. */
export const CLASSIFY_DEBOUNCE_MS = 600;
