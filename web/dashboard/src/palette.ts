// The dashboard's one palette: the page's theme (12345's red header, its neutral greys, green for 达标
// and red for 未达标) for the charts as for the cards. dashboard.css declares the same values as
// custom properties; web/test/dashboard/palette.test.ts keeps the two equal.

/**
 * The theme's named colours. Each is also `--<name>` in dashboard.css (camelCase → kebab-case).
 *
 * @example
 * THEME.brand // '#b3261e', the header and the primary buttons
 */
export const THEME = {
  /** 12345 red: the header, the buttons, the first series. */
  brand: '#b3261e',
  /** The red of text on a light red ground, and of a highlighted bar. */
  brandDark: '#8c1d18',
  /** A light tint of the red: the focus ring, the volume bars behind the rate lines. */
  brandTint: '#f2b8b5',
  text: '#1f2328',
  muted: '#57606a',
  line: '#eaeef2',
  surface: '#ffffff',
  ground: '#f3f5f8',
  met: '#1a7f37',
  miss: '#cf222e',
} as const;

export type ThemeColour = keyof typeof THEME;

/**
 * The series colours in order: the brand red first, then warm and cool tones that stay apart from
 * it and from each other (also for red-green colour blindness: the second and third differ in
 * lightness, not only hue), ending in the theme's neutral.
 */
export const SERIES = ['#b3261e', '#b7791f', '#2f6f8f', '#6e4c9b', '#57606a', '#d9827b'] as const;
