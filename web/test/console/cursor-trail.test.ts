import { describe, expect, it } from 'vitest';
import { CursorTrail } from '../../console/src/composables/cursor-trail';

describe('Class: CursorTrail', () => {
  it('starts on the first page, with no cursor and no way back', () => {
    // Act
    const trail = new CursorTrail();

    // Assess
    expect([trail.current, trail.page, trail.hasPrevious]).toEqual([undefined, 1, false]);
  });

  it('goes forward by the next cursor and back by the cursor it came with', () => {
    // Prepare
    const trail = new CursorTrail();

    // Act
    trail.forward('c2');
    trail.forward('c3');
    trail.back();

    // Assess
    expect([trail.current, trail.page, trail.hasPrevious]).toEqual(['c2', 2, true]);
  });

  it('forgets the pages ahead when it goes forward from an earlier page', () => {
    // Prepare
    const trail = new CursorTrail();
    trail.forward('c2');
    trail.forward('c3');
    trail.back();
    trail.back();

    // Act
    trail.forward('c2-new');

    // Assess
    expect([trail.current, trail.page]).toEqual(['c2-new', 2]);
  });

  it('returns to the first page on reset', () => {
    // Prepare
    const trail = new CursorTrail();
    trail.forward('c2');

    // Act
    trail.reset();

    // Assess
    expect([trail.current, trail.page, trail.hasPrevious]).toEqual([undefined, 1, false]);
  });
});
