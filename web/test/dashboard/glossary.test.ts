import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COUNTER_TEXT, RATE_EMPTY_TEXT, RATE_TEXT } from '../../../shared/domain/labels.js';
import { fillGlossary } from '../../build/glossary-html.js';

// The dashboard says every rate and counter in the glossary's words (shared/domain/labels.ts) and
// types none of them itself: not in its markup, not in its modules.

const ROOT = new URL('../../dashboard/', import.meta.url);
/** Names the glossary retired: a page that still says one is out of date. */
const RETIRED_NAMES = ['网上诉求', '12345热线', '回访参评率', '放弃率', '15秒', '受理量'];

function sources(dir: URL): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(new URL(`${entry.name}/`, dir))
      : /\.(ts|html|css)$/.test(entry.name)
        ? [readFileSync(new URL(entry.name, dir), 'utf8')]
        : [],
  );
}

/** The text a reader can meet: comments (which may name a term beside the code) left out. */
const withoutComments = (text: string) =>
  text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/ .*$/gm, '');

describe('Dashboard: glossary', () => {
  it('types no rate, empty-rate reason or volume name of the glossary in its markup or modules', () => {
    // Prepare
    const text = sources(ROOT).map(withoutComments).join('\n');

    // Act
    const typed = [
      ...Object.values(RATE_TEXT),
      ...Object.values(RATE_EMPTY_TEXT),
      COUNTER_TEXT.appeals,
      ...RETIRED_NAMES,
    ].filter((name) => text.includes(name));

    // Assess
    expect(typed).toEqual([]);
  });

  it('heads the built page and its league table with the glossary names', () => {
    // Act
    const html = fillGlossary(readFileSync(new URL('index.html', ROOT), 'utf8'));

    // Assess
    expect(html).toContain(`<title>12345 热线数据分析 · ${RATE_TEXT.answerRate} `);
    for (const rate of ['onTimeRate', 'satisfactionRate', 'misrouteRate'] as const) {
      expect(html).toContain(`<th scope="col">${RATE_TEXT[rate]}<small>`);
    }
    expect(html).toContain(`<th scope="col">${COUNTER_TEXT.appeals}</th>`);
    expect(html).not.toContain('{{');
  });

  it('fails the build on a name the glossary does not have, and escapes what it fills in', () => {
    // Act & Assess
    expect(() => fillGlossary('<p>{{RATE_TEXT.noSuchRate}}</p>', 'x.html')).toThrow(
      'x.html: {{RATE_TEXT.noSuchRate}} is not in shared/domain/labels.ts',
    );
    expect(() => fillGlossary('<p>{{NO_TABLE.x}}</p>')).toThrow();
    expect(fillGlossary('{{COUNTER_TEXT.appeals}}')).toBe(COUNTER_TEXT.appeals);
  });
});
