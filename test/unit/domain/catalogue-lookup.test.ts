import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseTyped, resolveCategory, resolveDistrict } from '../../../shared/domain/catalogue-lookup.js';
import { buildDirectory } from '../../../shared/domain/directory.js';
import { SEED_DIRECTORY } from '../../../shared/seed/directory.js';

const directory = buildDirectory(SEED_DIRECTORY);
const categories = [...directory.categories.values()];
const districts = [...directory.districts.values()];

/** Full-width forms of ASCII letters and digits (Ａ for A, １ for 1), as a Chinese IME types them. */
const fullWidth = (text: string) =>
  [...text].map((c) => (/[!-~]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

/** Spaces an agent's typing leaves around a word: ASCII, the ideographic space, tabs. */
const padding = fc.array(fc.constantFrom(' ', '\u3000', '\t'), { maxLength: 3 }).map((a) => a.join(''));

/** Keywords that name exactly one category of the seed, with that category. */
const ownKeywords = categories.flatMap((c) =>
  (c.keywords ?? [])
    .filter((k) => categories.filter((o) => o.name === k || (o.keywords ?? []).includes(k)).length === 1)
    .map((k) => [k, c.code] as const),
);

describe('Module: catalogue-lookup', () => {
  it('normalises full-width forms, spaces and case', () => {
    // Act & Assess
    expect(normaliseTyped('\u3000Ｗａｔｅｒ－Ｓｕｐｐｌｙ ')).toBe('water-supply');
    expect(normaliseTyped(' 鼓楼　区 ')).toBe('鼓楼区');
  });

  it('resolves every category by its code and by its name, whatever the padding and width', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...categories),
        padding,
        padding,
        fc.boolean(),
        (c, before, after, wide) => {
          // Prepare
          const code = wide ? fullWidth(c.code.toUpperCase()) : c.code;

          // Act
          const byCode = resolveCategory(`${before}${code}${after}`, directory);
          const byName = resolveCategory(`${before}${c.name}${after}`, directory);

          // Assess
          expect(byCode).toEqual({ ok: true, code: c.code, by: 'code' });
          expect(byName).toEqual({ ok: true, code: c.code, by: 'name' });
        },
      ),
    );
  });

  it('resolves a category by a keyword only it has, alone or in a phrase', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ownKeywords), padding, ([keyword, code], pad) => {
        // Act
        const alone = resolveCategory(`${pad}${keyword}${pad}`, directory);

        // Assess
        expect(alone).toMatchObject({ ok: true, code });
      }),
    );
    expect(resolveCategory('小区停水两天', directory)).toEqual({
      ok: true,
      code: 'water-supply',
      by: 'keyword',
    });
    expect(resolveCategory('供水问题', directory)).toEqual({ ok: true, code: 'water-supply', by: 'keyword' });
  });

  it('leaves a text no category fits unresolved', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[Qq#@ ]{0,20}$/), (text) => {
        // Act & Assess
        expect(resolveCategory(text, directory)).toEqual({ ok: false, reason: 'unknown', candidates: [] });
      }),
    );
    expect(resolveCategory('今天天气不错', directory)).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('leaves a text two categories fit unresolved, naming both', () => {
    // Act: 道路 is road-damage's, 积水 drainage's.
    const lookup = resolveCategory('道路积水', directory);

    // Assess
    expect(lookup).toEqual({ ok: false, reason: 'ambiguous', candidates: ['road-damage', 'drainage'] });
  });

  it('treats two entries with one name as ambiguous, never the first of them', () => {
    // Prepare
    const twins = buildDirectory({
      ...SEED_DIRECTORY,
      categories: [
        { code: 'water-a', name: '供水' },
        { code: 'water-b', name: '供水' },
      ],
    });

    // Act & Assess
    expect(resolveCategory('供水', twins)).toEqual({
      ok: false,
      reason: 'ambiguous',
      candidates: ['water-a', 'water-b'],
    });
  });

  it('prefers an exact code or name to a keyword another category shares', () => {
    // Act & Assess: 供暖 is heating's name and no other's keyword; 供电 is power-supply's name and keyword.
    expect(resolveCategory('供暖', directory)).toEqual({ ok: true, code: 'heating', by: 'name' });
    expect(resolveCategory('供电', directory)).toEqual({ ok: true, code: 'power-supply', by: 'name' });
  });

  it('resolves every district by its code, its name and its short form', () => {
    fc.assert(
      fc.property(fc.constantFrom(...districts), padding, (d, pad) => {
        // Prepare
        const short = d.name.replace(/(新区|区|县)$/u, '');

        // Act & Assess
        expect(resolveDistrict(`${pad}${d.code}${pad}`, directory)).toEqual({
          ok: true,
          code: d.code,
          by: 'code',
        });
        expect(resolveDistrict(`${pad}${d.name}${pad}`, directory)).toEqual({
          ok: true,
          code: d.code,
          by: 'name',
        });
        if (short.length >= 2 && short !== d.name) {
          expect(resolveDistrict(short, directory)).toEqual({ ok: true, code: d.code, by: 'name' });
        }
      }),
    );
  });

  it('resolves a district named inside a longer place, and not one no district fits', () => {
    // Act & Assess
    expect(resolveDistrict('鼓楼区中山路街道', directory)).toMatchObject({ ok: true, code: 'gulou' });
    expect(resolveDistrict('火星', directory)).toEqual({ ok: false, reason: 'unknown', candidates: [] });
    expect(resolveDistrict('   ', directory)).toEqual({ ok: false, reason: 'unknown', candidates: [] });
    expect(resolveDistrict('鼓楼江岸交界', directory)).toMatchObject({ ok: false, reason: 'ambiguous' });
  });
});
