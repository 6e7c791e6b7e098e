import { describe, expect, it } from 'vitest';
import { FALLBACK_CATEGORY } from '../../../shared/domain/classify.js';
import { orderCategories } from '../../citizen/src/categories.js';

describe('Function: orderCategories', () => {
  it('orders the categories by the pinyin of their names', () => {
    // Prepare
    const categories = [
      { code: 'water-supply', name: '供水' },
      { code: 'traffic', name: '交通出行' },
      { code: 'road', name: '道路' },
      { code: 'safety', name: '安全生产' },
      { code: 'city-management', name: '城市管理' },
      { code: 'environment', name: '生态环境' },
    ];

    // Act
    const ordered = orderCategories(categories).map((c) => c.name);

    // Assess
    expect(ordered).toEqual(['安全生产', '城市管理', '道路', '供水', '交通出行', '生态环境']);
  });

  it('puts 其他 (the fallback category) last, though its pinyin (qita) sorts before 生态环境 (shengtai)', () => {
    // Prepare
    const categories = [
      { code: FALLBACK_CATEGORY, name: '其他' },
      { code: 'environment', name: '生态环境' },
      { code: 'road', name: '道路' },
    ];

    // Act
    const ordered = orderCategories(categories).map((c) => c.code);

    // Assess
    expect(ordered).toEqual(['road', 'environment', FALLBACK_CATEGORY]);
  });

  it('keeps each category whole (its default type) and leaves the directory as it was', () => {
    // Prepare
    const categories = [
      { code: 'water-supply', name: '供水', defaultType: 'help' },
      { code: 'road', name: '道路' },
    ];
    const before = structuredClone(categories);

    // Act
    const ordered = orderCategories(categories);

    // Assess
    expect(ordered).toEqual([categories[1], categories[0]]);
    expect(categories).toEqual(before);
  });

  it('answers an empty list for an empty directory', () => {
    // Act
    const ordered = orderCategories([]);

    // Assess
    expect(ordered).toEqual([]);
  });
});
