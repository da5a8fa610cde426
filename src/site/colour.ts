/**
 * The accent colour (SITE_ACCENT) as the stylesheet uses it: links, focus rings, buttons and
 * the masthead rule, on a light and a dark background. An institute picks its colour; this
 * keeps text in it readable (WCAG 2 contrast of at least 4.5:1 against the page) by darkening
 * it on white and lightening it on the dark background as far as needed, no further.
 */

type Rgb = [number, number, number];

const parse = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const format = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two colours (`#rrggbb`), from 1 to 21. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

const mix = (from: Rgb, to: Rgb, t: number): Rgb => from.map((c, i) => c + (to[i]! - c) * t) as Rgb;

/** `colour` moved toward `toward` in small steps until it has `ratio` against `background`. */
function reach(colour: string, toward: Rgb, background: string, ratio: number): string {
  const start = parse(colour);
  for (let step = 0; step <= 40; step += 1) {
    const candidate = format(mix(start, toward, step / 40));
    if (contrast(candidate, background) >= ratio) return candidate;
  }
  return format(toward);
}

/** The page backgrounds base.css paints, light and dark (its `--bg`). */
export const LIGHT_BACKGROUND = '#ffffff';
export const DARK_BACKGROUND = '#151515';

/** Readable text contrast, with a little room for the tinted surfaces (panels, cards). */
const TEXT_CONTRAST = 5;

/**
 * The accent's colours for the stylesheet: as links and rules on the light page and on the
 * dark one, and the text colour on an accent-coloured button (white or near-black, whichever
 * reads better).
 *
 * @example accentPalette('#8c1d18') // { light: '#8c1d18', dark: '#e9a19c', … }
 */
export function accentPalette(accent: string): { light: string; dark: string; onLight: string; onDark: string } {
  const light = reach(accent, [0, 0, 0], LIGHT_BACKGROUND, TEXT_CONTRAST);
  const dark = reach(accent, [255, 255, 255], DARK_BACKGROUND, TEXT_CONTRAST + 1);
  const onColour = (fill: string) => (contrast(fill, '#ffffff') >= contrast(fill, '#111111') ? '#ffffff' : '#111111');
  return { light, dark, onLight: onColour(light), onDark: onColour(dark) };
}
