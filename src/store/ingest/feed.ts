/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with htmlparser2 in XML mode.
 *
 * Each item with article text (content:encoded, Atom content, or else description / summary) becomes a
 * text article: the HTML fragment is turned into paragraphs here, and the item's title, link and date are
 * kept as the article's metadata. Items without any text are reported (NO_CONTENT) and skipped; a document
 * that is not a feed is one NOT_A_FEED error.
 */
import { Parser, parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { errorRecord, hostOf, isoDate, type InputRecord } from './records.js';

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'article', 'header', 'footer',
  'table', 'tr', 'td', 'th', 'pre', 'figure', 'figcaption', 'hr', 'dd', 'dt',
]);
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'iframe']);

/**
 * The text of an HTML fragment, one paragraph per block, entities decoded, scripts and styles dropped.
 *
 * @example
 * htmlFragmentToText('<p>One &amp; two.</p><p>Three.</p>'); // 'One & two.\n\nThree.'
 */
export function htmlFragmentToText(html: string): string {
  const out: string[] = [];
  let skipDepth = 0;
  const parser = new Parser({
    onopentag(name) {
      if (SKIP_TAGS.has(name)) skipDepth++;
      else if (BLOCK_TAGS.has(name)) out.push('\n\n');
    },
    onclosetag(name) {
      if (SKIP_TAGS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
      else if (BLOCK_TAGS.has(name)) out.push('\n\n');
    },
    ontext(text) {
      if (skipDepth === 0) out.push(text);
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return out.join('')
    .split(/\n{2,}/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0)
    .join('\n\n');
}

function child(el: Element, names: string[]): Element | null {
  for (const name of names) {
    const found = el.children.find((c): c is Element => DomUtils.isTag(c) && c.name.toLowerCase() === name);
    if (found) return found;
  }
  return null;
}

function textOf(el: Element | null): string | null {
  if (el === null) return null;
  const t = DomUtils.textContent(el).trim();
  return t === '' ? null : t;
}

/** Atom content: type="xhtml" holds elements, other types hold (escaped) HTML or text. */
function atomContent(el: Element | null): string | null {
  if (el === null) return null;
  if ((el.attribs.type ?? '').toLowerCase() === 'xhtml') return DomUtils.getInnerHTML(el);
  return textOf(el);
}

function atomLink(entry: Element): string | null {
  const links = entry.children.filter((c): c is Element => DomUtils.isTag(c) && c.name.toLowerCase() === 'link');
  const alt = links.find((l) => (l.attribs.rel ?? 'alternate') === 'alternate') ?? links[0];
  return alt?.attribs.href ?? null;
}

export interface FeedOptions {
  /** File name or URL, for messages and keys. */
  name: string;
}

/** Articles of a feed document. */
export function* readFeed(xml: string, options: FeedOptions): Generator<InputRecord> {
  const doc = parseDocument(xml, { xmlMode: true });
  const rssItems = DomUtils.getElementsByTagName('item', doc.children, true);
  const atomEntries = DomUtils.getElementsByTagName('entry', doc.children, true);
  const root = DomUtils.findOne((e) => ['rss', 'rdf:rdf', 'feed'].includes(e.name.toLowerCase()), doc.children, true);
  if (root === null) {
    yield errorRecord(options.name, 'NOT_A_FEED', 'Not an RSS or Atom feed: no <rss>, <rdf:RDF> or <feed> element.');
    return;
  }
  const isAtom = root.name.toLowerCase() === 'feed';
  const channelTitle = textOf(child(root.name.toLowerCase() === 'rss' ? (child(root, ['channel']) ?? root) : root, ['title']));
  const items = isAtom ? atomEntries : rssItems;
  let n = 0;
  for (const item of items) {
    n++;
    const origin = `${options.name} item ${n}`;
    const title = textOf(child(item, ['title']));
    const link = isAtom ? atomLink(item) : textOf(child(item, ['link']));
    const guid = isAtom ? textOf(child(item, ['id'])) : textOf(child(item, ['guid']));
    const date = isAtom
      ? textOf(child(item, ['published', 'updated']))
      : textOf(child(item, ['pubdate', 'dc:date']));
    const html = isAtom
      ? (atomContent(child(item, ['content'])) ?? atomContent(child(item, ['summary'])))
      : (textOf(child(item, ['content:encoded'])) ?? textOf(child(item, ['description'])));
    const text = html === null ? '' : htmlFragmentToText(html);
    if (text === '') {
      yield errorRecord(origin, 'NO_CONTENT', `The item${title ? ` "${title.slice(0, 60)}"` : ''} has no text (no content or description).`);
      continue;
    }
    const id = guid ?? link ?? (title ? `${title}|${date ?? ''}` : null);
    const key = id !== null ? `feed:${id}` : `feed:${options.name}#${n}`;
    yield {
      kind: 'article', key, origin, format: 'text', content: text, url: link, source: hostOf(link) ?? channelTitle,
      title, publishedAt: isoDate(date),
    };
  }
}

/** True when a document looks like a feed (for files named .xml and fetched URLs). */
export function looksLikeFeed(head: string): boolean {
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(head.slice(0, 4096));
}
