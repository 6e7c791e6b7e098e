import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { CFF_OFFSET_SIZE } from '../../../shared/adapters/cid-subset-fix.js';
import {
  FOLIO_BASELINE,
  letterFontBytes,
  renderReplyLetterPdf,
  UnsupportedCharactersError,
} from '../../../shared/adapters/reply-letter-pdf.js';
import { replyLetter } from '../../../shared/domain/disclosure/reply-letter.js';
import { letterInput, REPLY_BY_OUTCOME } from '../fixtures/reply-letter.js';

// Rendering embeds a subset of an 8 MB font: a few hundred milliseconds each on a shared machine.
const SLOW = 30_000;

const oneLetter = () => replyLetter(letterInput());

/** How many content streams draw text on the folio's baseline (a page number). */
function folios(doc: PDFDocument): number {
  const y = FOLIO_BASELINE.toFixed(4).slice(0, 5);
  let count = 0;
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.has(PDFName.of('Subtype'))) continue;
    let text: string;
    try {
      text = inflateSync(object.contents).toString('latin1');
    } catch {
      continue;
    }
    if (text.includes(` ${y}`) && text.includes('Tj')) count += 1;
  }
  return count;
}

describe('Adapter: renderReplyLetterPdf', () => {
  it(
    'renders a one-page PDF that reads back with its title and dates',
    async () => {
      // Act
      const rendered = await renderReplyLetterPdf(oneLetter());

      // Assess
      expect(Buffer.from(rendered.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const doc = await PDFDocument.load(rendered.bytes, { updateMetadata: false });
      expect(doc.getPageCount()).toBe(1);
      expect(rendered.pages).toBe(1);
      expect(doc.getTitle()).toBe('政府信息公开申请答复书');
      expect(doc.getAuthor()).toBe('福州市住房和城乡建设局');
      expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-26T16:00:00.000Z');
      expect(rendered.sha256).toBe(createHash('sha256').update(rendered.bytes).digest('hex'));
      // A subset, not the 8 MB font.
      expect(rendered.bytes.length).toBeLessThan(200_000);
    },
    SLOW,
  );

  it(
    'gives the same bytes and SHA-256 for the same letter',
    async () => {
      // Act
      const first = await renderReplyLetterPdf(oneLetter());
      const second = await renderReplyLetterPdf(oneLetter());

      // Assess
      expect(second.sha256).toBe(first.sha256);
      expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    },
    SLOW,
  );

  it(
    'wraps a long request onto more pages, numbered — N —',
    async () => {
      // Prepare
      const information =
        '2024年至2026年本市各区老旧小区改造项目的立项批复、资金拨付凭证、施工合同和验收报告，'.repeat(12);
      const letter = replyLetter(
        letterInput({
          request: { ...letterInput().request, information },
          reply: REPLY_BY_OUTCOME.partly_disclosed.reply,
        }),
      );

      // Act
      const rendered = await renderReplyLetterPdf(letter);

      // Assess
      expect(rendered.pages).toBeGreaterThanOrEqual(2);
      const doc = await PDFDocument.load(rendered.bytes);
      expect(doc.getPageCount()).toBe(rendered.pages);
      expect(folios(doc)).toBe(rendered.pages);
      expect(folios(await PDFDocument.load((await renderReplyLetterPdf(oneLetter())).bytes))).toBe(0);
    },
    SLOW,
  );

  it(
    'refuses a character the font lacks, naming it, unless asked to substitute it',
    async () => {
      // Prepare: 𠀾 (U+2003E) is outside the font's coverage, a name's rare character.
      const letter = replyLetter(
        letterInput({ request: { ...letterInput().request, applicantName: '张𠀾' } }),
      );

      // Act
      // Settled at once: a rejection left pending while the next render runs is an unhandled one.
      const refused = await renderReplyLetterPdf(letter).then(
        () => undefined,
        (error: unknown) => error,
      );
      const substituted = await renderReplyLetterPdf(letter, { substituteMissing: true });

      // Assess
      expect(refused).toBeInstanceOf(UnsupportedCharactersError);
      expect(refused).toMatchObject({ code: 'unsupported_characters', characters: ['𠀾'] });
      expect((refused as Error).message).toContain('𠀾（U+2003E）');
      expect(substituted.substituted).toEqual(['𠀾']);
      expect(substituted.pages).toBe(1);
    },
    SLOW,
  );
});

describe('Function: fixCidSubset', () => {
  it(
    'writes a CFF header a rasteriser accepts and keeps each glyph with its own font dict',
    async () => {
      // Prepare: a glyph of the CJK font dict between two of the Latin one.
      const bytes = await letterFontBytes();
      await renderReplyLetterPdf(oneLetter()); // installs the fix on fontkit's subset class
      const font = fontkit.create(bytes) as unknown as {
        createSubset(): { includeGlyph(g: number): number; encode(s: unknown): void; glyphs: number[] };
        glyphForCodePoint(cp: number): { id: number };
        'CFF ': { fdForGlyph(gid: number): number };
      };
      const subset = font.createSubset() as unknown as {
        includeGlyph(g: number): number;
        glyphs: number[];
        subsetFontdict(top: Record<string, unknown>): void;
      };
      const gids = ['A', '政', '1'].map((c) => font.glyphForCodePoint(c.codePointAt(0) ?? 0).id);
      for (const gid of gids) subset.includeGlyph(gid);
      const top: Record<string, unknown> = {};

      // Act
      subset.subsetFontdict(top);

      // Assess
      const fds = (top.FDSelect as { fds: number[] }).fds;
      const original = subset.glyphs.map((gid) => font['CFF '].fdForGlyph(gid));
      // Same original FD ⇔ same new index, for every pair of glyphs.
      for (const [i, a] of original.entries()) {
        for (const [j, b] of original.entries()) expect(fds[i] === fds[j]).toBe(a === b);
      }
      expect(CFF_OFFSET_SIZE).toBeLessThanOrEqual(4);
    },
    SLOW,
  );
});
