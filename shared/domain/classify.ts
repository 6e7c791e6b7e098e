import type { CaseType } from './appeal.js';
import type { Category, Directory } from './directory.js';

// Free-text channels (WeChat) carry no category or district: a first guess from the words, which a
// dispatcher corrects. A wrong guess costs a redispatch; no guess at all costs every appeal one.

/** The category of an appeal nothing matched; it has no routing rule, so a dispatcher decides. */
export const FALLBACK_CATEGORY = 'other';

/**
 * The district of an appeal that names none. Not in the directory, so only rules with a `*`
 * district route it (city-wide departments); the rest wait for a dispatcher.
 */
export const UNKNOWN_DISTRICT = 'unknown';

/**
 * The category whose keywords the text matches best. Longer keywords weigh more (停水 says more than
 * 水), ties go to the directory's order, and no match at all gives `other`.
 *
 * @example classifyCategory('小区停水两天了', directory) // 'water-supply'
 */
export function classifyCategory(text: string, directory: Directory): string {
  let best: Category | undefined;
  let bestScore = 0;
  for (const category of directory.categories.values()) {
    let score = 0;
    for (const keyword of category.keywords ?? []) if (text.includes(keyword)) score += keyword.length;
    if (score > bestScore) {
      best = category;
      bestScore = score;
    }
  }
  return best?.code ?? FALLBACK_CATEGORY;
}

/**
 * The first district the text names, by its full name (鼓楼区) or its short form (鼓楼), else
 * `unknown`. Full names are tried first so 江岸区 is not taken for a short form inside another name.
 */
export function findDistrict(text: string, directory: Directory): string {
  const districts = [...directory.districts.values()];
  for (const district of districts) if (text.includes(district.name)) return district.code;
  for (const district of districts) {
    const short = district.name.replace(/(新区|区|县)$/, '');
    if (short.length >= 2 && short !== district.name && text.includes(short)) return district.code;
  }
  return UNKNOWN_DISTRICT;
}

/** Words a citizen uses to say what kind of appeal this is, strongest first. */
const TYPE_WORDS: readonly (readonly [CaseType, readonly string[]])[] = [
  ['report', ['举报']],
  ['complaint', ['投诉']],
  ['praise', ['表扬', '感谢', '点赞']],
  ['suggestion', ['建议']],
  ['consultation', ['咨询', '请问', '怎么办理', '如何办理']],
];

/**
 * The appeal's type: what the citizen says it is, else the category's usual type, else 求助 help
 * (the safest default: it has a short deadline and no accusation in it).
 */
export function guessType(text: string, category: Category | undefined): CaseType {
  for (const [type, words] of TYPE_WORDS) if (words.some((w) => text.includes(w))) return type;
  return category?.defaultType ?? 'help';
}
