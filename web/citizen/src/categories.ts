import { FALLBACK_CATEGORY } from '../../../shared/domain/classify.js';

/** A category as the directory (GET /v1/directory) lists it. */
export interface CategoryChoice {
  code: string;
  name: string;
  defaultType?: string;
}

// zh-CN collation orders Chinese by pinyin (安全 before 城管 before 供水), which is how a citizen
// scans a long list; created once, as a collator is costly to build on a cheap phone.
const PINYIN = new Intl.Collator('zh-CN');

/**
 * The categories in pinyin order of their names, with 其他 (the classifier's fallback, for what fits
 * nowhere else) last, where a citizen looks after finding nothing that fits.
 *
 * @example
 * orderCategories([{ code: 'other', name: '其他' }, { code: 'water', name: '供水' }, { code: 'road', name: '道路' }])
 * // → 道路, 供水, 其他
 */
export function orderCategories<T extends CategoryChoice>(categories: readonly T[]): T[] {
  return [...categories].sort((a, b) => {
    const fallback = Number(a.code === FALLBACK_CATEGORY) - Number(b.code === FALLBACK_CATEGORY);
    return fallback !== 0 ? fallback : PINYIN.compare(a.name, b.name);
  });
}
