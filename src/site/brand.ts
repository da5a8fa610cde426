import logoSvg from '../../content/brand/logo.svg';
import { fingerprint } from './stylesheet.ts';

/** The bundled logo (content/brand/logo.svg), shown in the masthead when SITE_LOGO=svg. */
export const LOGO_SVG = logoSvg;
export const LOGO_HASH = fingerprint(logoSvg);

/** The logo's address, fingerprinted like the stylesheet, so it is cached for good. */
export const LOGO_PATH = `/assets/logo.${LOGO_HASH}.svg`;

/** How tall the masthead draws the logo, in CSS pixels (base.css `.brand img`). */
export const LOGO_HEIGHT = 40;

/**
 * The logo's width at {@link LOGO_HEIGHT}, from its `viewBox` (else its width and height
 * attributes), so the browser keeps its place before it loads: no layout shift.
 */
export const LOGO_WIDTH = (() => {
  const viewBox = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(logoSvg);
  const width = Number(viewBox?.[1] ?? /\swidth\s*=\s*["']([\d.]+)/.exec(logoSvg)?.[1]);
  const height = Number(viewBox?.[2] ?? /\sheight\s*=\s*["']([\d.]+)/.exec(logoSvg)?.[1]);
  return width > 0 && height > 0 ? Math.round((LOGO_HEIGHT * width) / height) : LOGO_HEIGHT * 4;
})();
