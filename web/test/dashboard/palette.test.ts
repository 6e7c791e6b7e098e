import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chartTheme } from '../../dashboard/src/charts/theme.js';
import { SERIES, THEME } from '../../dashboard/src/palette.js';

const CSS = readFileSync(new URL('../../dashboard/src/dashboard.css', import.meta.url), 'utf8');
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('Module: palette', () => {
  it('gives the stylesheet the same colours as the charts, as custom properties', () => {
    // Act
    const declared = Object.fromEntries(
      [...CSS.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2]?.toLowerCase()]),
    );

    // Assess
    for (const [name, colour] of Object.entries(THEME)) expect(declared[kebab(name)], name).toBe(colour);
  });

  it('writes no theme colour into a rule except through its custom property', () => {
    // Prepare: the rules, without the :root block that declares the properties
    const rules = CSS.replace(/:root\s*\{[^}]*\}/, '');

    // Act
    const typed = Object.values(THEME).filter((colour) => rules.toLowerCase().includes(colour));

    // Assess
    expect(typed).toEqual([]);
  });

  it('opens the charts series colours with the brand red and keeps them distinct', () => {
    // Act
    const theme = chartTheme();

    // Assess
    expect(SERIES[0]).toBe(THEME.brand);
    expect(new Set(SERIES).size).toBe(SERIES.length);
    expect(theme.color).toEqual([...SERIES]);
  });
});
