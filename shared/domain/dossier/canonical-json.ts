/**
 * Canonical JSON: object keys sorted by UTF-16 code units at every level, no insignificant
 * whitespace, strings and numbers as `JSON.stringify` writes them. For the values a dossier holds
 * (strings, finite numbers, booleans, null, arrays, plain objects) this is RFC 8785 (JCS), so an
 * auditor can recompute a hash with any JCS library. Keys whose value is `undefined` are left out,
 * as `JSON.stringify` does, so a parsed dossier hashes like the one that was written.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * canonicalJson({ b: 1, a: 2 }, 2);         // '{\n  "a": 2,\n  "b": 1\n}'
 */
export function canonicalJson(value: unknown, indent = 0): string {
  return write(value, indent, '');
}

function write(value: unknown, indent: number, pad: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON has no form for a ${typeof value}`);
  }
  const inner = indent > 0 ? pad + ' '.repeat(indent) : '';
  const open = indent > 0 ? `\n${inner}` : '';
  const sep = indent > 0 ? `,\n${inner}` : ',';
  const close = indent > 0 ? `\n${pad}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    // An undefined array slot is written as null, as JSON.stringify writes it.
    const items = value.map((v) => (v === undefined ? 'null' : write(v, indent, inner)));
    return `[${open}${items.join(sep)}${close}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError('canonical JSON takes plain objects only');
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units: what RFC 8785 prescribes.
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  if (keys.length === 0) return '{}';
  const colon = indent > 0 ? ': ' : ':';
  const members = keys.map((k) => `${JSON.stringify(k)}${colon}${write(record[k], indent, inner)}`);
  return `{${open}${members.join(sep)}${close}}`;
}
