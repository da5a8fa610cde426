/** Markdown helpers of the benchmark's report: numbers and tables. */

export function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

/** A whole number with thousands separators: 10,000. */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 1000 → 1k, 10000 → 10k. */
export function sizeLabel(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
