import MarkdownIt from 'markdown-it';
import * as xssModule from 'xss';

// js-xss is CommonJS: bundlers expose its exports on `default`, Node's ESM loader at the top.
const { FilterXSS, safeAttrValue } = (xssModule as unknown as { default?: typeof xssModule }).default ?? xssModule;

/**
 * Markdown is rendered with raw HTML disabled, so a `<script>` in a body stays text; the
 * result then passes an allow-list sanitizer (js-xss) as a second, independent guard, which
 * also rejects any URL scheme other than http(s) and mailto.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

interface RenderEnv {
  base: string;
}

function absolutize(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

for (const [rule, attr] of [
  ['link_open', 'href'],
  ['image', 'src'],
] as const) {
  const fallback = md.renderer.rules[rule] ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules[rule] = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const value = token.attrGet(attr);
    const base = (env as RenderEnv | undefined)?.base;
    if (value !== null && base) token.attrSet(attr, absolutize(String(value), base));
    return fallback(tokens, idx, options, env, self);
  };
}

const SAFE_URL = /^(https?:|mailto:)/i;

const sanitizer = new FilterXSS({
  whiteList: {
    p: [], br: [], hr: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
    blockquote: [], ul: [], ol: ['start'], li: [], pre: [], code: ['class'],
    em: [], strong: [], s: [], a: ['href', 'title'], img: ['src', 'alt', 'title'],
    table: [], thead: [], tbody: [], tr: [], th: ['style'], td: ['style'],
  },
  stripIgnoreTag: true,
  stripIgnoreTagBody: ['script', 'style'],
  safeAttrValue(tag, name, value, cssFilter) {
    if (name === 'href' || name === 'src') return SAFE_URL.test(value) ? value.replace(/"/g, '&quot;') : '';
    if (name === 'style') return /^text-align:(left|right|center)$/.test(value) ? value : '';
    if (name === 'class') return /^language-[\w-]+$/.test(value) ? value : '';
    return safeAttrValue(tag, name, value, cssFilter);
  },
});

type Tokens = ReturnType<typeof md.parse>;

function textOf(tokens: Tokens): string {
  const paragraphs: string[] = [];
  for (const token of tokens) {
    if (token.type !== 'inline' || !token.children) continue;
    const text = token.children
      .map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : child.type === 'softbreak' ? ' ' : ''))
      .join('')
      .trim();
    if (text) paragraphs.push(text);
  }
  return paragraphs.join('\n');
}

/**
 * Renders a report body to sanitized HTML whose links and images are absolute, resolved
 * against `base` (the report's own page), so the HTML reads the same in any feed reader;
 * and to plain text, one paragraph per line, from the same parse.
 *
 * @example renderMarkdown('See [the agenda](/agenda).', 'https://h.example/reports/x').html
 * // '<p>See <a href="https://h.example/agenda">the agenda</a>.</p>\n'
 */
export function renderMarkdown(body: string, base: string): { html: string; text: string } {
  const env = { base } satisfies RenderEnv as unknown as Record<string, unknown>;
  const tokens = md.parse(body, env);
  return { html: sanitizer.process(md.renderer.render(tokens, md.options, env)), text: textOf(tokens) };
}
