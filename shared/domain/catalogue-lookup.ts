// The catalogue read the way a call centre's agent writes it: a call record's category or district
// may be the code, the Chinese name or a word of the category, and a word that fits two entries
// fits none (a dispatcher decides, rather than a guess sending the case to the wrong department).
import type { Directory } from './directory.js';

/** How a typed text matched its entry: the most certain way first. */
export type LookupMatch = 'code' | 'name' | 'keyword';

export type Lookup =
  | { readonly ok: true; readonly code: string; readonly by: LookupMatch }
  | {
      readonly ok: false;
      /** `unknown`: nothing fits; `ambiguous`: two or more entries fit equally well. */
      readonly reason: 'unknown' | 'ambiguous';
      /** The codes that fit, when ambiguous (for the dispatcher's note). */
      readonly candidates: readonly string[];
    };

/**
 * The text as compared: NFKC folds full-width letters, digits and spaces into their half-width forms
 * (ＡＢＣ１２３ → ABC123, the ideographic space → a space), then whitespace anywhere is dropped
 * (no Chinese name has any) and letters are lower-cased (codes are lower-case ASCII).
 *
 * @example normaliseTyped(' 鼓楼　区 ') // '鼓楼区'
 */
export function normaliseTyped(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** One catalogue entry as the lookup sees it: its code, its names, its words. */
interface Entry {
  readonly code: string;
  /** The name, and the district's short form (鼓楼 for 鼓楼区). */
  readonly names: readonly string[];
  readonly keywords: readonly string[];
}

/**
 * The tiers, tried in order; the first that any entry passes decides, so an exact code or name is
 * never made ambiguous by a keyword another entry shares. Within a tier one entry is a match, two are
 * ambiguous.
 */
const TIERS: readonly (readonly [LookupMatch, (text: string, entry: Entry) => boolean])[] = [
  ['code', (text, entry) => text === normaliseTyped(entry.code)],
  ['name', (text, entry) => entry.names.some((name) => text === name)],
  ['keyword', (text, entry) => entry.keywords.some((word) => text === word)],
  // A phrase an agent typed around a name or a word (供水问题, 小区停水): the entry whose words it holds.
  ['keyword', (text, entry) => [...entry.names, ...entry.keywords].some((word) => text.includes(word))],
];

function lookup(typed: string, entries: readonly Entry[]): Lookup {
  const text = normaliseTyped(typed);
  if (text === '') return { ok: false, reason: 'unknown', candidates: [] };
  for (const [by, passes] of TIERS) {
    const codes = [...new Set(entries.filter((entry) => passes(text, entry)).map((entry) => entry.code))];
    const [only] = codes;
    if (codes.length === 1 && only !== undefined) return { ok: true, code: only, by };
    if (codes.length > 1) return { ok: false, reason: 'ambiguous', candidates: codes };
  }
  return { ok: false, reason: 'unknown', candidates: [] };
}

const words = (list: readonly string[] | undefined) =>
  (list ?? []).map(normaliseTyped).filter((word) => word !== '');

/**
 * The category a typed text names: its code (`water-supply`), its name (供水), a keyword of it
 * (停水), or a phrase holding the name or keywords of exactly one category (小区停水两天).
 *
 * @example resolveCategory('供水', directory) // { ok: true, code: 'water-supply', by: 'name' }
 */
export function resolveCategory(typed: string, directory: Pick<Directory, 'categories'>): Lookup {
  const entries = [...directory.categories.values()].map((c) => ({
    code: c.code,
    names: words([c.name]),
    keywords: words(c.keywords),
  }));
  return lookup(typed, entries);
}

/** 鼓楼区 → 鼓楼, 临江新区 → 临江: the short form people say, as classify.ts `findDistrict` reads it. */
function shortName(name: string): string | undefined {
  const short = name.replace(/(新区|区|县)$/u, '');
  return short.length >= 2 && short !== name ? short : undefined;
}

/**
 * The district a typed text names: its code (`gulou`), its name (鼓楼区) or short form (鼓楼), or a
 * phrase holding the name of exactly one district (鼓楼区中山路街道).
 *
 * @example resolveDistrict('鼓楼', directory) // { ok: true, code: 'gulou', by: 'name' }
 */
export function resolveDistrict(typed: string, directory: Pick<Directory, 'districts'>): Lookup {
  const entries = [...directory.districts.values()].map((d) => {
    const short = shortName(d.name);
    return { code: d.code, names: words(short ? [d.name, short] : [d.name]), keywords: [] };
  });
  return lookup(typed, entries);
}
