/**
 * RFC 4180 CSV, as operators' spreadsheets write it: quoted fields with commas, quotes
 * ("") and line breaks; CRLF or LF rows. Each row keeps the line it started on.
 */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i += 1;
      cells.push(cell);
      if (cells.some((c) => c !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line += 1;
      rowLine = line;
    } else cell += ch;
  }
  cells.push(cell);
  if (cells.some((c) => c !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

/** Text a spreadsheet would run as a formula (= + - @ tab CR), after any quote marks already in front. */
const FORMULA = /^'*[=+\-@\t\r]/;
/** A cell that formulaGuard defused: one quote mark more in front of such text. */
const GUARDED = /^'+[=+\-@\t\r]/;

/**
 * One CSV cell: quoted when it must be, and a leading = + - @ (or tab, CR) defused with a
 * quote mark so a spreadsheet never runs a subscriber's text as a formula. Text that
 * already starts with quote marks before such a character gets one more, so
 * `unguardCell` gives back exactly what was written.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A cell's text with csvCell's formula guard undone: the one quote mark it put before
 * = + - @ (tab, CR) is taken off; any other text is kept as it is.
 *
 * @example unguardCell("'-dash@example.org") // '-dash@example.org'
 */
export function unguardCell(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
