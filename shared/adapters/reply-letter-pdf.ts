import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import type { ReplyLetter } from '../domain/disclosure/reply-letter.js';
import { DomainError } from '../domain/errors.js';
import { REPLY_TEXT } from '../domain/labels.js';
import { fixCidSubset } from './cid-subset-fix.js';

// 答复书 → PDF: the letter's document model laid out as a government letter (GB/T 9704-2012 is the
// reference) with pdf-lib and a subset of Noto Sans Hans embedded, deterministic so the same letter
// always has the same SHA-256 (the dossier stores the hash beside the bytes).

/** The font npm ships (@embedpdf/fonts-sc, OFL-1.1): Noto Sans Hans, the regular weight only. */
export const LETTER_FONT_PACKAGE = '@embedpdf/fonts-sc';
export const LETTER_FONT_FILE = 'NotoSansHans-Regular.otf';

/** Where a deployed bundle carries the font, beside its entry (infra/functions.ts `bundledFiles`). */
export const LETTER_FONT_BUNDLED = `fonts/${LETTER_FONT_FILE}`;

/**
 * The font file: beside the bundle when deployed (a Lambda bundle has no node_modules; CDK copies
 * the file in, see infra/functions.ts), else inside its package. The package exports only its
 * entry point (not package.json), so the entry is resolved and the fonts folder found beside its
 * `dist/`.
 */
export function letterFontPath(): string {
  const bundled = join(dirname(fileURLToPath(import.meta.url)), LETTER_FONT_BUNDLED);
  if (existsSync(bundled)) return bundled;
  const entry = createRequire(import.meta.url).resolve(LETTER_FONT_PACKAGE);
  return join(dirname(entry), '..', 'fonts', LETTER_FONT_FILE);
}

let fontBytes: Promise<Uint8Array> | undefined;
/** Read once per process (8 MB): a warm Lambda renders every later letter without reading it again. */
export function letterFontBytes(): Promise<Uint8Array> {
  fontBytes ??= readFile(letterFontPath()).then((b) => new Uint8Array(b));
  return fontBytes;
}

interface CoverageFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  createSubset(): unknown;
}
const coverage = new WeakMap<Uint8Array, CoverageFont>();
function coverageOf(bytes: Uint8Array): CoverageFont {
  let font = coverage.get(bytes);
  if (!font) {
    font = fontkit.create(bytes) as unknown as CoverageFont;
    fixCidSubset(font); // before pdf-lib subsets with the same fontkit (cid-subset-fix.ts)
    coverage.set(bytes, font);
  }
  return font;
}

/**
 * Characters the font cannot draw (a rare character of a name, U+20000 and beyond, an emoji). They
 * would print as nothing or as a box, so a letter with them is refused (422) unless the caller
 * asked to substitute them, which lists them for the office to write in by hand.
 */
export class UnsupportedCharactersError extends DomainError {
  readonly characters: readonly string[];
  constructor(characters: readonly string[], options?: ErrorOptions) {
    const list = characters
      .map((c) => `${c}（U+${c.codePointAt(0)?.toString(16).toUpperCase()}）`)
      .join('、');
    super(
      'unsupported_characters',
      `答复书字库中没有以下字符，无法生成：${list}。请核对申请人姓名等内容，或选择以“${REPLY_TEXT.missingGlyph}”代替并在纸质件上手写补全。`,
      options,
    );
    this.name = 'UnsupportedCharactersError';
    this.characters = characters;
  }
}

export interface RenderOptions {
  /** Replace characters the font lacks with 〓 (the typesetter's 缺字 mark) and list them. */
  readonly substituteMissing?: boolean;
  /** The font's bytes (tests, or a deployment that ships the font elsewhere); default: the package's. */
  readonly font?: Uint8Array;
}

export interface RenderedLetter {
  readonly bytes: Uint8Array;
  /** Hex SHA-256 of `bytes`. */
  readonly sha256: string;
  readonly pages: number;
  /** Characters replaced by 〓 (only with `substituteMissing`). */
  readonly substituted: readonly string[];
}

// GB/T 9704-2012: A4, 版心 156 mm × 225 mm, top margin 37 mm, left 28 mm; 22 lines of 28 characters
// in 3号 (16 pt; 24 lines here, see LINES_PER_PAGE); title in 2号 (22 pt); page numbers in 4号 (14 pt) 7 mm below the 版心.
const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const LEFT = 28 * MM;
const TOP = 37 * MM;
const TEXT_WIDTH = 156 * MM;
const TEXT_HEIGHT = 225 * MM;
const CHARS_PER_LINE = 28;
/**
 * 24 lines rather than GB/T's 22 (a 26.6 pt pitch instead of 29 pt): the remedy notice quotes two
 * laws, and a typical reply then still fits one page.
 */
const LINES_PER_PAGE = 24;
/** 3号 on the 28-character grid: 156 mm / 28 ≈ 15.8 pt. */
const BODY_SIZE = TEXT_WIDTH / CHARS_PER_LINE;
const LINE_PITCH = TEXT_HEIGHT / LINES_PER_PAGE;
const TITLE_SIZE = 22;
const FOLIO_SIZE = 14;
const FOLIO_DROP = 7 * MM;
/** The folio's baseline (pt from the page's foot): its line sits 7 mm below the 版心. */
export const FOLIO_BASELINE = PAGE.height - TOP - TEXT_HEIGHT - FOLIO_DROP - FOLIO_SIZE;

/** Not at a line's start (closing punctuation): it hangs in the margin instead (避头). */
const NO_LINE_START = new Set(Array.from('，。、；：？！）】》」』”’〕…—％%,.;:?!)]'));
/** Not at a line's end (opening punctuation): it moves to the next line (避尾). */
const NO_LINE_END = new Set(Array.from('（【《「『“‘〔(['));
/** A run kept whole when it fits a line: numbers, Latin words, e-mail addresses, links. */
const WORD = /[A-Za-z0-9@._\-/:%+#&=?~]+|[\s\S]/gu;

/**
 * A width measurer that remembers: pdf-lib shapes the text on every call (fontkit's layout), and a
 * letter measures the same few hundred characters thousands of times.
 */
function measurer(font: PDFFont): (text: string, size: number) => number {
  const perPoint = new Map<string, number>();
  return (text, size) => {
    let w = perPoint.get(text);
    if (w === undefined) {
      w = font.widthOfTextAtSize(text, 1);
      perPoint.set(text, w);
    }
    return w * size;
  };
}
type Measure = ReturnType<typeof measurer>;

/** Whole code points, so a character outside the BMP is never cut in two. */
function tokens(text: string, measure: Measure, size: number, width: number): string[] {
  const out: string[] = [];
  for (const [token] of text.matchAll(WORD)) {
    if (token.length > 1 && measure(token, size) > width) out.push(...Array.from(token));
    else out.push(token);
  }
  return out;
}

/**
 * Breaks a paragraph into lines no wider than `width` (the first `indent` narrower): greedy, with
 * closing punctuation hanging and opening punctuation carried to the next line.
 */
export function wrap(text: string, measure: Measure, size: number, width: number, indent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = indent;
  for (const token of tokens(text, measure, size, width)) {
    const w = measure(token, size);
    if (lineWidth + w <= width + 0.01 || line === '' || NO_LINE_START.has(Array.from(token)[0] ?? '')) {
      line += token;
      lineWidth += w;
      continue;
    }
    let carry = '';
    let chars = Array.from(line);
    while (chars.length > 1 && NO_LINE_END.has(chars.at(-1) ?? '')) {
      carry = (chars.pop() ?? '') + carry;
    }
    lines.push(chars.join(''));
    line = carry + token;
    lineWidth = Array.from(line).reduce((sum, c) => sum + measure(c, size), 0);
    chars = [];
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** One drawn line: its text, size, and where it goes across the text block. */
interface Line {
  readonly text: string;
  readonly size: number;
  readonly align: 'left' | 'center' | 'right';
  readonly indent?: number;
  /** Distance kept from the right edge (成文日期 右空四字). */
  readonly rightGap?: number;
  /** Centre over this x instead of the block's (发文机关署名 centred over the date). */
  readonly centreAt?: number;
  /** Lines of pitch this line takes (the title takes more). */
  readonly pitch: number;
  /** Lines that share a `keep` stay on one page (the signature with the body's last lines). */
  readonly keep?: number;
}

function layout(letter: ReplyLetter, measure: Measure): Line[] {
  const em = BODY_SIZE;
  const lines: Line[] = [];
  for (const t of wrap(letter.title, measure, TITLE_SIZE, TEXT_WIDTH)) {
    lines.push({ text: t, size: TITLE_SIZE, align: 'center', pitch: 1.2 });
  }
  // 文号 under the title, then a little more than a line's space before the addressee.
  lines.push({ text: letter.letterNo, size: BODY_SIZE, align: 'center', pitch: 1.3 });
  for (const t of wrap(letter.addressee, measure, BODY_SIZE, TEXT_WIDTH)) {
    lines.push({ text: t, size: BODY_SIZE, align: 'left', pitch: 1 });
  }
  for (const paragraph of letter.paragraphs) {
    wrap(paragraph, measure, BODY_SIZE, TEXT_WIDTH, 2 * em).forEach((t, i) => {
      lines.push({ text: t, size: BODY_SIZE, align: 'left', indent: i === 0 ? 2 * em : 0, pitch: 1 });
    });
  }
  const [body, date] = letter.signature;
  const dateWidth = measure(date, BODY_SIZE);
  const dateCentre = LEFT + TEXT_WIDTH - 4 * em - dateWidth / 2;
  // GB/T 9704: no page may hold the signature alone, so the body's last line goes with it; one
  // blank line between the body and the signature.
  const keep = 1;
  for (const line of lines.splice(-1)) lines.push({ ...line, keep });
  lines.push({ text: '', size: BODY_SIZE, align: 'left', pitch: 1, keep });
  lines.push({ text: body, size: BODY_SIZE, align: 'center', centreAt: dateCentre, pitch: 1, keep });
  lines.push({ text: date, size: BODY_SIZE, align: 'right', rightGap: 4 * em, pitch: 1, keep });
  return lines;
}

function xOf(line: Line, measure: Measure): number {
  const width = measure(line.text, line.size);
  if (line.centreAt !== undefined) return Math.max(LEFT, line.centreAt - width / 2);
  if (line.align === 'center') return LEFT + (TEXT_WIDTH - width) / 2;
  if (line.align === 'right') return LEFT + TEXT_WIDTH - (line.rightGap ?? 0) - width;
  return LEFT + (line.indent ?? 0);
}

/** 页码: — N —, 4号, odd pages right and even pages left, one character in (GB/T 9704 7.5). */
function drawFolio(page: PDFPage, n: number, font: PDFFont): void {
  const text = `— ${n} —`;
  const width = font.widthOfTextAtSize(text, FOLIO_SIZE);
  const x = n % 2 === 1 ? LEFT + TEXT_WIDTH - FOLIO_SIZE - width : LEFT + FOLIO_SIZE;
  page.drawText(text, {
    x,
    y: FOLIO_BASELINE,
    size: FOLIO_SIZE,
    font,
  });
}

function allText(letter: ReplyLetter): string {
  return [
    letter.title,
    letter.letterNo,
    letter.addressee,
    ...letter.paragraphs,
    ...letter.signature,
    '— 0123456789',
  ].join('');
}

/** Each character the font lacks, once, in order of appearance. */
export function missingCharacters(text: string, bytes: Uint8Array): string[] {
  const font = coverageOf(bytes);
  const missing = new Set<string>();
  for (const c of text) {
    if (/\s/u.test(c)) continue;
    const cp = c.codePointAt(0) ?? 0;
    if (!font.hasGlyphForCodePoint(cp)) missing.add(c);
  }
  return [...missing];
}

function substitute(letter: ReplyLetter, missing: readonly string[]): ReplyLetter {
  if (missing.length === 0) return letter;
  const swap = (s: string) =>
    Array.from(s, (c) => (missing.includes(c) ? REPLY_TEXT.missingGlyph : c)).join('');
  return {
    ...letter,
    title: swap(letter.title),
    letterNo: swap(letter.letterNo),
    addressee: swap(letter.addressee),
    paragraphs: letter.paragraphs.map(swap),
    signature: [swap(letter.signature[0]), swap(letter.signature[1])],
  };
}

/**
 * The subset's name: a tag of six capitals (PDF 32000 9.6.4) derived from the characters it holds,
 * so the name is the same for the same letter (pdf-lib would add a numeric suffix of its own).
 */
function subsetName(text: string): string {
  const digest = createHash('sha256')
    .update([...new Set(text)].sort().join(''))
    .digest();
  const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  return `${tag}+NotoSansHans-Regular`;
}

/** A fixed producer and creator: a library upgrade must not change a letter's hash by itself. */
const PRODUCER = 'citizen-appeal-12345 reply-letter-pdf';

/**
 * Renders a 答复书 to PDF. Deterministic: the creation and modification dates are the reply's date
 * (00:00 Asia/Shanghai), producer and creator are fixed, pdf-lib writes no document ID, and the
 * subset's name comes from its characters; the same letter gives the same bytes and SHA-256.
 *
 * @example
 * const { bytes, sha256, pages } = await renderReplyLetterPdf(replyLetter(input));
 */
export async function renderReplyLetterPdf(
  letter: ReplyLetter,
  options: RenderOptions = {},
): Promise<RenderedLetter> {
  const bytes = options.font ?? (await letterFontBytes());
  const missing = missingCharacters(allText(letter), bytes);
  if (missing.length > 0 && !options.substituteMissing) throw new UnsupportedCharactersError(missing);
  const drawn = substitute(letter, missing);

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(bytes, { subset: true, customName: subsetName(allText(drawn)) });

  const measure = measurer(font);
  const lines = layout(drawn, measure);
  let page: PDFPage | undefined;
  let used = LINES_PER_PAGE;
  const pages: PDFPage[] = [];
  for (const [i, line] of lines.entries()) {
    const starts = line.keep !== undefined && lines[i - 1]?.keep !== line.keep;
    const needed = starts
      ? lines.filter((l) => l.keep === line.keep).reduce((sum, l) => sum + l.pitch, 0)
      : line.pitch;
    if (!page || used + needed > LINES_PER_PAGE + 0.01) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      pages.push(page);
      used = 0;
      if (line.text === '') continue; // a page never starts with a blank line
    }
    used += line.pitch;
    // Baseline about a fifth of the pitch above the line's foot, as a grid of 3号 text sits.
    const y = PAGE.height - TOP - used * LINE_PITCH + (LINE_PITCH - line.size) / 2 + line.size * 0.12;
    if (line.text) page.drawText(line.text, { x: xOf(line, measure), y, size: line.size, font });
  }
  if (pages.length > 1) for (const [i, p] of pages.entries()) drawFolio(p, i + 1, font);

  const date = new Date(`${letter.metadata.date}T00:00:00+08:00`);
  doc.setTitle(letter.metadata.title, { showInWindowTitleBar: true });
  doc.setAuthor(letter.metadata.author);
  doc.setSubject(letter.metadata.subject);
  doc.setKeywords([...letter.metadata.keywords]);
  doc.setLanguage('zh-CN');
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setCreationDate(date);
  doc.setModificationDate(date);

  const out = await doc.save();
  return {
    bytes: out,
    sha256: createHash('sha256').update(out).digest('hex'),
    pages: pages.length,
    substituted: missing,
  };
}
