/**
 * What a reader would notice in a real browser, measured in Chromium: sideways scrolling,
 * headings out of order, and what axe-core (the engine of Lighthouse's accessibility audit)
 * finds. Each check returns the problems it found as sentences naming where they are, so a
 * failing test says what to fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it. */
export const CHROMIUM = '/usr/bin/chromium';
/** A phone and a laptop. */
export const WIDTHS = [390, 1280] as const;
/** The narrowest phone in common use: pages fit it too. */
export const NARROWEST = 320;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Script errors and what the Content Security Policy refused, as the page runs. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

/** Where an element is, for a person reading the report: `main > ol.reports > li:nth-child(2)`. */
const DESCRIBE = `(element) => {
  const parts = [];
  for (let e = element; e && e !== document.documentElement && parts.length < 4; e = e.parentElement) {
    let part = e.localName;
    if (e.id) { parts.unshift(part + '#' + e.id); break; }
    if (e.classList.length) part += '.' + [...e.classList].join('.');
    parts.unshift(part);
  }
  return parts.join(' > ');
}`;

/** Nothing wider than the viewport: no sideways scrolling. Names the widest culprits when there is. */
export async function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const width = window.innerWidth;
    const scroll = document.documentElement.scrollWidth;
    if (scroll <= width) return [];
    const describe = ${DESCRIBE};
    const wide = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 0.5)
      .slice(0, 3)
      .map((e) => describe(e) + ' (right edge at ' + Math.round(e.getBoundingClientRect().right) + ' px)');
    return ['scrolls sideways: ' + scroll + ' px wide in a ' + width + ' px window' + (wide.length ? '; widest: ' + wide.join(', ') : '')];
  })()`);
}

/**
 * Headings in order: exactly one h1, which comes first, and no level skipped on the way down
 * (an h2 may follow an h4; an h4 may not follow an h2). Hidden headings do not count.
 */
export async function headingProblems(page: Page): Promise<string[]> {
  const headings = await page.evaluate<{ level: number; text: string }[]>(`[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .filter((h) => !h.closest('[hidden],[aria-hidden="true"]'))
    .map((h) => ({ level: Number(h.localName.slice(1)), text: h.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60) }))`);
  const problems: string[] = [];
  const ones = headings.filter((h) => h.level === 1);
  if (ones.length !== 1) problems.push(`${ones.length} h1 elements (${ones.map((h) => `"${h.text}"`).join(', ')}), not one`);
  let previous = 0;
  let before: { level: number; text: string } | undefined;
  for (const heading of headings) {
    if (heading.level > previous + 1) problems.push(before ? `h${heading.level} "${heading.text}" follows h${before.level} "${before.text}": a level skipped` : `the first heading is h${heading.level} "${heading.text}", not h1`);
    previous = heading.level;
    before = heading;
  }
  return problems;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's violations on the page (WCAG 2.x A and AA and best practices), `rules` only when
 * given. axe is evaluated through the DevTools protocol: the site's CSP (`script-src 'self'`)
 * refuses an injected <script>, and rightly, so it stays as the reader's browser has it.
 */
export async function axeViolations(page: Page, rules?: string[]): Promise<AxeViolation[]> {
  if ((await page.evaluate('typeof window.axe')) === 'undefined') await page.evaluate(AXE_SOURCE);
  const options = rules ? { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] } : { resultTypes: ['violations'] };
  const result = await page.evaluate<{ violations: AxeViolation[] }>(`axe.run(document, ${JSON.stringify(options)})`);
  return result.violations;
}

/** A violation as a report line: `color-contrast (serious): main > p.meta, footer > nav` and what it asks. */
export const describeViolation = (v: AxeViolation) => {
  const targets = v.nodes.map((n) => n.target.map(String).join(' ')).slice(0, 5);
  return `${v.id} (${v.impact}): ${targets.join(', ')}${v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : ''} — ${v.help}`;
};

/** The violations a reader cannot work around: impact serious or critical, described. */
export async function seriousViolations(page: Page, rules?: string[]): Promise<string[]> {
  return (await axeViolations(page, rules)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
}
