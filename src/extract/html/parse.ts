/**
 * HTML → a compact element tree for extraction.
 *
 * htmlparser2's tokenizer feeds callbacks; we keep only what extraction reads:
 * elements (tag, the few attributes we use, children) and text strings. Content
 * that never reaches a reader (scripts, styles, templates, SVG, form controls,
 * hidden elements) is dropped while parsing, so it costs no memory. JSON-LD
 * scripts are kept aside for the metadata step.
 *
 * Bounded by construction: elements nested deeper than MAX_DEPTH are flattened
 * into their ancestor at that depth, and attribute values longer than
 * MAX_ATTR_CHARS are dropped, so random or hostile markup cannot blow the stack
 * or the heap.
 *
 * @example
 * const page = parseHtml('<p>Hello <b>world</b></p>');
 * page.root.children; // [El p]
 */
import { Parser } from 'htmlparser2';

/** An element. Text children are plain strings (entities decoded, whitespace as written). */
export interface El {
  tag: string;
  /** Attributes kept (see KEPT_ATTRS), lower-case names. */
  attrs: Record<string, string>;
  children: Node[];
  parent: El | null;
  /** Class/id words, filled in on first use by elementWords() (cues.ts). */
  words?: string[];
}
export type Node = El | string;

export interface ParsedPage {
  /** A synthetic root holding the document's top-level nodes. */
  root: El;
  /** Text of `<title>` (first one). */
  title: string | null;
  /** `<meta>` attributes, in document order. */
  metas: Record<string, string>[];
  /** `<link>` attributes (rel, href, hreflang, type). */
  links: Record<string, string>[];
  /** Raw bodies of `<script type="application/ld+json">`. */
  jsonLd: string[];
  /** `<html lang>` */
  lang: string | null;
  /** `<base href>` */
  baseHref: string | null;
}

/** Deeper nesting than this is flattened: real pages stay far below it; it keeps every walk's recursion bounded. */
export const MAX_DEPTH = 200;
/** Longer attribute values are dropped (data URIs, inline blobs, hostile input); no attribute we read is near this long. */
export const MAX_ATTR_CHARS = 4096;
/** At most this much JSON-LD text per page is kept for parsing. */
export const MAX_JSONLD_CHARS = 1_000_000;

/** Open tags (unclosed, nested) at which the tokenizer is restarted; real pages stay in the low hundreds. */
export const MAX_OPEN_TAGS = 2048;
/** Restarts allowed per page; past them the rest of a pathological page is not read. */
export const MAX_PARSER_RESTARTS = 1000;

/** Thrown inside a parser callback to restart parsing at `at` (an index into the parser's input). */
class RestartParser extends Error {
  constructor(readonly at: number) {
    super('restart parser');
  }
}

/** Elements dropped with everything inside them. */
const DROP_SUBTREE = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'select', 'textarea',
  'button', 'input', 'option', 'datalist', 'audio', 'video', 'map', 'head', 'dialog', 'frameset', 'frame', 'applet',
  'meta', 'link', 'base',
]);
/** Attributes extraction reads; others are not stored. */
const KEPT_ATTRS = new Set([
  'class', 'id', 'role', 'itemprop', 'itemtype', 'itemscope', 'rel', 'href', 'src', 'alt', 'content', 'datetime',
  'property', 'name', 'lang', 'hidden', 'aria-hidden', 'style', 'type', 'data-src', 'title', 'aria-label', 'srcset',
  'data-component', 'data-testid',
]);
const HIDDEN_STYLE = /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

/** Shared by every element without a kept attribute (most of them): never written to. */
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

function keepAttrs(attribs: Record<string, string>): Record<string, string> {
  let out: Record<string, string> | null = null;
  for (const name in attribs) {
    const value = attribs[name];
    if (value === undefined || value.length > MAX_ATTR_CHARS || !KEPT_ATTRS.has(name)) continue;
    out ??= {};
    out[name] = value;
  }
  return out ?? NO_ATTRS;
}

/** True for an element the page hides from readers. */
function isHidden(attrs: Record<string, string>): boolean {
  if ('hidden' in attrs) return true;
  if (attrs['aria-hidden'] === 'true') return true;
  const style = attrs.style;
  return style !== undefined && HIDDEN_STYLE.test(style);
}

/**
 * Parse HTML into the compact tree plus the head's metadata.
 *
 * @example
 * parseHtml('<title>T</title><p>x</p>').title; // 'T'
 */
export function parseHtml(html: string): ParsedPage {
  const root: El = { tag: '#root', attrs: {}, children: [], parent: null };
  const page: ParsedPage = { root, title: null, metas: [], links: [], jsonLd: [], lang: null, baseHref: null };
  let current = root;
  let depth = 0;
  /** >0 while inside a dropped subtree; counts the dropped tags open. */
  let dropping = 0;
  /** Collecting a special element's text: title or JSON-LD script. */
  let capture: 'title' | 'jsonld' | null = null;
  let captured = '';
  let jsonLdChars = 0;
  /** Per open tag: what was done with it, so closing tags unwind correctly. 0 element, 1 flattened, 2 dropped, 3 void-ish meta. */
  const kinds: number[] = [];

  let parser: Parser;
  const makeParser = (): Parser => new Parser(
    {
      onopentag(name, attribs) {
        // htmlparser2 keeps its open-tag stack in an array it shifts and unshifts, which is quadratic
        // for thousands of unclosed tags: restart it (see below) before its stack gets that deep.
        if (kinds.length >= MAX_OPEN_TAGS) throw new RestartParser(parser.startIndex);
        if (dropping > 0) {
          dropping++;
          kinds.push(2);
          return;
        }
        if (name === 'title' && page.title === null) {
          capture = 'title';
          captured = '';
        } else if (name === 'script' && (attribs.type ?? '').toLowerCase().includes('ld+json')) {
          capture = 'jsonld';
          captured = '';
        }
        if (name === 'meta') {
          page.metas.push(keepMeta(attribs));
        } else if (name === 'link') {
          page.links.push(keepMeta(attribs));
        } else if (name === 'html' && attribs.lang) {
          page.lang ??= attribs.lang;
        } else if (name === 'base' && attribs.href && page.baseHref === null) {
          page.baseHref = attribs.href;
        }
        const attrs = keepAttrs(attribs);
        if (DROP_SUBTREE.has(name) || name === 'title' || isHidden(attrs)) {
          // <head> is dropped as content but its meta/title/link tags were read above.
          dropping = name === 'head' ? 0 : 1;
          kinds.push(name === 'head' ? 3 : 2);
          return;
        }
        if (depth >= MAX_DEPTH) {
          // Below MAX_DEPTH, tags are not turned into elements (their close tags are skipped too).
          kinds.push(1);
          return;
        }
        const el: El = { tag: name, attrs, children: [], parent: current };
        current.children.push(el);
        current = el;
        depth++;
        kinds.push(0);
      },
      ontext(text) {
        if (capture !== null) {
          if (captured.length < MAX_JSONLD_CHARS) captured += text;
          return;
        }
        if (dropping > 0) return;
        const last = current.children[current.children.length - 1];
        if (typeof last === 'string') current.children[current.children.length - 1] = last + text;
        else current.children.push(text);
      },
      onclosetag(name) {
        if (capture === 'title' && name === 'title') {
          page.title = captured;
          capture = null;
        } else if (capture === 'jsonld' && name === 'script') {
          if (jsonLdChars + captured.length <= MAX_JSONLD_CHARS) {
            page.jsonLd.push(captured);
            jsonLdChars += captured.length;
          }
          capture = null;
        }
        const kind = kinds.pop();
        if (kind === 2) {
          dropping = Math.max(0, dropping - 1);
        } else if (kind === 0 && current.parent !== null) {
          current = current.parent;
          depth--;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  // Parse; on a restart, continue from the tag that triggered it with a fresh parser, the tree
  // position kept (the old unclosed tags stay open in our tree, flattened past MAX_DEPTH).
  let input = html;
  for (let restarts = 0; ; restarts++) {
    parser = makeParser();
    try {
      parser.write(input);
      parser.end();
      break;
    } catch (e) {
      if (!(e instanceof RestartParser)) throw e;
      if (restarts >= MAX_PARSER_RESTARTS || e.at <= 0) break; // pathological page: keep what was read
      input = input.slice(e.at);
      kinds.length = 0;
      dropping = 0;
      capture = null;
    }
  }
  if (page.title !== null) page.title = page.title.replace(/\s+/g, ' ').trim();
  return page;
}

/** Meta/link attributes we read. */
function keepMeta(attribs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['name', 'property', 'content', 'itemprop', 'rel', 'href', 'charset', 'http-equiv', 'hreflang', 'type']) {
    const v = attribs[k];
    if (v !== undefined && v.length <= MAX_ATTR_CHARS) out[k] = v;
  }
  return out;
}

/** Every text under an element, joined as written. */
export function textOf(node: Node): string {
  if (typeof node === 'string') return node;
  let out = '';
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === 'string') out += n;
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

/** Collapse white space runs to one space and trim; soft hyphens and zero-width characters are dropped. */
export function squash(s: string): string {
  return s.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim();
}

/** Walk every element under (and including) `el`, depth first, in document order. */
export function* elements(el: El): Generator<El> {
  const stack: El[] = [el];
  while (stack.length > 0) {
    const e = stack.pop()!;
    yield e;
    for (let i = e.children.length - 1; i >= 0; i--) {
      const c = e.children[i]!;
      if (typeof c !== 'string') stack.push(c);
    }
  }
}
