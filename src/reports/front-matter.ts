import { isMap, isNode, LineCounter, parseDocument } from 'yaml';
import { parseReportInput, type ReportInput } from './schema.ts';

/** One problem in one content file, located by line and field. */
export interface ContentError {
  file: string;
  line: number;
  field: string;
  message: string;
}

export type ContentResult = { ok: true; input: ReportInput } | { ok: false; errors: ContentError[] };

const FENCE = /^---[ \t]*$/;

/**
 * Parses a report file: YAML front matter between `---` lines, then the Markdown body.
 * Errors carry the file, the line (of the offending YAML value where there is one) and
 * the field, so an editor can go straight to the mistake.
 *
 * @example parseReportFile('content/reports/x.md', '---\ntitle: T\n---\nBody.')
 */
export function parseReportFile(file: string, text: string): ContentResult {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const fail = (line: number, field: string, message: string): ContentResult => ({ ok: false, errors: [{ file, line, field, message }] });
  if (!FENCE.test(lines[0] ?? '')) return fail(1, '(front matter)', 'must start with a line "---" opening the front matter');
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close < 0) return fail(1, '(front matter)', 'has no closing "---" line');

  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.slice(1, close).join('\n'), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => ({
        file,
        line: 1 + (error.linePos?.[0].line ?? 0),
        field: '(front matter)',
        message: `is not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  if (!isMap(doc.contents)) return fail(2, '(front matter)', 'must be a YAML mapping of field names to values');
  const data = doc.toJS() as Record<string, unknown>;
  if ('body' in data) return fail(lineOf(doc, ['body'], lineCounter), 'body', 'belongs after the front matter, not in it');
  const body = lines.slice(close + 1).join('\n');
  const result = parseReportInput({ ...data, body });
  if (result.ok) return { ok: true, input: result.value };
  return {
    ok: false,
    errors: result.errors.map((error) => ({
      file,
      line: error.field === 'body' ? close + 2 : lineOf(doc, error.field.split('.'), lineCounter),
      field: error.field,
      message: error.message,
    })),
  };
}

/** The file line of the YAML node at `path` (or its nearest existing parent). */
function lineOf(doc: ReturnType<typeof parseDocument>, path: string[], lineCounter: LineCounter): number {
  for (let depth = path.length; depth > 0; depth--) {
    const keys = path.slice(0, depth).map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    const node = doc.getIn(keys, true);
    if (isNode(node) && node.range) return 1 + lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
