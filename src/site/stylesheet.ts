import base from './css/base.css';
import delivery from './css/delivery.css';
import desk from './css/desk.css';
import deskWriting from './css/desk-writing.css';
import follow from './css/follow.css';
import forms from './css/forms.css';
import lists from './css/lists.css';
import report from './css/report.css';
import search from './css/search.css';
import { accentPalette } from './colour.ts';

/** The stylesheet's parts, in cascade order: the frame first, each area's after (src/site/css/README.md). */
const PARTS = [base, lists, report, forms, follow, search, desk, deskWriting, delivery];

/** Comments and runs of white space out; what is left means the same to a browser. */
const compact = (css: string) =>
  css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};])\s*/g, '$1')
    .trim();

/** A short hex hash of a text or of bytes (FNV-1a, 2 × 32 bits): the stylesheet's fingerprint, an icon's ETag. */
export function fingerprint(data: string | ArrayBuffer): string {
  const bytes = typeof data === 'string' ? null : new Uint8Array(data);
  const length = bytes ? bytes.length : (data as string).length;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ length;
  for (let i = 0; i < length; i += 1) {
    const c = bytes ? bytes[i]! : (data as string).charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0').slice(0, 4);
}

export interface Stylesheet {
  /** The whole stylesheet. */
  css: string;
  /** Its fingerprint, in its address and its ETag. */
  hash: string;
  /** Its address on the site: `/assets/site.<hash>.css`, served immutable. */
  path: string;
}

const built = new Map<string, Stylesheet>();

/**
 * The site's one stylesheet for an accent colour: the accent's palette (light and dark, made
 * readable: colour.ts), then base.css, lists.css, report.css, forms.css, follow.css, search.css, desk.css, desk-writing.css and delivery.css. Its address
 * changes whenever a byte of it does, so it is cached for a year and never revalidated.
 *
 * @example stylesheet('#8c1d18').path // '/assets/site.3f2a…css'
 */
export function stylesheet(accent: string): Stylesheet {
  let sheet = built.get(accent);
  if (sheet === undefined) {
    const palette = accentPalette(accent);
    const root = `:root{--accent-light:${palette.light};--accent-dark:${palette.dark};--on-accent-light:${palette.onLight};--on-accent-dark:${palette.onDark}}`;
    const css = [root, ...PARTS.map(compact)].join('\n');
    const hash = fingerprint(css);
    sheet = { css, hash, path: `/assets/site.${hash}.css` };
    built.set(accent, sheet);
  }
  return sheet;
}
