import { describe, expect, it } from 'vitest';
import { formatTime } from '../../citizen/src/format.js';

describe('Function: formatTime', () => {
  it('shows an instant as Beijing time, whatever the zone the phone is in', () => {
    // Act
    const shown = formatTime('2026-01-05T16:30:00.000Z');

    // Assess
    expect(shown).toBe('2026/1/6 00:30:00');
  });

  it('shows a dash for an absent instant', () => {
    // Act
    const shown = [formatTime(undefined), formatTime(null), formatTime('')];

    // Assess
    expect(shown).toEqual(['—', '—', '—']);
  });
});
