// CSV for Excel in China, shared by every export: UTF-8 with a BOM (without it Excel reads GBK and
// garbles the Chinese), RFC 4180 quoting, CRLF line ends, and no field a spreadsheet would run.

export const BOM = '\uFEFF';

/**
 * What a spreadsheet may read as a formula or a DDE call (OWASP's CSV injection guidance, ASVS
 * 5.0 1.2.10): `=`, `+`, `-`, `@`, `|` or their full-width forms (what a Chinese input method
 * types by default) first, also behind leading whitespace or control characters, which some
 * spreadsheets skip; and any leading control character (NUL, tab, CR, LF …) on its own.
 */
const FORMULA_START = /^(?:\p{Cc}|[\s\p{Cc}]*[=+\-@|\uff1d\uff0b\uff0d\uff20])/u;

/**
 * One RFC 4180 field. Text that a spreadsheet could run as a formula gets a leading apostrophe
 * (shown by no spreadsheet, kept by a plain reader): names come from the directory, which an
 * operator, not this code, writes.
 *
 * @example
 * csvField(' =HYPERLINK("x")') // '"\' =HYPERLINK(""x"")"'
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * Lines of fields as the text of a CSV file: BOM first, CRLF after every line.
 *
 * @example
 * csvText([['a', 1]]) // '\uFEFFa,1\r\n'
 */
export function csvText(lines: readonly (readonly (string | number | null)[])[]): string {
  return `${BOM}${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}
