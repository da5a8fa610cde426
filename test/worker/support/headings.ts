/** The levels of a page's headings in its main part (not the frame's), in order: `[1, 2, 3]`. */
export function headingLevels(html: string): number[] {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return [...main.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
}
