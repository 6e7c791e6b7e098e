import { describe, expect, it } from 'vitest';
import { WebformSubmissionSchema } from '../../functions/ingest-webform/webform.js';
import { CITY_LEVEL_DISTRICT } from '../../shared/domain/disclosure/intake.js';
import {
  buildDirectory,
  buildWorkingCalendar,
  CalendarYearSchema,
  CategorySchema,
  DepartmentSchema,
  DistrictSchema,
  HotlineLineSchema,
  RESERVED_IDS,
  RoutingRuleSchema,
  route,
  WILDCARD,
} from '../../shared/domain/index.js';
import { randomWebformBody, seededRandom } from '../../shared/seed/appeals.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';

const directory = buildDirectory(SEED_DIRECTORY);

function duplicates(values: readonly string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

describe('Seed: SEED_DIRECTORY', () => {
  it('parses every entry with the directory schemas', () => {
    // Act
    const parsed = {
      departments: SEED_DIRECTORY.departments.map((d) => DepartmentSchema.parse(d)),
      categories: SEED_DIRECTORY.categories.map((c) => CategorySchema.parse(c)),
      districts: SEED_DIRECTORY.districts.map((d) => DistrictSchema.parse(d)),
      rules: SEED_DIRECTORY.rules.map((r) => RoutingRuleSchema.parse(r)),
      lines: SEED_DIRECTORY.lines?.map((l) => HotlineLineSchema.parse(l)),
      calendarYears: SEED_DIRECTORY.calendarYears?.map((y) => CalendarYearSchema.parse(y)),
    };

    // Assess
    expect(parsed).toEqual(SEED_DIRECTORY);
  });

  it('holds 12345 and merged hotlines, each run before by a department of the seed', () => {
    // Act
    const lines = SEED_DIRECTORY.lines ?? [];

    // Assess
    expect(lines.map((l) => l.code)).toContain('12345');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(duplicates(lines.map((l) => l.code))).toEqual([]);
    for (const line of lines) {
      if (line.code !== '12345') expect(directory.departments.has(line.formerDepartmentId ?? '')).toBe(true);
      expect(line.answerRateTarget).toBeGreaterThan(0);
      expect(line.answerRateTarget).toBeLessThanOrEqual(1);
    }
    expect(directory.lines.get('12315')?.formerDepartmentId).toBe('market-regulation');
  });

  it('carries the holiday calendar of the current and the next year', () => {
    // Act
    const calendar = buildWorkingCalendar(SEED_DIRECTORY.calendarYears ?? []);

    // Assess
    expect([...calendar.coveredYears].sort()).toEqual([2025, 2026]);
  });

  it('has a realistic city: at least 20 departments, 40 categories and 10 districts besides 市本级', () => {
    // Assess
    expect(SEED_DIRECTORY.departments.length).toBeGreaterThanOrEqual(20);
    expect(SEED_DIRECTORY.categories.length).toBeGreaterThanOrEqual(40);
    expect(SEED_DIRECTORY.districts.filter((d) => d.code !== CITY_LEVEL_DISTRICT)).toHaveLength(10);
    expect(SEED_DIRECTORY.districts.find((d) => d.code === CITY_LEVEL_DISTRICT)?.name).toBe('市本级');
  });

  it('has unique ids, codes and names', () => {
    // Assess
    expect(duplicates(SEED_DIRECTORY.departments.map((d) => d.id))).toEqual([]);
    expect(duplicates(SEED_DIRECTORY.departments.map((d) => d.name))).toEqual([]);
    expect(duplicates(SEED_DIRECTORY.categories.map((c) => c.code))).toEqual([]);
    expect(duplicates(SEED_DIRECTORY.categories.map((c) => c.name))).toEqual([]);
    expect(duplicates(SEED_DIRECTORY.districts.map((d) => d.code))).toEqual([]);
    expect(
      duplicates(SEED_DIRECTORY.rules.map((r) => `${r.category}#${r.district}#${r.departmentId}`)),
    ).toEqual([]);
  });

  it('uses no reserved id (the metrics report names its total row `total`)', () => {
    // Act
    const ids = [
      ...SEED_DIRECTORY.departments.map((d) => d.id),
      ...SEED_DIRECTORY.categories.map((c) => c.code),
      ...SEED_DIRECTORY.districts.map((d) => d.code),
    ];

    // Assess
    expect(ids.filter((id) => RESERVED_IDS.includes(id))).toEqual([]);
  });

  it('gives every category a default type and every district department a known district', () => {
    // Assess
    expect(SEED_DIRECTORY.categories.filter((c) => !c.defaultType)).toEqual([]);
    const local = SEED_DIRECTORY.departments.filter((d) => d.district !== undefined);
    expect(local.length).toBeGreaterThan(0);
    expect(local.filter((d) => !directory.districts.has(d.district ?? ''))).toEqual([]);
  });

  it('references only existing departments, categories and districts in its rules', () => {
    // Act
    const broken = SEED_DIRECTORY.rules.filter(
      (r) =>
        (r.category !== WILDCARD && !directory.categories.has(r.category)) ||
        (r.district !== WILDCARD && !directory.districts.has(r.district)) ||
        !directory.departments.has(r.departmentId) ||
        r.coHandlers.some((id) => !directory.departments.has(id) || id === r.departmentId),
    );

    // Assess
    expect(broken).toEqual([]);
  });

  it('routes every category except other in every district', () => {
    // Act
    const unrouted = SEED_DIRECTORY.categories
      .filter((c) => c.code !== 'other')
      .flatMap((c) =>
        SEED_DIRECTORY.districts
          .filter((d) => route(directory, c.code, d.code) === undefined)
          .map((d) => `${c.code}@${d.code}`),
      );

    // Assess
    expect(unrouted).toEqual([]);
  });

  it('leaves other unrouted in every district, for a dispatcher', () => {
    // Act
    const routed = SEED_DIRECTORY.districts.filter((d) => route(directory, 'other', d.code) !== undefined);

    // Assess
    expect(routed).toEqual([]);
  });

  it('routes 属地 categories to the district office, with the district as co-handler where it mediates', () => {
    // Act
    const noise = route(directory, 'noise', 'gulou');
    const property = route(directory, 'property-dispute', 'nanhu');
    const water = route(directory, 'water-supply', 'gulou');
    const countyHeating = route(directory, 'heating', 'qingshi');

    // Assess
    expect(noise?.departmentId).toBe('gulou-urban-management');
    expect(property).toMatchObject({ departmentId: 'housing', coHandlers: ['nanhu-government'] });
    expect(water?.departmentId).toBe('water-group');
    expect(countyHeating?.departmentId).toBe('qingshi-government');
  });
});

describe('Seed: randomWebformBody', () => {
  it('generates valid web-form bodies in seed categories and districts', () => {
    // Prepare
    const rng = seededRandom(12345);

    // Act
    const bodies = Array.from({ length: 500 }, () => randomWebformBody(rng));

    // Assess
    for (const body of bodies) {
      expect(WebformSubmissionSchema.safeParse(body).success, JSON.stringify(body)).toBe(true);
      expect(directory.categories.has(body.category)).toBe(true);
      expect(directory.districts.has(body.district)).toBe(true);
      expect(body.content).not.toMatch(/[{}]/);
    }
    expect(new Set(bodies.map((b) => b.category)).size).toBeGreaterThanOrEqual(35);
    expect(new Set(bodies.map((b) => b.district)).size).toBe(10);
  });

  it('generates the same bodies from the same seed', () => {
    // Act
    const first = Array.from(
      { length: 20 },
      (
        (rng) => () =>
          randomWebformBody(rng)
      )(seededRandom(7)),
    );
    const second = Array.from(
      { length: 20 },
      (
        (rng) => () =>
          randomWebformBody(rng)
      )(seededRandom(7)),
    );

    // Assess
    expect(second).toEqual(first);
  });
});
