/**
 * Render a brief as a standalone HTML page: same reading order as the
 * Markdown explainer, inline CSS only, no scripts, no links, and a
 * Content-Security-Policy that forbids everything but inline styles.
 * Every piece of text from the brief is escaped; no attribute value is
 * built from data except the numeric `data-start`/`data-end` offsets.
 *
 * @example
 * import { renderHtml } from './brief/render-html.js';
 * writeFileSync('brief.html', renderHtml(explain(text)));
 */
import type { Brief } from './schema.js';
import { buildBriefView, type Part, type ViewItem } from './render-view.js';
import { cameoInfo } from '../analyze/events/cameo.js';

export const CSP = "default-src 'none'; style-src 'unsafe-inline'";

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};
const HTML_SPECIAL = /[&<>"'`]/g;

const STYLE = `
body { font: 17px/1.55 Georgia, "Times New Roman", serif; color: #1d1d1f; background: #fbfbf8; margin: 0; }
main { max-width: 44rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font: 600 .85rem/1.3 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .06em; color: #5a4a2f; border-top: 1px solid #ddd6c8; padding-top: 1rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .35rem; }
.dek { font-size: 1.15rem; color: #4a4a4a; margin: 0 0 1rem; }
.gist { background: #f1ecdf; border-left: 4px solid #b08d4a; padding: .75rem 1rem; margin: 1rem 0; }
ul { padding-left: 1.2rem; margin: .25rem 0; }
li { margin: .3rem 0; }
.muted { color: #6b6b6b; font-size: .92em; }
footer { margin-top: 2.5rem; border-top: 1px solid #ddd6c8; padding-top: .75rem; font: .85rem/1.4 system-ui, sans-serif; color: #6b6b6b; }
`;

/**
 * Escape text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<a href="x">'); // '&lt;a href=&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(HTML_SPECIAL, (c) => HTML_ESCAPES[c] ?? c);
}

function renderPart(p: Part): string {
  const text = escapeHtml(p.text);
  switch (p.style) {
    case 'strong':
      return `<strong>${text}</strong>`;
    case 'em':
      return `<em>${text}</em>`;
    case 'muted':
      return `<span class="muted">${text}</span>`;
    case 'plain':
      return text;
  }
}

function renderParts(parts: readonly Part[]): string {
  return parts.map(renderPart).join('');
}

/** Offsets are integers by schema; checked again so nothing else can reach an attribute. */
function offsetAttrs(item: ViewItem): string {
  const { start, end } = item;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return '';
  return ` data-start="${String(start)}" data-end="${String(end)}"`;
}

/**
 * Render a brief as a complete HTML document.
 *
 * @example
 * renderHtml(brief).startsWith('<!doctype html>'); // true
 */
export function renderHtml(brief: Brief): string {
  const view = buildBriefView(brief, { eventName: (code) => cameoInfo(code).name });
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(view.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<article class="brief">',
    '<header>',
    `<h1>${escapeHtml(view.title)}</h1>`,
  ];
  if (view.dek !== null) out.push(`<p class="dek">${escapeHtml(view.dek)}</p>`);
  out.push('</header>');
  if (view.gist !== null) out.push(`<p class="gist">${escapeHtml(view.gist)}</p>`);
  for (const section of view.sections) {
    out.push(`<section class="${section.id}">`, `<h2>${escapeHtml(section.title)}</h2>`);
    for (const group of section.groups) {
      if (group.items.length === 0) continue;
      if (group.heading !== null) out.push(`<h3>${renderParts(group.heading)}</h3>`);
      out.push('<ul>');
      for (const item of group.items) out.push(`<li${offsetAttrs(item)}>${renderParts(item.parts)}</li>`);
      out.push('</ul>');
    }
    out.push('</section>');
  }
  if (view.footer !== null) out.push(`<footer>${escapeHtml(view.footer)}</footer>`);
  out.push('</article>', '</main>', '</body>', '</html>');
  return `${out.join('\n')}\n`;
}
