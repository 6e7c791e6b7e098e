import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../shared/domain/directory.js';
import { route } from '../../../shared/domain/routing.js';
import { TEST_DIRECTORY, TEST_DIRECTORY_DATA } from '../fixtures/directory.js';

describe('Function: route', () => {
  it('routes a category to its lead department in any district', () => {
    // Act
    const assignment = route(TEST_DIRECTORY, 'water-supply', 'taijiang');

    // Assess
    expect(assignment?.departmentId).toBe('water-group');
  });

  it('prefers the rule that names the district over the wildcard', () => {
    // Act
    const inGulou = route(TEST_DIRECTORY, 'noise', 'gulou');
    const inTaijiang = route(TEST_DIRECTORY, 'noise', 'taijiang');

    // Assess
    expect(inGulou?.departmentId).toBe('gulou-urban');
    expect(inTaijiang?.departmentId).toBe('city-urban');
  });

  it('returns undefined when no rule matches, so a dispatcher decides', () => {
    // Act & Assess
    expect(route(TEST_DIRECTORY, 'other', 'gulou')).toBeUndefined();
  });

  it('drops co-handlers that are the lead or unknown', () => {
    // Act
    const assignment = route(TEST_DIRECTORY, 'property-dispute', 'gulou');

    // Assess
    expect(assignment?.coHandlers).toEqual(['gulou-gov']);
  });

  it('breaks a tie between equally specific rules by priority', () => {
    // Prepare
    const directory = buildDirectory({
      ...TEST_DIRECTORY_DATA,
      rules: [
        { category: 'water-supply', district: '*', departmentId: 'water-group', coHandlers: [], priority: 1 },
        {
          category: 'water-supply',
          district: '*',
          departmentId: 'housing-bureau',
          coHandlers: [],
          priority: 5,
        },
      ],
    });

    // Act & Assess
    expect(route(directory, 'water-supply', 'gulou')?.departmentId).toBe('housing-bureau');
  });

  it('ranks an exact category above an exact district', () => {
    // Prepare
    const directory = buildDirectory({
      ...TEST_DIRECTORY_DATA,
      rules: [
        { category: '*', district: 'gulou', departmentId: 'gulou-gov', coHandlers: [], priority: 9 },
        { category: 'water-supply', district: '*', departmentId: 'water-group', coHandlers: [], priority: 0 },
      ],
    });

    // Act & Assess
    expect(route(directory, 'water-supply', 'gulou')?.departmentId).toBe('water-group');
    expect(route(directory, 'other', 'gulou')?.departmentId).toBe('gulou-gov');
  });

  it('ignores a rule whose department is not in the directory', () => {
    // Prepare
    const directory = buildDirectory({
      ...TEST_DIRECTORY_DATA,
      rules: [{ category: 'water-supply', district: '*', departmentId: 'gone', coHandlers: [], priority: 0 }],
    });

    // Act & Assess
    expect(route(directory, 'water-supply', 'gulou')).toBeUndefined();
  });
});
