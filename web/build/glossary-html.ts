// The glossary in the pages' markup at build time: `{{RATE_TEXT.onTimeRate}}` in an index.html
// becomes 按时办结率, so a static heading says the same word as the scripts and the CSV without
// typing it twice. An unknown name fails the build instead of reaching a reader.
import type { Plugin } from 'vite';
import * as labels from '../../shared/domain/labels.js';

const PLACEHOLDER = /\{\{([A-Z_]+)\.([A-Za-z_]+)\}\}/g;

/**
 * The markup with every `{{TABLE.key}}` replaced by that glossary entry, HTML-escaped.
 *
 * @example
 * fillGlossary('<th>{{COUNTER_TEXT.appeals}}</th>') // '<th>诉求量</th>'
 */
export function fillGlossary(html: string, file = 'index.html'): string {
  return html.replace(PLACEHOLDER, (whole, table: string, key: string) => {
    const entries = (labels as Record<string, unknown>)[table];
    const text =
      entries && typeof entries === 'object' ? (entries as Record<string, unknown>)[key] : undefined;
    if (typeof text !== 'string') throw new Error(`${file}: ${whole} is not in shared/domain/labels.ts`);
    return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  });
}

/** The Vite plugin: fills the placeholders of every page before Vite reads its scripts. */
export function glossaryHtml(): Plugin {
  return {
    name: 'hotline12345-glossary-html',
    transformIndexHtml: { order: 'pre', handler: (html, ctx) => fillGlossary(html, ctx.filename) },
  };
}
