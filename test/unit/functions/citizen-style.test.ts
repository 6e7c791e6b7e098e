import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE_STYLE } from '../../../functions/serve-web/page-style.js';

// The rating page (submit-feedback) and the correction page (answer-correction) are rendered by
// their functions with the citizen page's look as an inline, hashed style (PAGE_STYLE); the citizen
// page itself takes it as a CSS file Vite extracts. Until those pages move into the web build, the
// two must say the same thing: a change to one is a change to both.

/** The rules without comments, layout, optional quotes and leading zeros (Biome's formatting). */
function rules(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{}:;,>()]) ?/g, '$1')
    .replace(/(^|[^\d.])0\./g, '$1.')
    .replaceAll('"', '')
    .replaceAll(';}', '}')
    .trim();
}

describe('Style: web/citizen/src/style.css', () => {
  it('holds the same rules as the inline style of the rating and correction pages', () => {
    // Act
    const css = readFileSync(new URL('../../../web/citizen/src/style.css', import.meta.url), 'utf8');
    const [file, inline] = [rules(css), rules(PAGE_STYLE)];

    // Assess
    expect(file).toBe(inline);
  });
});
