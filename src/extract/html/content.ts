/**
 * Main-content extraction: which part of the page is the article body.
 *
 * Workflow:
 *   1. measure every element (characters, link characters) in one pass;
 *   2. mark page furniture (navigation, share bars, comments, cookie and newsletter boxes, ads)
 *      from tags, ARIA roles and class/id cue words — unless it holds much of the page's text;
 *   3. cut the rest into text blocks (a paragraph, heading, list item, cell, quote or caption);
 *      each block weighs its non-link text, and its link text and short label-like text count as junk;
 *   4. every element scores the weight of the blocks under it minus a penalty for their junk;
 *      the best-scoring element is the article container ("no article" when it holds too little prose);
 *   5. keep the container's blocks in reading order, minus link lists and furniture labels;
 *      captions and credits go to the image, not the body.
 *
 * The scoring is ours; the general idea (text density against link density, class
 * name cues) is the common ground of extractors such as Readability and Trafilatura.
 */
import { CHANGING_WHITE_RUNS, EMPTY_TREE, type ElementNumber as El, type Tree } from './parse.js';
import { CUE, HTML_CUES } from './cues.js';

/** Penalty per junk character against the weight of prose; calibrated on the dev set (re-run eval:extract after changing). */
const JUNK_PENALTY = 1.5;
/** Furniture with a strong cue (comments, share, ads) is still kept when it holds the article element or more than this share of the page's prose. */
const STRONG_GUARD_SHARE = 0.9;
/** Furniture with a weak cue (sidebar, header, meta) is kept when it holds more than this share. */
const WEAK_GUARD_SHARE = 0.3;
/** A block with fewer non-link characters than this, and no sentence punctuation, is a label, not prose. */
const MIN_PROSE_CHARS = 25;
/** Link density above which a short block is navigation. */
const MAX_LINK_DENSITY = 0.5;
/** Blocks at least this long are kept whatever their link density. */
const LONG_BLOCK_CHARS = 300;
/** Score bonus for containers that say they hold the article (itemprop=articleBody, <article>, content cue words). */
const ARTICLE_BODY_BONUS = 1.3;
const ARTICLE_TAG_BONUS = 1.15;
const CONTENT_CUE_BONUS = 1.08;
/** A caption or credit is short; a long element whose class merely mentions captions is not one. */
const MAX_CAPTION_CHARS = 400;
/** A sibling of the container joins the body when its prose weighs at least this (a real paragraph)... */
const SIBLING_MIN_WEIGHT = 140;
/** ...and this share of the container's... */
const SIBLING_MIN_SHARE = 0.2;
/** ...with junk (link text, labels) at most this share of its prose. */
const SIBLING_MAX_JUNK = 0.3;
/** This many short label blocks in a row are interface, not text; calibrated on the dev set. */
const MIN_LABEL_RUN = 4;
/** A page this small, mostly plain text, is its own article even without a paragraph of prose (a note, a test page). */
const MAX_PLAIN_PAGE_CHARS = 3000;
/** Less prose than this (non-link characters in the chosen container) is "no article". */
export const MIN_ARTICLE_CHARS = 80;

/** Tags that start a new block of text. */
const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'li', 'ul', 'ol', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
  'figure', 'figcaption', 'caption', 'address', 'hr', 'form', 'fieldset', 'details', 'summary', 'center', 'body',
  'html', '#root', 'menu', 'hgroup', 'picture', 'legend',
]);
const HEADING = /^h([1-6])$/;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
const INVISIBLE_ALL = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const SENTENCE_PUNCT = /[.!?。！？:;,]/;
/** A text that is only an image's file name. */
const IMAGE_FILE_NAME = /^[\p{L}\p{N}_.,()+-]+\.(?:jpe?g|png|gif|webp|avif|svg|tiff?|bmp|heic)$/iu;
/** White space that collapsing would change: a run of two, or one that is not a plain space. */
const WHITE_RUN = /\s\s|[^\S ]/;
/** Text that is all white space. */
const WHITE_ONLY = /^\s+$/;

/**
 * The regular expressions of the hot paths are made once, here: a literal in a function body is a
 * new RegExp object each time it runs (a few hundred bytes per call, per block or text node).
 */
const PRE_EDGES = /^\n+|\s+$/g;
const SPACED_BREAK = / *\n */g;
const BLANK_LINE = / *\n *\n[\s]*/;
const TRAILING_LABEL_PUNCT = /[\s:.!…>»|]+$/u;
const SENTENCE_END = /[.!?。！？]["”’)]*$/u;
const NOT_WHITE = /\S/;

export type BlockKind = 'p' | 'h' | 'li' | 'quote' | 'pre' | 'cell' | 'caption' | 'credit';

/**
 * A run of text between block boundaries.
 *
 * Its text is made when first read: most blocks of a page lie outside the article and are only
 * weighed (by their counts), so they never need one. Until then the block keeps the text nodes it
 * was cut from (white space as written; null for a line break), which the tree holds anyway: the
 * collapsed copies and the joined string, made for every block of the page, were most of what
 * the content step allocated.
 */
export class Block {
  /** The nearest block-level element holding the text. */
  el: El;
  kind: BlockKind;
  /** Heading level (1–6) when kind is 'h'. */
  level: number;
  chars: number;
  linkChars: number;
  /**
   * The text once made; until then the text nodes and line breaks (null) it is made from. One
   * field for both (a block is made for every run of text on the page).
   */
  private source: string | ReadonlyArray<string | null>;
  private pre: boolean;

  constructor(el: El, kind: BlockKind, level: number, source: string | ReadonlyArray<string | null>, pre: boolean, chars: number, linkChars: number) {
    this.el = el;
    this.kind = kind;
    this.level = level;
    this.chars = chars;
    this.linkChars = linkChars;
    this.source = source;
    this.pre = pre;
  }

  /** Text with spaces collapsed; `\n` where the page had a line break. */
  get text(): string {
    const source = this.source;
    if (typeof source === 'string') return source;
    const raw = joinPieces(source, source.length, this.pre);
    // Outside <pre> the joined text has a line break only where a piece is one (null).
    const made = this.pre ? raw.replace(PRE_EDGES, '') : (source.includes(null) ? raw.replace(SPACED_BREAK, '\n') : raw).trim();
    this.source = made;
    return made;
  }
}

/**
 * The first `count` text nodes of `pieces` joined, each with its white space collapsed (outside
 * <pre>), line breaks as `\n`. Concatenated rather than gathered in a list and joined: a list
 * emptied after each block (length = 0 drops its storage) was a new list per block, larger than
 * the few links of concatenation a block has; the next step (trim, replace, split) flattens the
 * chain once, as join would.
 */
function joinPieces(pieces: ReadonlyArray<string | null>, count: number, pre: boolean): string {
  let buf = '';
  for (let i = 0; i < count; i++) {
    const p = pieces[i]!;
    // Most text nodes have no run of white space to collapse: test before replacing (no new string).
    // White space alone (the indentation between tags, most of the page's text nodes) is one space.
    buf += p === null ? '\n' : pre || !WHITE_RUN.test(p) ? p : WHITE_ONLY.test(p) ? ' ' : p.replace(CHANGING_WHITE_RUNS, ' ');
  }
  return buf;
}

export interface ContentResult {
  /** The chosen container, or null when the page has no article. */
  container: El | null;
  /** Body blocks in reading order. */
  blocks: Block[];
  /** Caption and credit blocks found in the container (or near it). */
  captions: Block[];
  credits: Block[];
  /** Non-link characters of prose in the container. */
  proseChars: number;
}

/** A real link: an <a> with an href that goes somewhere (not an anchor, not javascript:). */
function isLink(el: El): boolean {
  if (T.tag[el]! !== 'a') return false;
  const href = T.attrs[el]!.href;
  return href !== undefined && href.length > 0 && !href.startsWith('javascript:') && !href.startsWith('#');
}

/** Characters other than white space (ASCII spaces, NBSP and the Unicode spaces U+2000–U+200B, U+3000). */
function countChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c !== 0xa0 && !(c >= 0x2000 && c <= 0x200b) && c !== 0x3000 && c !== 0x2028 && c !== 0x2029 && c !== 0xfeff) n++;
  }
  return n;
}

/** Whether a text has a character that is not white space to trim(): one that trim() keeps. */
export function hasSolid(s: string): boolean {
  return NOT_WHITE.test(s);
}

/**
 * Scores of the elements of the page being read, indexed by element number: the weight of the prose blocks
 * under each element and of their junk. Reused from page to page (grown when a page has more
 * elements), so scoring allocates nothing per element.
 */
let WEIGHT = new Float64Array(4096);
let JUNK = new Float64Array(4096);
/**
 * Per element of the page being read, indexed by its number, filled in by measure(): characters inside
 * links under it, and whether it is or holds an <article>, <main> or itemprop=articleBody (1).
 * Reused from page to page (grown when a page has more elements), as WEIGHT and JUNK.
 */
let LINK_CHARS = new Int32Array(4096);
let HOLDS_ARTICLE = new Uint8Array(4096);
/**
 * The tree of the page being read (set by extractContent, and let go at its end: a tree holds
 * slices of its page's text, which would keep the whole page alive).
 */
let T: Tree = EMPTY_TREE;

/** Characters inside links under an element measured by the last extractContent call. */
function linkCharsOf(el: El): number {
  return LINK_CHARS[el]!;
}

/** Whether an element measured by the last extractContent call is or holds the article element. */
function holdsArticle(el: El): boolean {
  return HOLDS_ARTICLE[el] === 1;
}

/** The prose weight of an element scored by the last extractContent call. */
function weightOf(el: El): number {
  return WEIGHT[el]!;
}

/**
 * Step 1: characters and link characters of every element (T.chars, LINK_CHARS; post-order,
 * depth bounded by the parser), and which elements hold the article element (HOLDS_ARTICLE).
 */
function measure(el: El, inLink: boolean): void {
  const tag = T.tag[el]!;
  let chars = 0;
  let linkChars = 0;
  let holds = tag === 'article' || tag === 'main' || T.attrs[el]!.itemprop === 'articleBody';
  const link = inLink || isLink(el);
  const kids = T.nodes;
  for (let i = T.start[el]!, end = T.end[el]!; i < end; i++) {
    const c = kids[i]!;
    if (typeof c === 'string') {
      const n = countChars(c);
      chars += n;
      if (link) linkChars += n;
    } else {
      measure(c, link);
      chars += T.chars[c]!;
      linkChars += LINK_CHARS[c]!;
      holds ||= HOLDS_ARTICLE[c] === 1;
    }
  }
  T.chars[el] = chars;
  LINK_CHARS[el] = linkChars;
  HOLDS_ARTICLE[el] = holds ? 1 : 0;
}

function isCaptionEl(el: El, cues: number): boolean {
  return T.tag[el]! === 'figcaption' || (cues & CUE.CAPTION) !== 0;
}

/** A caption holds no heading: an element that does is a story item whose class merely mentions captions ("no_caption"). */
function holdsHeading(el: El): boolean {
  return findHeading(el, MAX_CARD_HEADING_DEPTH) !== null;
}

function isCreditEl(cues: number): boolean {
  return (cues & CUE.CREDIT) !== 0;
}

/** Step 2: is this element page furniture? (The html/body/main/article elements never are.) */
function furnitureKind(el: El, cues: number, pageProse: number): boolean {
  if (T.tag[el]! === 'body' || T.tag[el]! === 'html' || T.tag[el]! === 'main' || T.tag[el]! === '#root') return false;
  if (T.attrs[el]!.itemprop === 'articleBody') return false;
  const prose = T.chars[el]! - linkCharsOf(el);
  const share = pageProse > 0 ? prose / pageProse : 0;
  const role = T.attrs[el]!.role;
  if (role !== undefined && HTML_CUES.boilerplateRoles.has(role)) return share <= WEAK_GUARD_SHARE;
  if (HTML_CUES.boilerplateTags.has(T.tag[el]!)) return share <= WEAK_GUARD_SHARE;
  if (T.tag[el]! === 'article') return false;
  if (cues === 0) return false;
  if ((cues & CUE.STRONG_BOILERPLATE) !== 0) return !holdsArticle(el) && share <= STRONG_GUARD_SHARE;
  if ((cues & CUE.WEAK_BOILERPLATE) !== 0) return !holdsArticle(el) && share <= WEAK_GUARD_SHARE;
  return false;
}

/** A teaser card is short: a linked headline and a summary. */
const MAX_CARD_CHARS = 700;
/** How deep under a card its headline is looked for. */
const MAX_CARD_HEADING_DEPTH = 4;
/** A card's headline is mostly a link (a kicker such as "Editorial" may stand before it unlinked). */
const MIN_CARD_HEADLINE_LINK_SHARE = 0.6;
/** A list of teasers has at least this many cards... */
const MIN_CARDS = 3;
/** ...and they are most of its items. */
const MIN_CARD_SHARE = 0.6;

function findHeading(el: El, depth: number): El | null {
  const kids = T.nodes;
  for (let i = T.start[el]!, end = T.end[el]!; i < end; i++) {
    const c = kids[i]!;
    if (typeof c === 'string') continue;
    if (HEADING.test(T.tag[c]!)) return c;
    if (depth > 0) {
      const h = findHeading(c, depth - 1);
      if (h !== null) return h;
    }
  }
  return null;
}

/** A short item whose headline is a link: a teaser for another story. */
function isCard(el: El): boolean {
  if (T.chars[el]! === 0 || T.chars[el]! > MAX_CARD_CHARS) return false;
  const h = findHeading(el, MAX_CARD_HEADING_DEPTH);
  return h !== null && T.chars[h]! > 0 && linkCharsOf(h) >= MIN_CARD_HEADLINE_LINK_SHARE * T.chars[h]!;
}

/** A list of teaser cards ("more stories", a stream of other articles). */
function isTeaserList(el: El): boolean {
  let items = 0;
  let cards = 0;
  const kids = T.nodes;
  for (let i = T.start[el]!, end = T.end[el]!; i < end; i++) {
    const c = kids[i]!;
    if (typeof c === 'string') continue;
    items++;
    if (isCard(c)) cards++;
  }
  return cards >= MIN_CARDS && cards >= items * MIN_CARD_SHARE;
}

interface Walk {
  blocks: Block[];
  captions: Block[];
  credits: Block[];
  pageProse: number;
  /**
   * The text nodes gathered for the current block (null for a line break): the first `count`
   * entries (the list is written over from block to block rather than emptied, which would drop
   * its storage and grow a new one for every block).
   */
  pieces: Array<string | null>;
  count: number;
  /** Line breaks among them. */
  breaks: number;
  bufLinks: number;
  bufChars: number;
  /** Some piece has a character trim() keeps (known once true; only looked for while false). */
  bufSolid: boolean;
}

/** The walk's context, as bits: inside a <blockquote>, a <pre>, a link; CAPTION_MASK holds 0 (body), 1 (caption) or 2 (credit). */
const IN_QUOTE = 1;
const IN_PRE = 2;
const IN_LINK = 4;
const CAPTION_SHIFT = 3;
const CAPTION_MASK = 3 << CAPTION_SHIFT;

function kindOf(el: El, ctx: number): BlockKind {
  const caption = (ctx & CAPTION_MASK) >> CAPTION_SHIFT;
  if (caption === 1) return 'caption';
  if (caption === 2) return 'credit';
  if (HEADING.test(T.tag[el]!)) return 'h';
  if ((ctx & IN_PRE) !== 0) return 'pre';
  if ((ctx & IN_QUOTE) !== 0) return 'quote';
  if (T.tag[el]! === 'li' || T.tag[el]! === 'dd' || T.tag[el]! === 'dt') return 'li';
  if (T.tag[el]! === 'td' || T.tag[el]! === 'th') return 'cell';
  return 'p';
}

function pushBlock(w: Walk, block: Block): void {
  if (block.kind === 'caption') w.captions.push(block);
  else if (block.kind === 'credit') w.credits.push(block);
  else w.blocks.push(block);
}

function flush(w: Walk, owner: El, ctx: number): void {
  if (w.bufChars === 0) {
    w.count = 0;
    w.breaks = 0;
    w.bufSolid = false;
    return;
  }
  const kind = kindOf(owner, ctx);
  const level = kind === 'h' ? Number(T.tag[owner]!.charCodeAt(1) - 48) : 0;
  const pre = (ctx & IN_PRE) !== 0;
  if ((pre || w.breaks < 2) && w.bufSolid) {
    // One block whose text is not empty (outside <pre>, only two line breaks can cut a text in
    // parts): its text is made when read.
    pushBlock(w, new Block(owner, kind, level, w.pieces.slice(0, w.count), pre, w.bufChars, w.bufLinks));
  } else {
    const buf = joinPieces(w.pieces, w.count, pre);
    const parts = pre ? [buf.replace(PRE_EDGES, '')] : buf.split(BLANK_LINE);
    for (const raw of parts) {
      const text = pre ? raw : raw.replace(SPACED_BREAK, '\n').trim();
      if (text.length === 0) continue;
      const chars = parts.length === 1 ? w.bufChars : countChars(text);
      const linkChars = parts.length === 1 ? w.bufLinks : Math.round((w.bufLinks * chars) / Math.max(1, w.bufChars));
      pushBlock(w, new Block(owner, kind, level, text, pre, chars, linkChars));
    }
  }
  w.count = 0;
  w.breaks = 0;
  w.bufChars = 0;
  w.bufLinks = 0;
  w.bufSolid = false;
}

/** Step 3: cut the page into blocks, skipping furniture. */
function walk(el: El, owner: El, w: Walk, ctx: number): void {
  const kids = T.nodes;
  for (let i = T.start[el]!, end = T.end[el]!; i < end; i++) {
    const c = kids[i]!;
    if (typeof c === 'string') {
      // Soft hyphens and zero-width characters split words for every later step: they go.
      const visible = INVISIBLE.test(c) ? c.replace(INVISIBLE_ALL, '') : c;
      if (visible.length === 0) continue;
      w.pieces[w.count++] = visible;
      const n = countChars(visible);
      w.bufChars += n;
      if ((ctx & IN_LINK) !== 0) w.bufLinks += n;
      if (!w.bufSolid && n > 0) w.bufSolid = hasSolid(visible);
      continue;
    }
    const tag = T.tag[c]!;
    if (tag === 'br') {
      w.pieces[w.count++] = null;
      w.breaks++;
      continue;
    }
    if (tag === 'img' || tag === 'hr' || tag === 'wbr') continue;
    const cues = T.cues[c]!;
    const small = T.chars[c]! < MAX_CAPTION_CHARS;
    // A credit inside a caption is the credit; anything inside a caption or credit stays in it.
    const outer = (ctx & CAPTION_MASK) >> CAPTION_SHIFT;
    const caption = outer === 2 ? 2 : small && isCreditEl(cues) ? 2 : outer === 1 ? 1 : small && isCaptionEl(c, cues) && !holdsHeading(c) ? 1 : 0;
    if (caption === 0 && (furnitureKind(c, cues, w.pageProse) || (!holdsArticle(c) && isTeaserList(c)))) {
      // Furniture ends the current block (a share bar between two paragraphs separates them).
      flush(w, owner, ctx);
      continue;
    }
    const childCtx =
      (ctx & (IN_QUOTE | IN_PRE | IN_LINK)) |
      (tag === 'blockquote' ? IN_QUOTE : 0) |
      (tag === 'pre' ? IN_PRE : 0) |
      (isLink(c) ? IN_LINK : 0) |
      (caption << CAPTION_SHIFT);
    if (BLOCK_TAGS.has(tag) || caption !== outer) {
      flush(w, owner, ctx);
      walk(c, c, w, childCtx);
      flush(w, c, childCtx);
    } else {
      walk(c, owner, w, childCtx);
    }
  }
}

function isProse(b: Block): boolean {
  const prose = b.chars - b.linkChars;
  return prose >= MIN_PROSE_CHARS || (prose >= 8 && SENTENCE_PUNCT.test(b.text));
}

/** Is a block prose that weighs (not a heading, not empty)? Decided once per block for blockWeight and blockJunk. */
function weighsAsProse(b: Block): boolean {
  return b.kind !== 'h' && b.chars > 0 && isProse(b);
}

/** Weight of a block's prose (two functions, blockWeight and blockJunk, rather than an object per block). */
function blockWeight(b: Block, prose: boolean): number {
  if (!prose) return 0;
  const density = b.linkChars / b.chars;
  return (b.chars - b.linkChars) * (1 - density);
}

/** Weight of a block's junk: its link text, or all of it when it is not prose; a heading's link text. */
function blockJunk(b: Block, prose: boolean): number {
  if (b.kind === 'h') return b.linkChars;
  if (b.chars === 0) return 0;
  return prose ? b.linkChars : b.chars;
}

function bonus(el: El): number {
  if (T.attrs[el]!.itemprop === 'articleBody' || T.attrs[el]!.itemprop === 'text') return ARTICLE_BODY_BONUS;
  if (T.tag[el]! === 'article' || T.tag[el]! === 'main') return ARTICLE_TAG_BONUS;
  if ((T.cues[el]! & CUE.CONTENT) !== 0) return CONTENT_CUE_BONUS;
  return 1;
}

/** The longest furniture label listed (boilerplateText). */
const MAX_BOILERPLATE_TEXT = Math.max(0, ...[...HTML_CUES.boilerplateText].map((t) => t.length));

/** White space as the regular expression `\s` (and trim()) sees it. */
function isWhite(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * Whether a block's text can be a label of boilerplateText once lower-cased, stripped of trailing
 * `[\s:.!…>»|]` and trimmed: what is left of it is no longer than the longest label (lower-casing
 * never shortens a text, so the key is at least that long).
 */
function mayBeBoilerplateText(text: string): boolean {
  let end = text.length;
  for (; end > 0; end--) {
    const c = text.charCodeAt(end - 1);
    if (!(isWhite(c) || c === 0x3a || c === 0x2e || c === 0x21 || c === 0x2026 || c === 0x3e || c === 0xbb || c === 0x7c)) break;
  }
  let start = 0;
  while (start < end && isWhite(text.charCodeAt(start))) start++;
  return end - start <= MAX_BOILERPLATE_TEXT;
}

/** A block in the container that is navigation or a furniture label rather than body text. */
function isNoise(b: Block): boolean {
  // An image's file name shown as its label or hidden heading ("IMG_2041.jpg").
  if (IMAGE_FILE_NAME.test(b.text)) return true;
  if (b.kind === 'h') return false;
  // Only a text short enough to be a listed label is lower-cased and stripped (three copies of every
  // paragraph of the body otherwise).
  if (mayBeBoilerplateText(b.text) && HTML_CUES.boilerplateText.has(b.text.toLowerCase().replace(TRAILING_LABEL_PUNCT, '').trim())) return true;
  if (b.chars < LONG_BLOCK_CHARS && b.chars > 0 && b.linkChars / b.chars > MAX_LINK_DENSITY) return true;
  return false;
}

/** A short text without sentence punctuation: a control label, a menu entry, a font name. */
function isLabel(b: Block): boolean {
  return b.kind === 'p' && b.chars < MIN_PROSE_CHARS && !SENTENCE_END.test(b.text);
}

/** Runs of MIN_LABEL_RUN or more label blocks in a row are a widget's interface (a video player, a picker), not prose. */
function dropLabelRuns(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; ) {
    let j = i;
    while (j < blocks.length && isLabel(blocks[j]!)) j++;
    if (j - i >= MIN_LABEL_RUN) i = j;
    else {
      for (let k = i; k < Math.max(j, i + 1); k++) out.push(blocks[k]!);
      i = Math.max(j, i + 1);
    }
  }
  return out;
}

/**
 * Find the article body in a parsed page.
 *
 * @example
 * const { blocks } = extractContent(parseHtml(html).root);
 * const body = blocks.map((b) => b.text).join('\n\n');
 */
export function extractContent(tree: Tree): ContentResult {
  T = tree;
  const root: El = 0;
  // 1. measure (the scores start at zero)
  const elementCount = tree.tag.length;
  if (elementCount > WEIGHT.length) {
    const size = Math.max(elementCount, 2 * WEIGHT.length);
    WEIGHT = new Float64Array(size);
    JUNK = new Float64Array(size);
    LINK_CHARS = new Int32Array(size);
    HOLDS_ARTICLE = new Uint8Array(size);
  } else {
    WEIGHT.fill(0, 0, elementCount);
    JUNK.fill(0, 0, elementCount);
  }
  measure(root, false);
  const pageProse = T.chars[root]! - linkCharsOf(root);
  // 2–3. blocks, without furniture
  const w: Walk = { blocks: [], captions: [], credits: [], pageProse, pieces: [], count: 0, breaks: 0, bufChars: 0, bufLinks: 0, bufSolid: false };
  const ctx = 0;
  walk(root, root, w, ctx);
  flush(w, root, ctx);
  // 4. score containers (WEIGHT and JUNK sum over the blocks under each element; the candidates are
  //    the elements with a block under them, in the order their first block reached them)
  const scored: El[] = [];
  // Indexed loops here: this function runs once per page, and until it is optimised a for...of
  // loop makes an iterator result per item.
  for (let i = 0; i < w.blocks.length; i++) {
    const b = w.blocks[i]!;
    const prose = weighsAsProse(b);
    const bw = blockWeight(b, prose);
    const bj = blockJunk(b, prose);
    if (bw === 0 && bj === 0) continue;
    for (let e: El = b.el; e >= 0; e = T.parent[e]!) {
      // No block weighs two zeros (skipped above), so an element with both still zero is new.
      if (WEIGHT[e] === 0 && JUNK[e] === 0) scored.push(e);
      WEIGHT[e]! += bw;
      JUNK[e]! += bj;
    }
  }
  let best: El | null = null;
  let bestScore = 0;
  for (let i = 0; i < scored.length; i++) {
    const el = scored[i]!;
    const weight = WEIGHT[el]!;
    if (weight <= 0) continue;
    const score = (weight - JUNK_PENALTY * JUNK[el]!) * bonus(el);
    if (score > bestScore) {
      bestScore = score;
      best = el;
    }
  }
  if (best === null || weightOf(best) < MIN_ARTICLE_CHARS) {
    // Fallback: a small page that is mostly plain text (a note, a test page) is its own article;
    // a page of links and labels (home, index, error page) has none.
    const plain = T.chars[root]! > 0 && T.chars[root]! <= MAX_PLAIN_PAGE_CHARS && linkCharsOf(root) / T.chars[root]! <= MAX_LINK_DENSITY && w.blocks.length > 0;
    if (!plain) {
      T = EMPTY_TREE;
      return { container: null, blocks: [], captions: [], credits: [], proseChars: best !== null ? weightOf(best) : 0 };
    }
    best = best ?? root;
  }
  // 5. keep the container's blocks, and those of siblings that are clearly more of the article
  //    (a body split in parts around a module the cues did not catch)
  const container = best;
  const parts = new Set<El>([container]);
  const containerWeight = weightOf(container);
  const parent = T.parent[container]!;
  for (let i = parent >= 0 ? T.start[parent]! : 0, end = parent >= 0 ? T.end[parent]! : 0; i < end; i++) {
    const sib = T.nodes[i]!;
    if (typeof sib === 'string' || sib === container) continue;
    const ws = weightOf(sib);
    if (ws >= SIBLING_MIN_WEIGHT && ws >= SIBLING_MIN_SHARE * containerWeight && JUNK[sib]! <= SIBLING_MAX_JUNK * ws) parts.add(sib);
  }
  const inParts = (el: El): boolean => {
    for (let e: El = el; e >= 0; e = T.parent[e]!) if (parts.has(e)) return true;
    return false;
  };
  const blocks = dropLabelRuns(w.blocks.filter((b) => inParts(b.el) && !isNoise(b)));
  const captions = w.captions.filter((b) => inParts(b.el));
  const credits = w.credits.filter((b) => inParts(b.el));
  T = EMPTY_TREE;
  return { container, blocks, captions, credits, proseChars: containerWeight };
}
