/**
 * HTML page → clean article: body text in reading order plus metadata.
 *
 * Workflow:
 *   1. parse into a compact tree (parse.ts: scripts, styles, hidden and form elements dropped);
 *   2. read the metadata (metadata.ts);
 *   3. find the article container and its blocks (content.ts);
 *   4. drop blocks that repeat the title or the byline, join the rest with blank lines,
 *      and record each block's range in the body text.
 * "No article" is a result (`found: false` with a reason), not an exception.
 *
 * @example
 * const result = extractHtmlPage(html, { url: 'https://example.org/story' });
 * if (result.found) console.log(result.article.metadata.title, result.article.text);
 */
import { parseHtml, squash } from './parse.js';
import { extractContent, hasSolid, type Block, type BlockKind } from './content.js';
import { readPageMetadata, type PageMetadata } from './metadata.js';
import type { Span } from '../../text/span.js';

export type { PageMetadata } from './metadata.js';

/** One paragraph-like piece of the body and where it is in `text`. */
export interface BodyBlock extends Span {
  kind: Exclude<BlockKind, 'caption' | 'credit'>;
  /** Heading level (1–6) for headings, else 0. */
  level: number;
}

export interface HtmlArticle {
  metadata: PageMetadata;
  /** The body: blocks joined by blank lines. */
  text: string;
  blocks: BodyBlock[];
  image: { url: string | null; caption: string | null; credit: string | null } | null;
  /** Text removed from the body that a reader might look for (captions, credits). */
  residue: { kind: 'image-caption' | 'image-credit' | 'title' | 'byline'; text: string }[];
}

export type HtmlExtraction =
  | { found: true; article: HtmlArticle }
  | { found: false; reason: string; metadata: PageMetadata };

export interface HtmlExtractOptions {
  /** The page's URL, to resolve relative links (canonical URL, image). */
  url?: string | null;
}

/** A JSON-LD articleBody shorter than this is a teaser, not the article. */
const MIN_JSONLD_BODY_CHARS = 500;
/** The HTML body is replaced by the JSON-LD articleBody when it holds less than this share of its text. */
const JSONLD_BODY_SHARE = 0.3;

/** An article from plain text (JSON-LD articleBody): paragraphs at blank lines, or at line breaks when there are none. */
function articleFromText(raw: string, metadata: PageMetadata): HtmlArticle {
  const text = raw.replace(/\r\n?/g, '\n');
  const parts = (text.includes('\n\n') ? text.split(/\n\s*\n/) : text.split(/\n/)).map((p) => squash(p)).filter((p) => p.length > 0);
  let body = '';
  const blocks: BodyBlock[] = [];
  for (const p of parts) {
    if (body.length > 0) body += '\n\n';
    blocks.push({ start: body.length, end: body.length + p.length, kind: 'p', level: 0 });
    body += p;
  }
  const image = metadata.imageUrl === null ? null : { url: metadata.imageUrl, caption: null, credit: null };
  return { metadata, text: body, blocks, image, residue: [] };
}

/** Blocks this short that start with a byline word and name a byline person are the byline, not body. */
const MAX_BYLINE_BLOCK_CHARS = 160;

/** Made once: a regular expression literal in a function body is a new object each call. */
const NON_ALNUM_RUNS = /[^\p{L}\p{N}]+/gu;

function normKey(s: string): string {
  return s.toLowerCase().replace(NON_ALNUM_RUNS, ' ').trim();
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
  return true;
}

/**
 * Whether normKey(text) is `prefix + target`. `key` is normKey(text) when the caller made it (a text
 * that is not ASCII); for an ASCII text (null) the comparison is made in place: its normal form is
 * its runs of letters and digits, lower-cased, joined by single spaces.
 */
function normKeyIs(text: string, key: string | null, prefix: string, target: string): boolean {
  if (key !== null) return key.length === prefix.length + target.length && key.startsWith(prefix) && key.endsWith(target);
  const total = prefix.length + target.length;
  let j = 0;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    if (!(upper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
      // A run of other characters is one space, none at either end.
      space = j > 0;
      continue;
    }
    if (space) {
      if (j >= total || charOfKey(prefix, target, j) !== 32) return false;
      j++;
      space = false;
    }
    if (upper) c += 32;
    if (j >= total || charOfKey(prefix, target, j) !== c) return false;
    j++;
  }
  return j === total;
}

function charOfKey(prefix: string, target: string, j: number): number {
  return j < prefix.length ? prefix.charCodeAt(j) : target.charCodeAt(j - prefix.length);
}

/** Whether a block's normal form (normKeyIs) is a byline key `k` or `by k`. */
function isBylineKey(text: string, key: string | null, bylineKeys: string[]): boolean {
  for (let i = 0; i < bylineKeys.length; i++) {
    const k = bylineKeys[i]!;
    if (k.length > 0 && (normKeyIs(text, key, '', k) || normKeyIs(text, key, 'by ', k))) return true;
  }
  return false;
}

/** How many ASCII letters and digits a text has. */
function asciiAlnum(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) n++;
  }
  return n;
}

/**
 * Extract the article from an HTML page.
 *
 * @example
 * extractHtmlPage('<html><body><nav>Home</nav><article><p>Long text ...</p></article></body></html>');
 */
export function extractHtmlPage(html: string, options: HtmlExtractOptions = {}): HtmlExtraction {
  const page = parseHtml(html);
  // Content first: it counts every element's characters (el.chars), which lets the metadata step
  // skip elements far too long to be a byline, a date or a standfirst without gathering their text.
  const content = extractContent(page.tree);
  const { metadata, jsonLdArticleBody } = readPageMetadata(page, options.url ?? null);
  // Cascade: a page rendered by scripts may hold its text only in JSON-LD articleBody.
  if (jsonLdArticleBody !== null && jsonLdArticleBody.length >= MIN_JSONLD_BODY_CHARS && content.proseChars < JSONLD_BODY_SHARE * jsonLdArticleBody.length) {
    return { found: true, article: articleFromText(jsonLdArticleBody, metadata) };
  }
  if (content.container === null) {
    return {
      found: false,
      metadata,
      reason: `the page has no block of running text (at most ${Math.round(content.proseChars)} characters of prose in one place); it looks like a home, index, login or error page`,
    };
  }
  const titleKey = metadata.title === null ? null : normKey(metadata.title);
  const bylineKeys = metadata.byline.map(normKey);
  // A block's key is at least as long as its ASCII letters and digits: one with more than the
  // longest key it is compared with is not normalised (a copy or three of most paragraphs otherwise).
  const maxKey = Math.max(titleKey?.length ?? 0, ...bylineKeys.map((k) => `by ${k}`.length));
  const residue: HtmlArticle['residue'] = [];
  const kept: Block[] = [];
  // Indexed loops here: this function runs once per page, and until it is optimised a for...of
  // loop makes an iterator result per item.
  for (let i = 0; i < content.blocks.length; i++) {
    const b = content.blocks[i]!;
    // Only headings and short blocks can repeat the title or the byline: no need to normalise long
    // paragraphs. An ASCII block is compared with the keys in place (normKeyIs), not normalised.
    const text = b.text;
    const keyed = (b.kind === 'h' || text.length <= MAX_BYLINE_BLOCK_CHARS) && asciiAlnum(text) <= maxKey;
    const key = keyed && !isAscii(text) ? normKey(text) : null;
    if (b.kind === 'h' && titleKey !== null && ((keyed && normKeyIs(text, key, '', titleKey)) || (b.level === 1 && kept.length === 0))) {
      residue.push({ kind: 'title', text });
      continue;
    }
    if (text.length <= MAX_BYLINE_BLOCK_CHARS && keyed && isBylineKey(text, key, bylineKeys)) {
      residue.push({ kind: 'byline', text });
      continue;
    }
    kept.push(b);
  }
  let text = '';
  const blocks: BodyBlock[] = [];
  let prev: Block | null = null;
  /**
   * Whether the body has a character trim() keeps: some block has one, or a ` | ` joins two cells.
   * Known from the blocks, so that the body, a chain of concatenations, is not flattened here (a
   * copy of it) only to be tested.
   */
  let solid = false;
  for (let i = 0; i < kept.length; i++) {
    const b = kept[i]!;
    // Cells of one table row make one line: "Name | Age | Town".
    const last = blocks[blocks.length - 1];
    if (b.kind === 'cell' && prev !== null && prev.kind === 'cell' && page.tree.parent[prev.el] === page.tree.parent[b.el] && last !== undefined) {
      text += ` | ${b.text}`;
      solid = true;
      last.end = text.length;
      prev = b;
      continue;
    }
    prev = b;
    if (text.length > 0) text += '\n\n';
    const start = text.length;
    text += b.text;
    solid ||= hasSolid(b.text);
    blocks.push({ start, end: text.length, kind: b.kind as BodyBlock['kind'], level: b.level });
  }
  const caption = content.captions.map((c) => squash(c.text)).find((t) => t.length > 0) ?? null;
  const credit = content.credits.map((c) => squash(c.text)).find((t) => t.length > 0) ?? null;
  for (const c of content.captions) residue.push({ kind: 'image-caption', text: squash(c.text) });
  for (const c of content.credits) residue.push({ kind: 'image-credit', text: squash(c.text) });
  const image = metadata.imageUrl !== null || caption !== null || credit !== null ? { url: metadata.imageUrl, caption, credit } : null;
  if (!solid) {
    return { found: false, metadata, reason: 'the text that looked like an article was all page furniture' };
  }
  return { found: true, article: { metadata, text, blocks, image, residue } };
}
