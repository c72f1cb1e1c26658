/**
 * HTML → a compact element tree for extraction.
 *
 * htmlparser2's tokenizer reports tags, attributes and text as index ranges into the page; we
 * build the tree ourselves from them (parseHtml), keeping only what extraction reads: elements
 * (tag, the few attributes we use, what the class and id words say, children) and text strings. Content that never reaches a
 * reader (scripts, styles, templates, SVG, form controls, hidden elements) is dropped while
 * parsing, so it costs no memory. JSON-LD scripts are kept aside for the metadata step.
 * Working on the tokenizer rather than on htmlparser2's Parser saves memory: no attribute object,
 * name or value string is made for the attributes we do not keep (most of them), and the open
 * elements are a stack rather than an array shifted and unshifted at its front.
 *
 * The parse allocates little, because every short-lived object is garbage the collector reclaims
 * late (the peak memory of a batch of pages is mostly garbage waiting for a collection, not the
 * trees): tag names, attribute names, short texts and class values come from a table of strings
 * seen before (internSlice); class and id values are read in place (attrCuesAt); attributes and
 * text inside dropped subtrees are not read at all; and the elements are numbers in a Tree of
 * arrays (tags, attributes, parents, runs of children in one list per page, cues), not objects.
 * The object tree (ParsedPage.root, El) is made only when asked for.
 *
 * Tree building follows the HTML rules a tag-soup parser needs (as htmlparser2's Parser does):
 * void elements have no content, some opening tags close the element left open before them
 * (a new <p> or block closes an open <p>, <li> closes <li>, a cell closes a cell...), a closing
 * tag closes every element opened after its match, a stray </p> is an empty paragraph and a stray
 * </br> a line break, and inside SVG and MathML `<x/>` closes itself.
 *
 * Bounded by construction: elements nested deeper than MAX_DEPTH are flattened into their
 * ancestor at that depth, attribute values longer than MAX_ATTR_CHARS are dropped, and a closing
 * tag costs no more than the elements it closes (a count of open elements per name rejects one
 * with no match at once), so random or hostile markup cannot blow the stack or the heap, nor
 * take quadratic time.
 *
 * @example
 * const page = parseHtml('<p>Hello <b>world</b></p>');
 * page.root.children; // [El p]
 */
import type { Tokenizer as TokenizerClass, TokenizerCallbacks } from 'htmlparser2';
import { CUE, attrCues, attrCuesAt } from './cues.js';
import { detached, internSlice } from './intern.js';

/**
 * htmlparser2's tokenizer, loaded from its own module when the package keeps it where its 10.x
 * releases do (next to the package's entry point), else from the package. The package's entry
 * point also loads its parser, DOM handler, DOM utilities, serializer and entity encoder, which
 * extraction never uses: 2 MB more memory held for the life of the process (measured: 51.1 against
 * 48.9 MB after loading the extractor).
 */
const Tokenizer: typeof TokenizerClass = await (async () => {
  try {
    const mod = (await import(new URL('./Tokenizer.js', import.meta.resolve('htmlparser2')).href)) as { default?: unknown };
    if (typeof mod.default === 'function') return mod.default as typeof TokenizerClass;
  } catch {
    // Not there: the package's entry point below.
  }
  return (await import('htmlparser2')).Tokenizer;
})();

/**
 * The page's elements, by number: document order, the synthetic root 0. Kept in arrays (per
 * element a few numbers, its tag and its attributes) rather than an object per element: tens of
 * thousands of elements per page were most of what the parse allocated, and much of what the
 * collector found alive and copied when it ran during an extraction (which is what makes the young
 * generation grow, and the process's peak memory with it).
 */
export interface Tree {
  /** Elements' children, element e's from start[e] to end[e] - 1: numbers are elements, strings texts (entities decoded, white space as written). */
  nodes: TreeNode[];
  tag: string[];
  /**
   * Attributes kept, lower-case names: of KEPT_ATTRS, those some step reads on an element like this
   * one (see keptAttrs). Class and id are not kept: what they say is in `cues`.
   */
  attrs: Array<Record<string, string>>;
  /** The parent element (-1 for the root). */
  parent: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /**
   * What the class/id words say: a bit set of CUE flags (cues.ts, classIdCues), read by the parser.
   * A number rather than the words or the attribute values: no string or attribute object is kept
   * for them (class and id are the only kept attributes of most elements).
   */
  cues: Int32Array;
  /** Filled in by the content step (content.ts): characters under each element (the metadata step reads them too). */
  chars: Int32Array;
}
/** An element of a Tree: its number (the index of its entries in the Tree's arrays). */
export type ElementNumber = number;
/** A child in a Tree: an element's number, or a text. */
export type TreeNode = ElementNumber | string;

/** An element as an object, with its children as a list (ParsedPage.root: for tests and tools; the extraction reads the Tree). */
export class El {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: El | null;
  cues: number;

  constructor(tag: string, attrs: Record<string, string>, cues: number, parent: El | null) {
    this.tag = tag;
    this.attrs = attrs;
    this.children = [];
    this.parent = parent;
    this.cues = cues;
  }
}
export type Node = El | string;

/**
 * A parsed page. A class, not an object literal with a getter made in parseHtml: that getter would
 * be a closure over the parse's variables, the page's text among them, and keep it alive as long
 * as the parsed page (the collector, until it runs a full collection, keeps what a dead page that
 * reached the old generation points to).
 */
class Page implements ParsedPage {
  tree: Tree = EMPTY_TREE;
  title: string | null = null;
  metas: Record<string, string>[] = [];
  links: Record<string, string>[] = [];
  jsonLd: string[] = [];
  lang: string | null = null;
  baseHref: string | null = null;
  private objects: El | null = null;

  get root(): El {
    this.objects ??= objectTree(this.tree);
    return this.objects;
  }
}

/** The tree as objects (El), made from the arrays. */
function objectTree(tree: Tree): El {
  const n = tree.tag.length;
  const els: El[] = [];
  for (let e = 0; e < n; e++) {
    const p = tree.parent[e]!;
    els.push(new El(tree.tag[e]!, tree.attrs[e]!, tree.cues[e]!, p < 0 ? null : els[p]!));
  }
  for (let e = 0; e < n; e++) {
    const el = els[e]!;
    for (let i = tree.start[e]!; i < tree.end[e]!; i++) {
      const c = tree.nodes[i]!;
      el.children.push(typeof c === 'string' ? c : els[c]!);
    }
  }
  return els[0]!;
}

export interface ParsedPage {
  /** The elements and texts (the synthetic root, 0, holds the document's top-level nodes). */
  tree: Tree;
  /** The same as objects: a synthetic root holding the document's top-level nodes (made when first read). */
  readonly root: El;
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

/** Elements dropped with everything inside them. */
const DROP_SUBTREE = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'select', 'textarea',
  'button', 'input', 'option', 'datalist', 'audio', 'video', 'map', 'head', 'dialog', 'frameset', 'frame', 'applet',
  'meta', 'link', 'base',
]);
/**
 * Attributes the extraction steps (content, metadata) read on elements: the only ones read while
 * parsing (class and id into El.cues, the others into El.attrs when some step reads them there).
 */
const KEPT_ATTRS = new Set(['class', 'id', 'role', 'itemprop', 'rel', 'href', 'src', 'content', 'datetime', 'title']);
/** The attributes of KEPT_ATTRS stored in El.attrs, each with its slot while a tag is read. */
const STORED_ATTRS = ['role', 'itemprop', 'rel', 'href', 'src', 'content', 'datetime', 'title'] as const;
const STORED_SLOT = new Map<string, number>(STORED_ATTRS.map((name, i) => [name, i]));
/** Index of each attribute in STORED_ATTRS: keep the two in the same order. */
const enum Slot {
  Role = 0,
  Itemprop = 1,
  Rel = 2,
  Href = 3,
  Src = 4,
  Content = 5,
  Datetime = 6,
  Title = 7,
}
/** Attributes that hide an element: read while parsing, never stored. */
const HIDING_ATTRS = new Set(['hidden', 'aria-hidden', 'style']);
/** Attributes read on `<meta>` and `<link>`. */
const META_ATTRS = ['name', 'property', 'content', 'itemprop', 'rel', 'href', 'charset', 'http-equiv', 'hreflang', 'type'];
/** Tags whose attributes are all read (READ_ATTRS): `<meta>` and `<link>` (META_ATTRS), `<html lang>`, `<script type>`, `<base href>`. */
const READ_ALL_TAGS = new Set(['meta', 'link', 'html', 'script', 'base']);
/** Every attribute name read anywhere; the tokenizer's other attributes are skipped without making strings. */
const READ_ATTRS = new Set([...KEPT_ATTRS, ...HIDING_ATTRS, ...META_ATTRS, 'lang']);
const LONGEST_READ_ATTR = Math.max(...[...READ_ATTRS].map((a) => a.length));
const HIDDEN_STYLE = /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

/** Elements with no content and no closing tag. */
const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen', 'link',
  'meta', 'param', 'source', 'track', 'wbr',
]);
const CLOSES_P = ['p'];
const FORM_CONTROLS = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
/** An opening tag → the open elements it closes while one of them is the innermost open element. */
const OPENING_CLOSES_LIST: Array<[string, string[]]> = [
  ['tr', ['tr', 'th', 'td']],
  ['th', ['th']],
  ['td', ['thead', 'th', 'td']],
  ['body', ['head', 'link', 'script']],
  ['li', ['li']],
  ['option', ['option']],
  ['optgroup', ['optgroup', 'option']],
  ['dd', ['dd', 'dt']],
  ['dt', ['dd', 'dt']],
  ['rt', ['rt', 'rp']],
  ['rp', ['rt', 'rp']],
  ['tbody', ['thead', 'tbody']],
  ['tfoot', ['thead', 'tbody']],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t): [string, string[]] => [t, FORM_CONTROLS]),
  ...[
    'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset',
    'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul',
  ].map((t): [string, string[]] => [t, CLOSES_P]),
];
const OPENING_CLOSES = new Map(OPENING_CLOSES_LIST.map(([k, v]) => [k, new Set(v)]));
/** Elements that start foreign content (SVG, MathML), where `<x/>` closes itself... */
const FOREIGN_ROOTS = new Set(['svg', 'math']);
/** ...and elements inside it that hold HTML again. */
const HTML_INSIDE_FOREIGN = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

/** Shared by every element without a kept attribute (most of them): never written to. */
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The tree of a page not parsed yet (replaced at the end of parseHtml); the steps' current tree between pages. */
export const EMPTY_TREE: Tree = {
  nodes: [],
  tag: [],
  attrs: [],
  parent: new Int32Array(0),
  start: new Int32Array(0),
  end: new Int32Array(0),
  cues: new Int32Array(0),
  chars: new Int32Array(0),
};

/**
 * Scratch lists reused from page to page (cleared after each): the children of the open elements
 * (KIDS), the runs of the closed ones (RUNS), and the elements' tags, attributes, parents, runs
 * and cues; each copied once at the end into the page's Tree, of exactly its size. Reused rather
 * than grown anew for every page (each growth a new backing store).
 */
const KIDS: TreeNode[] = [''];
const RUNS: TreeNode[] = [''];
const TAGS: string[] = [''];
const ATTRS: Array<Record<string, string>> = [];
let PARENT = new Int32Array(1024);
let START = new Int32Array(1024);
let END = new Int32Array(1024);
let CUES = new Int32Array(1024);
/** Scratch lists longer than this after a page are emptied rather than kept for the next (a huge page's lists are not held for the process's life). */
const MAX_KEPT_SCRATCH = 1 << 16;

/** Room for element `e` in the scratch arrays. */
function reserve(e: number): void {
  if (e < PARENT.length) return;
  const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
    const b = new Int32Array(2 * a.length);
    b.set(a);
    return b;
  };
  PARENT = grow(PARENT);
  START = grow(START);
  END = grow(END);
  CUES = grow(CUES);
}

/**
 * Whether a step reads the attribute in a slot on this element: role, itemprop and rel on any
 * element (content.ts, metadata.ts); href on links (isLink) and microdata items; src and content
 * on microdata items (readItemprop); datetime on <time>, microdata items and elements whose class
 * says date; title on the latter (metadata.ts, scanVisible). The others, most of them (an image's
 * src, a link's title), would be an attribute object and strings made for every such element and
 * never read.
 */
function isStored(slot: Slot, tag: string, itemprop: boolean, cues: number): boolean {
  switch (slot) {
    case Slot.Href:
      return tag === 'a' || itemprop;
    case Slot.Src:
    case Slot.Content:
      return itemprop;
    case Slot.Datetime:
      return tag === 'time' || itemprop || (cues & CUE.DATE) !== 0;
    case Slot.Title:
      return (cues & CUE.DATE) !== 0;
    default:
      return true;
  }
}

/** A character from a code point the tokenizer decoded (U+FFFD for one that is not a character). */
function charOf(cp: number): string {
  return cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
}

/** What became of an open tag: its element, flattened into its parent (past MAX_DEPTH), dropped with its content, or <head>. */
const enum Kind {
  Element = 0,
  Flattened = 1,
  Dropped = 2,
  Head = 3,
}

/**
 * Parse HTML into the compact tree plus the head's metadata.
 *
 * @example
 * parseHtml('<title>T</title><p>x</p>').title; // 'T'
 */
export function parseHtml(html: string): ParsedPage {
  /** Elements made so far. */
  let count = 0;
  const newElement = (tag: string, attrs: Record<string, string>, cues: number, parent: number): number => {
    const e = count++;
    reserve(e);
    TAGS[e] = tag;
    ATTRS[e] = attrs;
    PARENT[e] = parent;
    START[e] = 0;
    END[e] = 0;
    CUES[e] = cues;
    return e;
  };
  const root = newElement('#root', NO_ATTRS, 0, -1);
  const page = new Page();
  let current = root;
  /**
   * The children of the open elements, one run per open element, innermost last: a closed
   * element's run is moved to the end of `runs` (its start and end there recorded on it).
   * `marks` holds where each open element's run starts.
   */
  const kids = KIDS;
  const runs = RUNS;
  /**
   * The runs' end in `kids`: entries past it are spent. Not kids.length, which would be cut back
   * at each closed element: V8 then trims the list's storage, and the next pushes grow it again
   * (a new backing store each time). `highest`: the most entries used, to clear after the page.
   */
  let top = 0;
  let highest = 0;
  /** The end of `runs`. */
  let ran = 0;
  const marks: number[] = [0];
  let mark = 0;
  let depth = 0;
  /** >0 while inside a dropped subtree; counts the dropped tags open. */
  let dropping = 0;
  /** Collecting a special element's text: title or JSON-LD script. */
  let capture: 'title' | 'jsonld' | null = null;
  let captured = '';
  let jsonLdChars = 0;
  /** The open tags, innermost last: names, and what was done with each (Kind). */
  const openNames: string[] = [];
  const openKinds: Kind[] = [];
  /** How many tags of each name are open: a closing tag with none is ignored without a search. */
  const openCount = new Map<string, number>();
  /** Per SVG/MathML root or HTML element inside one: true inside foreign content. */
  const foreign: boolean[] = [];
  /**
   * The tag being read: its name; its class and id, as their range in the page when they come in
   * one piece (clsStart, idStart: -1 when not), else as strings (null: none yet); its attributes of
   * STORED_ATTRS, by slot (null: none yet); and, for READ_ALL_TAGS, every attribute read but class
   * and id (null: none yet).
   */
  let tagName = '';
  let cls: string | null = null;
  let id: string | null = null;
  let clsStart = -1;
  let clsEnd = -1;
  let idStart = -1;
  let idEnd = -1;
  const slots: Array<string | null> = STORED_ATTRS.map(() => null);
  let attribs: Record<string, string> | null = null;
  /** The tag's attributes are all read (READ_ALL_TAGS), not only those stored on elements. */
  let readAll = false;
  /** What the tag's hiding attributes said (first occurrence of each, as for stored ones). */
  let hiddenTag = false;
  let seenAriaHidden = false;
  let seenStyle = false;
  /**
   * The attribute being read (null: one we skip), and its value: while it comes in one piece (no
   * entity), only its range in the page (attrStart, attrEnd); attrValue once it has several.
   */
  let attrName: string | null = null;
  let attrValue = '';
  let attrStart = -1;
  let attrEnd = -1;

  /** True while text is neither kept nor captured (inside a dropped subtree): it is not read at all. */
  const ignoringText = (): boolean => capture === null && dropping > 0;

  const appendText = (text: string): void => {
    if (capture !== null) {
      if (captured.length < MAX_JSONLD_CHARS) captured += text;
      return;
    }
    if (dropping > 0) return;
    const at = top - 1;
    const last = at >= mark ? kids[at] : undefined;
    if (typeof last === 'string') kids[at] = last + text;
    else kids[top++] = text;
  };

  /** Move the children of element `e`, kids[from] to kids[top - 1], to the end of `runs` as its run. */
  const moveRun = (e: number, from: number): void => {
    if (top > highest) highest = top;
    START[e] = ran;
    for (let i = from; i < top; i++) runs[ran++] = kids[i]!;
    END[e] = ran;
    top = from;
  };

  /** Give the element its children (the run since its mark) and close it. */
  const closeElement = (): void => {
    if (top > mark) moveRun(current, mark);
    marks.pop();
    mark = marks[marks.length - 1]!;
  };

  /** Close the innermost open tag. */
  const popTag = (): void => {
    const name = openNames.pop()!;
    const kind = openKinds.pop();
    openCount.set(name, (openCount.get(name) ?? 1) - 1);
    if (capture === 'title' && name === 'title') {
      page.title = captured;
      capture = null;
    } else if (capture === 'jsonld' && name === 'script') {
      if (jsonLdChars + captured.length <= MAX_JSONLD_CHARS) {
        // A copy: the text is usually one slice of the page, which V8 keeps as a pointer into it, so
        // anything made from it later (a JSON.parse error's message quotes the text) would keep the
        // whole page alive.
        page.jsonLd.push(detached(captured));
        jsonLdChars += captured.length;
      }
      capture = null;
    }
    if (kind === Kind.Dropped) {
      dropping = Math.max(0, dropping - 1);
    } else if (kind === Kind.Element && current !== root) {
      closeElement();
      current = PARENT[current]!;
      depth--;
    }
  };

  const pushTag = (name: string, kind: Kind): void => {
    openNames.push(name);
    openKinds.push(kind);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
  };

  /**
   * The attributes of the element the tag being read makes: those of its slots some step reads
   * (isStored), in one object made once (NO_ATTRS when none).
   */
  const keptAttrs = (name: string, cues: number): Record<string, string> => {
    const itemprop = slots[Slot.Itemprop] !== null;
    let out: Record<string, string> | null = null;
    for (let k = 0; k < STORED_ATTRS.length; k++) {
      const v = slots[k];
      if (v === null || v === undefined || !isStored(k, name, itemprop, cues)) continue;
      out ??= {};
      out[STORED_ATTRS[k]!] = v;
    }
    return out ?? NO_ATTRS;
  };

  /**
   * An opening tag, its attributes read: drop it, flatten it or make its element. `own`: the tag is
   * the one being read (its class, id and slots are its own), not one the parser adds (</br>, </p>).
   */
  const openTag = (name: string, attrsRead: Record<string, string> | null, hidden: boolean, own: boolean): void => {
    if (dropping > 0) {
      dropping++;
      pushTag(name, Kind.Dropped);
      return;
    }
    const type = attrsRead?.type;
    if (name === 'title' && page.title === null) {
      capture = 'title';
      captured = '';
    } else if (name === 'script' && type !== undefined && type.toLowerCase().includes('ld+json')) {
      capture = 'jsonld';
      captured = '';
    }
    if (name === 'meta') page.metas.push(keepMeta(attrsRead));
    else if (name === 'link') page.links.push(keepMeta(attrsRead));
    else if (name === 'html' && attrsRead?.lang) page.lang ??= attrsRead.lang;
    else if (name === 'base' && attrsRead?.href && page.baseHref === null) page.baseHref = attrsRead.href;
    if (DROP_SUBTREE.has(name) || name === 'title' || hidden) {
      // <head> is dropped as content but its meta/title/link tags were read above.
      if (name === 'head') pushTag(name, Kind.Head);
      else {
        dropping = 1;
        pushTag(name, Kind.Dropped);
      }
      return;
    }
    if (depth >= MAX_DEPTH) {
      // Below MAX_DEPTH, tags are not turned into elements (their close tags are skipped too).
      pushTag(name, Kind.Flattened);
      return;
    }
    const cues = own ? tagCues() : 0;
    const el = newElement(name, own ? keptAttrs(name, cues) : NO_ATTRS, cues, current);
    kids[top++] = el;
    marks.push(top);
    mark = top;
    current = el;
    depth++;
    pushTag(name, Kind.Element);
  };

  /** What the class and id of the tag being read say (classIdCues), read in place when they are ranges of the page. */
  const tagCues = (): number =>
    (clsStart >= 0 ? attrCuesAt(html, clsStart, clsEnd, false) : cls === null ? 0 : attrCues(cls, false)) |
    (idStart >= 0 ? attrCuesAt(html, idStart, idEnd, true) : id === null ? 0 : attrCues(id, true));

  /** The end of an opening tag (`>`): open it, and close it at once when it is void (or self-closed in SVG/MathML). */
  const endOpenTag = (selfClosed: boolean): void => {
    const name = tagName;
    openTag(name, attribs, hiddenTag, true);
    attribs = null;
    if (VOID_ELEMENTS.has(name) || (selfClosed && foreign[foreign.length - 1] === true)) popTag();
  };

  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      const name = internSlice(html, start, end, true);
      tagName = name;
      attribs = null;
      cls = null;
      id = null;
      clsStart = -1;
      idStart = -1;
      slots.fill(null);
      readAll = READ_ALL_TAGS.has(name);
      hiddenTag = false;
      seenAriaHidden = false;
      seenStyle = false;
      const closes = OPENING_CLOSES.get(name);
      if (closes !== undefined) while (openNames.length > 0 && closes.has(openNames[openNames.length - 1]!)) popTag();
      if (FOREIGN_ROOTS.has(name)) foreign.push(true);
      else if (HTML_INSIDE_FOREIGN.has(name)) foreign.push(false);
    },
    onattribname(start, end) {
      attrValue = '';
      attrStart = -1;
      // Inside a dropped subtree no attribute is read (the element is not made, nor its meta read).
      if (end - start > LONGEST_READ_ATTR || dropping > 0) {
        attrName = null;
        return;
      }
      const name = internSlice(html, start, end, true);
      // The first occurrence of an attribute is read, later ones skipped (class, id and the stored
      // ones: a hiding attribute is read at each occurrence on tags other than READ_ALL_TAGS, where
      // its first one decides).
      let seen: boolean;
      if (name === 'class') seen = cls !== null || clsStart >= 0;
      else if (name === 'id') seen = id !== null || idStart >= 0;
      else if (readAll) seen = attribs !== null && name in attribs;
      else {
        const slot = STORED_SLOT.get(name);
        seen = slot !== undefined && slots[slot] !== null;
      }
      attrName = !seen && (readAll ? READ_ATTRS.has(name) : KEPT_ATTRS.has(name) || HIDING_ATTRS.has(name)) ? name : null;
    },
    onattribdata(start, end) {
      if (attrName === null) return;
      if (attrStart < 0 && attrValue.length === 0) {
        // The first piece: only its range (most values come in one piece).
        attrStart = start;
        attrEnd = end;
        return;
      }
      if (attrStart >= 0) {
        attrValue = html.slice(attrStart, attrEnd);
        attrStart = -1;
      }
      if (attrValue.length <= MAX_ATTR_CHARS) attrValue += html.slice(start, end);
    },
    onattribentity(cp) {
      if (attrName === null) return;
      if (attrStart >= 0) {
        attrValue = html.slice(attrStart, attrEnd);
        attrStart = -1;
      }
      if (attrValue.length <= MAX_ATTR_CHARS) attrValue += charOf(cp);
    },
    onattribend() {
      if (attrStart >= 0 && (attrName === 'class' || attrName === 'id')) {
        // A class or id in one piece: only its range (its words are read in place, tagCues).
        if (attrEnd - attrStart <= MAX_ATTR_CHARS) {
          if (attrName === 'class') {
            clsStart = attrStart;
            clsEnd = attrEnd;
          } else {
            idStart = attrStart;
            idEnd = attrEnd;
          }
        }
      } else if (attrName !== null) {
        const value = attrStart >= 0 ? (attrEnd - attrStart <= MAX_ATTR_CHARS ? internSlice(html, attrStart, attrEnd, false) : null) : attrValue;
        if (value !== null && value.length <= MAX_ATTR_CHARS) {
          if (HIDING_ATTRS.has(attrName)) {
            // Whether the element is hidden: the attribute hidden, aria-hidden=true, display:none in its style.
            if (attrName === 'hidden') hiddenTag = true;
            else if (attrName === 'aria-hidden') {
              if (!seenAriaHidden && value === 'true') hiddenTag = true;
              seenAriaHidden = true;
            } else if (!seenStyle) {
              seenStyle = true;
              if (HIDDEN_STYLE.test(value)) hiddenTag = true;
            }
          }
          if (attrName === 'class') cls = value;
          else if (attrName === 'id') id = value;
          else {
            if (readAll) {
              attribs ??= {};
              attribs[attrName] = value;
            }
            const slot = STORED_SLOT.get(attrName);
            if (slot !== undefined) slots[slot] = value;
          }
        }
      }
      attrName = null;
      attrValue = '';
      attrStart = -1;
    },
    onopentagend() {
      endOpenTag(false);
    },
    onselfclosingtag() {
      endOpenTag(true);
    },
    onclosetag(start, end) {
      const name = internSlice(html, start, end, true);
      if (FOREIGN_ROOTS.has(name) || HTML_INSIDE_FOREIGN.has(name)) foreign.pop();
      if (VOID_ELEMENTS.has(name)) {
        if (name === 'br') {
          // </br> is read as <br>.
          openTag('br', null, false, false);
          popTag();
        }
        return;
      }
      if ((openCount.get(name) ?? 0) > 0) {
        // Close every tag opened after the match, then the match.
        while (openNames.length > 0 && openNames[openNames.length - 1] !== name) popTag();
        popTag();
      } else if (name === 'p') {
        // A </p> with no <p> open is an empty paragraph.
        openTag('p', null, false, false);
        popTag();
      }
    },
    ontext(start, end) {
      if (!ignoringText()) appendText(capture === null ? internSlice(html, start, end, false) : html.slice(start, end));
    },
    ontextentity(cp) {
      if (!ignoringText()) appendText(charOf(cp));
    },
    oncdata() {},
    oncomment() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {},
  };
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  // The tokenizer and this parse's closures (the callbacks) point to the page's text: they are
  // garbage now, but one that reached the old generation during a long page would keep the text
  // alive, and copied or promoted at every young collection, until the next full collection.
  tokenizer.reset();
  html = '';
  // Elements left open at the end of the page get their children too, and the root its own.
  while (current !== root) {
    closeElement();
    current = PARENT[current]!;
  }
  if (top > 0) moveRun(root, 0);
  // The page's tree: the scratch lists copied once, each of exactly its size. The scratch lists are
  // then cleared (they would keep the page's texts, and the page with them, alive until the next one).
  page.tree = {
    nodes: runs.slice(0, ran),
    tag: TAGS.slice(0, count),
    attrs: ATTRS.slice(0, count),
    parent: PARENT.slice(0, count),
    start: START.slice(0, count),
    end: END.slice(0, count),
    cues: CUES.slice(0, count),
    chars: new Int32Array(count),
  };
  if (runs.length > MAX_KEPT_SCRATCH) runs.length = 0;
  else runs.fill('', 0, ran);
  if (kids.length > MAX_KEPT_SCRATCH) kids.length = 0;
  else kids.fill('', 0, highest);
  if (TAGS.length > MAX_KEPT_SCRATCH) {
    TAGS.length = 0;
    ATTRS.length = 0;
  } else {
    TAGS.fill('', 0, count);
    ATTRS.fill(NO_ATTRS, 0, count);
  }
  // A copy (the title is often one slice of the page, which would keep the page alive with it).
  if (page.title !== null) page.title = detached(page.title.replace(WHITE_RUNS, ' ').trim());
  return page;
}

/** Made once: a regular expression literal in a function body is a new object each call. */
const WHITE_RUNS = /\s+/g;
/**
 * The runs of white space that collapsing to one space changes: two or more characters, or one that
 * is not a plain space. Replacing these by a space gives what replacing every run (WHITE_RUNS) gives,
 * with one match per run that changes rather than one per word gap (each match costs the replace memory).
 */
export const CHANGING_WHITE_RUNS = /\s{2,}|[^\S ]/g;

/** Meta/link attributes we read. */
function keepMeta(attribs: Record<string, string> | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (attribs === null) return out;
  for (const k of META_ATTRS) {
    const v = attribs[k];
    if (v !== undefined) out[k] = v;
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
  // Each step only when it has something to do: a replace() that matches makes a new string even
  // when it changes nothing (a single space replaced by a space).
  const visible = SQUASH_INVISIBLE.test(s) ? s.replace(SQUASH_INVISIBLE_ALL, '') : s;
  return (SQUASH_WHITE_RUN.test(visible) ? visible.replace(CHANGING_WHITE_RUNS, ' ') : visible).trim();
}
const SQUASH_INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
const SQUASH_INVISIBLE_ALL = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** White space that collapsing would change: a run of two, or one that is not a plain space. */
const SQUASH_WHITE_RUN = /\s\s|[^\S ]/;
