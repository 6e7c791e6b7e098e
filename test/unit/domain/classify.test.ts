import { describe, expect, it } from 'vitest';
import {
  buildDirectory,
  classifyCategory,
  findDistrict,
  guessType,
  route,
  UNKNOWN_DISTRICT,
} from '../../../shared/domain/index.js';
import { SEED_DIRECTORY } from '../../../shared/seed/directory.js';

const directory = buildDirectory(SEED_DIRECTORY);

describe('Module: classify', () => {
  it.each([
    ['小区从昨晚开始停水，水压也一直很低', 'water-supply'],
    ['楼下工地晚上施工，噪音太大', 'noise'],
    ['暖气片一直不热，家里才十几度', 'heating'],
    ['路口的路灯不亮好几天了', 'street-lighting'],
    ['老板拖欠工资三个月', 'wage-arrears'],
    ['今天天气不错', 'other'],
  ])('classifies "%s" as %s', (text, category) => {
    // Act & Assess
    expect(classifyCategory(text, directory)).toBe(category);
  });

  it('weighs longer keywords more than shorter ones', () => {
    // Act & Assess: 燃气味 (3) beats 道路 (2).
    expect(classifyCategory('道路边有燃气味', directory)).toBe('gas');
  });

  it.each([
    ['鼓楼区东街停水', 'gulou'],
    ['江岸滨江路施工', 'jiangan'],
    ['临江新区的公交站', 'linjiang'],
    ['江城市城西区解放大道', 'chengxi'],
    ['我家停水了', UNKNOWN_DISTRICT],
  ])('finds the district in "%s"', (text, district) => {
    // Act & Assess
    expect(findDistrict(text, directory)).toBe(district);
  });

  it('routes an unknown district through rules with a * district only', () => {
    // Act
    const water = route(directory, 'water-supply', UNKNOWN_DISTRICT);
    const other = route(directory, 'other', UNKNOWN_DISTRICT);

    // Assess
    expect(water?.departmentId).toBe('water-group');
    expect(other).toBeUndefined();
  });

  it('takes the type the citizen names, else the category default, else help', () => {
    // Act & Assess
    expect(guessType('我要举报这家餐馆', directory.categories.get('water-supply'))).toBe('report');
    expect(guessType('暖气不热', directory.categories.get('heating'))).toBe('complaint');
    expect(guessType('随便说说', undefined)).toBe('help');
  });
});
