import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RATE_TEXT } from '../../../shared/domain/index.js';
import type { RateName } from '../../../shared/domain/metrics/rates.js';

// The metrics page writes the formulas out for readers without DESIGN.md; its Chinese names are the
// glossary's, so a reader matches a row of the table to a column of the CSV and a card on the dashboard.

const page = readFileSync(new URL('../../../docs/metrics.md', import.meta.url), 'utf8');

/** `| \`onTimeRate\` | 按时办结率 | …` rows: the rate's code and its Chinese name. */
function namesInTable(): Map<string, string> {
  const rows = [...page.matchAll(/^\| `(\w+)` \| ([^|]+?) \|/gm)];
  return new Map(rows.map(([, code, name]) => [code ?? '', name ?? '']));
}

describe('Docs: metrics.md', () => {
  it('lists every rate with the name the glossary gives it', () => {
    // Prepare
    const expected = Object.entries(RATE_TEXT) as [RateName, string][];

    // Act
    const names = namesInTable();

    // Assess
    for (const [code, label] of expected) expect(names.get(code), code).toBe(label);
  });
});
