// Two faults of @pdf-lib/fontkit 1.1.1's CFF subsetter (CFFSubset), which pdf-lib uses for
// `embedFont(bytes, { subset: true })` with an OpenType/CFF font such as Noto Sans Hans:
// 1. `encode` writes the CFF header's offSize (absolute offset size, 1–4) from the CFF table's
//    `length` field (26 for this font): FreeType (Chromium's PDFium, most Linux viewers) refuses the
//    embedded font, and the viewer draws Latin with a fallback font and every Chinese character as
//    nothing. Seen here, rendered in Chromium: digits printed, Chinese did not. It is set to 4 (any
//    offset of a subset fits in four bytes).
// 2. `subsetFontdict` gives every glyph the index of the font dict (FD) pushed LAST, not the FD it
//    belongs to, so a glyph placed after one of another FD is drawn with the wrong private dict and
//    local subroutines. Each original FD is mapped to its own new index instead.
// Both methods are replaced on the subset class, once; unit tests pin the header and the mapping.

interface CffTable {
  readonly topDict: { readonly FDArray: ReadonlyArray<Record<string, unknown>> };
  fdForGlyph(gid: number): number | null;
}
interface CffSubset {
  readonly glyphs: readonly number[];
  readonly cff: CffTable;
  readonly font: {
    getGlyph(gid: number): { readonly path: unknown; readonly _usedSubrs?: Record<string, true> };
  };
  subsetSubrs(subrs: unknown, used: Record<string, true>): unknown;
  subsetFontdict(topDict: Record<string, unknown>): void;
  encode(stream: unknown): unknown;
}

/** The header's offSize for the subset: four bytes hold any offset. */
export const CFF_OFFSET_SIZE = 4;

/** FDArray and FDSelect for the subset: each glyph keeps the font dict (and subroutines) it had. */
function subsetFontdict(this: CffSubset, topDict: Record<string, unknown>): void {
  const fdArray: Array<Record<string, unknown>> = [];
  const fds: number[] = [];
  const usedSubrs: Array<Record<string, true>> = [];
  const newIndex = new Map<number, number>();
  for (const gid of this.glyphs) {
    const fd = this.cff.fdForGlyph(gid);
    if (fd === null || fd === undefined) continue;
    let index = newIndex.get(fd);
    if (index === undefined) {
      index = fdArray.length;
      newIndex.set(fd, index);
      fdArray.push({ ...this.cff.topDict.FDArray[fd] });
      usedSubrs.push({});
    }
    fds.push(index);
    const glyph = this.font.getGlyph(gid);
    void glyph.path; // parsing the glyph records the subroutines it calls
    Object.assign(usedSubrs[index] as Record<string, true>, glyph._usedSubrs ?? {});
  }
  fdArray.forEach((dict, i) => {
    delete dict.FontName;
    const priv = dict.Private as Record<string, unknown> | undefined;
    if (priv?.Subrs) {
      dict.Private = { ...priv, Subrs: this.subsetSubrs(priv.Subrs, usedSubrs[i] ?? {}) };
    }
  });
  topDict.FDArray = fdArray;
  topDict.FDSelect = { version: 0, fds };
}

const patched = new WeakSet<object>();

/**
 * Installs the fix on the CFF subset class of a fontkit font (idempotent). Pass any CFF font
 * created by the same fontkit: the class is shared.
 *
 * @example
 * fixCidSubset(fontkit.create(bytes));
 */
export function fixCidSubset(font: { createSubset(): unknown }): void {
  const proto = Object.getPrototypeOf(font.createSubset()) as CffSubset | null;
  if (!proto || patched.has(proto) || typeof proto.subsetFontdict !== 'function') return;
  proto.subsetFontdict = subsetFontdict;
  const encode = proto.encode;
  proto.encode = function encodeWithOffsetSize(this: CffSubset, stream: unknown): unknown {
    // The original reads `this.cff.length` as the header's offSize: lend it a valid one meanwhile.
    const cff = this.cff as unknown as { length: number };
    const length = cff.length;
    cff.length = CFF_OFFSET_SIZE;
    try {
      return encode.call(this, stream);
    } finally {
      cff.length = length;
    }
  };
  patched.add(proto);
}
