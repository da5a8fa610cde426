import { FREQUENCIES, type Frequency } from '../subscriptions/types.ts';
import type { DayPoint } from './summary.ts';

/** The words a chart needs, in the page's language. */
export interface ChartWords {
  title: string;
  desc: string;
  /** Formats a count (per locale). */
  number: (n: number) => string;
  /** Formats a day (YYYY-MM-DD) short, per locale. */
  day: (day: string) => string;
}

/** The drawing's own units: scaled to the width it is given, from a phone's 390 px up. */
const W = 520;
const H = 250;
const PAD = { left: 52, right: 14, top: 14, bottom: 34 };
const DAY_MS = 86_400_000;

/** The lines drawn: the total, then each frequency (told apart by dash as well as colour). */
export const SERIES: readonly ('total' | Frequency)[] = ['total', ...FREQUENCIES];
export const DASH: Record<'total' | Frequency, string | undefined> = { total: undefined, instant: '7 4', daily: undefined, weekly: '2 4' };

/** The smallest 1, 2 or 5 × 10ⁿ at or above `max` (at least 4, so a tiny list still has four steps). */
export function niceMax(max: number): number {
  if (max <= 4) return 4;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= max)!;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Where each point lies: x by its day (a missed day leaves a gap in time, not a squeeze), y by its value. */
export function plot(points: readonly DayPoint[], value: (p: DayPoint) => number, top: number): [number, number][] {
  const first = Date.parse(`${points[0]!.day}T00:00:00Z`);
  const span = Math.max(Date.parse(`${points.at(-1)!.day}T00:00:00Z`) - first, 0) / DAY_MS;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  return points.map((p) => {
    const offset = (Date.parse(`${p.day}T00:00:00Z`) - first) / DAY_MS;
    const x = PAD.left + (span === 0 ? innerW / 2 : (offset / span) * innerW);
    return [round(x), round(PAD.top + innerH - (value(p) / top) * innerH)];
  });
}

const valueOf = (series: 'total' | Frequency) => (p: DayPoint) => (series === 'total' ? p.total : p.byFrequency[series]);

/**
 * Active subscribers over time as an SVG line chart, drawn on the server: one line for the
 * total and one per frequency, a y axis of four steps, the first, middle and last day on the
 * x axis. `role="img"` with a title and a description for screen readers (the page adds the
 * numbers as a table); colours come from the stylesheet's classes, so it follows dark mode,
 * with `currentColor` as the fallback. Null for no points.
 */
export function SubscriberChart(props: { points: readonly DayPoint[]; words: ChartWords; id: string }) {
  const { points, words, id } = props;
  if (points.length === 0) return null;
  const top = niceMax(Math.max(...points.map((p) => p.total)));
  const ticks = [0, 1, 2, 3, 4].map((i) => (top * i) / 4);
  const innerH = H - PAD.top - PAD.bottom;
  const xs = plot(points, (p) => p.total, top).map(([x]) => x);
  const labelled = [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])];
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-title`}>{words.title}</title>
      <desc id={`${id}-desc`}>{words.desc}</desc>
      <g class="chart-grid" aria-hidden="true">
        {ticks.map((tick) => {
          const y = round(PAD.top + innerH - (tick / top) * innerH);
          return (
            <g>
              <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} stroke="currentColor" stroke-opacity="0.2" />
              <text x={PAD.left - 8} y={y + 5} text-anchor="end" fill="currentColor" font-size="16">
                {words.number(tick)}
              </text>
            </g>
          );
        })}
        {labelled.map((i) => (
          <text x={xs[i]} y={H - 8} text-anchor={labelled.length > 1 && i === 0 ? 'start' : labelled.length > 1 && i === points.length - 1 ? 'end' : 'middle'} fill="currentColor" font-size="16">
            {words.day(points[i]!.day)}
          </text>
        ))}
      </g>
      {SERIES.map((series) => {
        const xy = plot(points, valueOf(series), top);
        return (
          <g class={`chart-line chart-${series}`} data-series={series} aria-hidden="true">
            {xy.length > 1 && <polyline points={xy.map(([x, y]) => `${x},${y}`).join(' ')} fill="none" stroke="currentColor" stroke-width={series === 'total' ? 3 : 2} stroke-dasharray={DASH[series]} stroke-linejoin="round" />}
            {xy.length <= 62 && xy.map(([x, y]) => <circle cx={x} cy={y} r={series === 'total' ? 3.5 : 2.5} fill="currentColor" />)}
          </g>
        );
      })}
    </svg>
  );
}
