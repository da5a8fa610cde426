/**
 * Joins the parts of a Chinese sentence, with a space where Han text meets a Latin letter or
 * a digit (“共 3 篇”, “Herald 摘要”) and none elsewhere, as Chinese typesetting guides ask
 * for mixed text: the parts may be a site's name, a title or a number of any script.
 *
 * @example mix('共', 3, '篇新报告') // '共 3 篇新报告'
 */
export function mix(...parts: (string | number)[]): string {
  let out = '';
  for (const part of parts.map(String)) {
    if (part === '') continue;
    const before = out.at(-1) ?? '';
    const after = part[0]!;
    const han = /\p{Script=Han}/u;
    const latin = /[A-Za-z0-9]/;
    out += (han.test(before) && latin.test(after)) || (latin.test(before) && han.test(after)) ? ` ${part}` : part;
  }
  return out;
}
