import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_ON_DYNALITE, ON_DYNALITE } from '../../integration/dynalite/files.js';

const INTEGRATION_DIR = new URL('../../integration/', import.meta.url);

describe('Module: the integration files on dynalite (test/integration/dynalite/files.ts)', () => {
  it('places every integration file but the browser ones in exactly one of its two lists', () => {
    // Prepare
    const files = readdirSync(INTEGRATION_DIR)
      .filter((name) => name.endsWith('.test.ts') && !name.endsWith('.browser.test.ts'))
      .map((name) => name.slice(0, -'.test.ts'.length))
      .sort();
    const on = new Set<string>(ON_DYNALITE);

    // Act
    const placed = [...ON_DYNALITE, ...Object.keys(NOT_ON_DYNALITE)].sort();

    // Assess
    expect(placed).toEqual(files);
    expect(Object.keys(NOT_ON_DYNALITE).filter((name) => on.has(name))).toEqual([]);
  });

  it('gives every file left out a reason', () => {
    // Assess
    for (const [name, reason] of Object.entries(NOT_ON_DYNALITE)) expect(reason, name).toMatch(/\S{3}/);
  });
});
