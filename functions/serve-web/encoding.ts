// Which of the build's pre-compressed variants a client takes (Accept-Encoding, RFC 9110 §12.5.3).

export type Coding = 'br' | 'gzip' | 'identity';

/** The q-value the header gives `coding` (an explicit entry beats `*`); 0 when not accepted. */
function quality(header: string, coding: 'br' | 'gzip'): number {
  let star: number | undefined;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    const weight = Number.isFinite(value) ? value : 0;
    if (name === coding) return weight;
    if (name === '*') star = weight;
  }
  return star ?? 0;
}

/**
 * The best encoding on offer that the client accepts: brotli (smaller) before gzip, ties going to
 * brotli, identity when neither is accepted or available.
 *
 * @example
 * chooseCoding('gzip, deflate, br', { br: true, gzip: true }) // 'br'
 */
export function chooseCoding(header: string | undefined, available: { br: boolean; gzip: boolean }): Coding {
  if (!header) return 'identity';
  const br = available.br ? quality(header, 'br') : 0;
  const gzip = available.gzip ? quality(header, 'gzip') : 0;
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}
