/**
 * Render a brief as a Markdown explainer: title and dek, the gist, then
 * who is involved, what each side wants, what they said, key numbers,
 * who reported what, the timeline and what to watch. Empty sections are
 * left out. All text from the brief is escaped so that it shows as written
 * and cannot inject Markdown or raw HTML.
 *
 * @example
 * import { renderMarkdown } from './brief/render-markdown.js';
 * process.stdout.write(renderMarkdown(explain(text)));
 */
import type { Brief } from './schema.js';
import { buildBriefView, type Part, type ViewItem } from './render-view.js';
import { cameoInfo } from '../analyze/events/cameo.js';

const MD = {
  /** ASCII punctuation that Markdown (CommonMark, GFM tables, strikethrough) gives meaning to inline. */
  special: /[\\`*_[\]<>|~]/g,
  /** `&` that would start an entity such as `&lt;` or `&#60;`. */
  entity: /&(?=#?[a-z0-9]+;)/gi,
  /** A line start that would begin a block: list marker, heading, quote, ordered-list number. */
  blockStart: /^(\s*)([-+#>=]|\d+(?=[.)]))/,
};

/**
 * Escape text so Markdown shows it literally (no emphasis, links, HTML or block markers).
 *
 * @example
 * escapeMarkdown('<b>*hi*</b>'); // '\\<b\\>\\*hi\\*\\</b\\>'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(MD.special, (c) => `\\${c}`)
    .replace(MD.entity, '\\&')
    .replace(MD.blockStart, (_m, space: string, marker: string) =>
      /^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
    );
}

function renderPart(p: Part): string {
  const text = escapeMarkdown(p.text);
  if (p.text.trim() === '') return text;
  // Keep surrounding spaces outside the markers: "** x**" is not emphasis in Markdown.
  const lead = text.match(/^\s*/)?.[0] ?? '';
  const trail = text.match(/\s*$/)?.[0] ?? '';
  const core = text.slice(lead.length, text.length - trail.length);
  switch (p.style) {
    case 'strong':
      return `${lead}**${core}**${trail}`;
    case 'em':
      return `${lead}*${core}*${trail}`;
    case 'muted':
    case 'plain':
      return text;
  }
}

function renderParts(parts: readonly Part[]): string {
  return parts.map(renderPart).join('');
}

function renderItem(item: ViewItem): string {
  return `- ${renderParts(item.parts)}`;
}

/**
 * Render a brief as Markdown.
 *
 * @example
 * renderMarkdown(brief).split('\n')[0]; // '# Leaders meet in Geneva'
 */
export function renderMarkdown(brief: Brief): string {
  const view = buildBriefView(brief, { eventName: (code) => cameoInfo(code).name });
  const out: string[] = [`# ${escapeMarkdown(view.title)}`, ''];
  if (view.dek !== null) out.push(`*${escapeMarkdown(view.dek)}*`, '');
  if (view.gist !== null) out.push(`**In short:** ${escapeMarkdown(view.gist)}`, '');
  for (const section of view.sections) {
    out.push(`## ${section.title}`, '');
    for (const group of section.groups) {
      if (group.items.length === 0) continue;
      if (group.heading !== null) out.push(`### ${renderParts(group.heading)}`, '');
      for (const item of group.items) out.push(renderItem(item));
      out.push('');
    }
  }
  if (view.footer !== null) out.push('---', '', `*${escapeMarkdown(view.footer)}*`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
