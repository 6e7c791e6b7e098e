import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkReferences, WebformSubmissionSchema } from '../../functions/ingest-webform/webform.js';
import { buildDirectory } from '../../shared/domain/index.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';

const directory = buildDirectory(SEED_DIRECTORY);
const webformDir = fileURLToPath(new URL('../../events/webform/', import.meta.url));
const invalidDir = join(webformDir, 'invalid');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

function load(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

/** Why each invalid sample is refused: by the schema, or by the directory check with this code. */
const EXPECTED_REFUSAL: Record<string, 'schema' | 'unknown_category' | 'unknown_district'> = {
  'bad-phone.json': 'schema',
  'content-too-short.json': 'schema',
  'unknown-category.json': 'unknown_category',
  'unknown-district.json': 'unknown_district',
  'unknown-field.json': 'schema',
  'unknown-type.json': 'schema',
};

function refusal(body: unknown): string | undefined {
  const parsed = WebformSubmissionSchema.safeParse(body);
  if (!parsed.success) return 'schema';
  try {
    checkReferences(parsed.data, directory);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
}

describe('Events: events/webform', () => {
  const valid = jsonFiles(webformDir);

  it('holds 8 to 10 valid samples in different categories', () => {
    // Act
    const categories = valid.map((f) => (load(webformDir, f) as { category: string }).category);

    // Assess
    expect(valid.length).toBeGreaterThanOrEqual(8);
    expect(valid.length).toBeLessThanOrEqual(10);
    expect(new Set(categories).size).toBe(valid.length);
  });

  it.each(valid)('accepts %s with the schema and the seed directory', (file) => {
    // Prepare
    const body = load(webformDir, file);

    // Act
    const parsed = WebformSubmissionSchema.parse(body);

    // Assess
    expect(() => checkReferences(parsed, directory)).not.toThrow();
    expect(parsed.phone).toMatch(/^1[3-9]\d{9}$/);
  });
});

describe('Events: events/webform/invalid', () => {
  const invalid = jsonFiles(invalidDir);

  it('documents the refusal of every invalid sample', () => {
    // Assess
    expect(invalid).toEqual(Object.keys(EXPECTED_REFUSAL).sort());
  });

  it.each(invalid)('refuses %s', (file) => {
    // Prepare
    const body = load(invalidDir, file);

    // Act
    const reason = refusal(body);

    // Assess
    expect(reason).toBe(EXPECTED_REFUSAL[file]);
  });
});
