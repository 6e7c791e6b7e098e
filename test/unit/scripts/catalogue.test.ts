import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../scripts/catalogue.js';
import { SEED_DIRECTORY } from '../../../shared/seed/directory.js';

// `npm run setup -- catalogue --file`: a city's own catalogue is checked whole before anything is written.

describe('Function: parseCatalogue', () => {
  it('takes the seed as a file holds it', () => {
    // Act
    const parsed = parseCatalogue(JSON.stringify(SEED_DIRECTORY));

    // Assess
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.data.departments.length).toBe(SEED_DIRECTORY.departments.length);
  });

  it('refuses text that is not JSON', () => {
    // Act
    const parsed = parseCatalogue('{"departments": [');

    // Assess
    expect(parsed).toEqual({ ok: false, problems: ['目录文件不是合法的 JSON'] });
  });

  it('refuses an entry the schemas refuse, naming where', () => {
    // Act
    const parsed = parseCatalogue(JSON.stringify({ ...SEED_DIRECTORY, districts: [{ code: 'gulou' }] }));

    // Assess
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.join('\n')).toMatch(/^districts\.0\.name：/m);
  });

  it('refuses a rule that names a department the file does not hold', () => {
    // Prepare
    const rules = [{ category: '*', district: '*', departmentId: 'nobody', coHandlers: [], priority: 0 }];

    // Act
    const parsed = parseCatalogue(JSON.stringify({ ...SEED_DIRECTORY, rules }));

    // Assess
    expect(parsed).toEqual({ ok: false, problems: ['rules.0：未知的单位：nobody'] });
  });
});
