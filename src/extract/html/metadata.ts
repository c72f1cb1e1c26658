/**
 * Page metadata: title, dek, byline, publisher, dates, section, tags, canonical URL,
 * language and lead image, from JSON-LD, OpenGraph, Twitter cards, other `<meta>`,
 * microdata and the visible page.
 *
 * Workflow:
 *   1. gather every source into one table of candidates per field (collectSources);
 *   2. pick each field from its candidates in a fixed order of trust (structured data first,
 *      then social cards and meta, then the visible page), normalising as we go
 *      (titles lose the site name, bylines keep people only, dates become ISO).
 */
import type { ElementNumber as El, ParsedPage, Tree, TreeNode } from './parse.js';
import { EMPTY_TREE, squash } from './parse.js';
import { CUE, HTML_CUES } from './cues.js';

/**
 * The tree of the page being read (set by readPageMetadata, and let go at its end: a tree holds
 * slices of its page's text, which would keep the whole page alive).
 */
let T: Tree = EMPTY_TREE;

export interface PageMetadata {
  title: string | null;
  dek: string | null;
  byline: string[];
  publisher: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  section: string | null;
  tags: string[];
  canonicalUrl: string | null;
  language: string | null;
  imageUrl: string | null;
}

/** Longest byline text read from the page: longer is a paragraph, not a byline. */
const MAX_BYLINE_CHARS = 120;
/** A person's name has at most this many words. */
const MAX_NAME_WORDS = 5;
/** Titles whose remainder after dropping a site name has fewer words than this keep the site name. */
const MIN_TITLE_WORDS = 3;

interface JsonLdArticle {
  headline: string | null;
  name: string | null;
  description: string | null;
  /** Authors not typed as an organisation (an organisation is no byline). */
  authors: string[];
  datePublished: string | null;
  dateModified: string | null;
  publisher: string | null;
  section: string | null;
  keywords: string[];
  image: string | null;
  language: string | null;
  url: string | null;
  /** The article's text as the page gives it in JSON-LD (paragraph breaks often lost). */
  articleBody: string | null;
}

const BASIC_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };
const ENTITY = /&(#x[0-9a-f]{1,8}|#[0-9]{1,10}|[a-z]{2,6}|#39);/gi;

/**
 * Decode entities left in metadata values (pages escape twice; JSON-LD often carries `&amp;`):
 * numeric references and the basic named ones. Invalid code points become U+FFFD.
 */
export function unescapeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (m, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(cp)) return m;
      return cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
    }
    return BASIC_ENTITIES[body.toLowerCase()] ?? m;
  });
}

function str(v: unknown): string | null {
  if (typeof v === 'string') {
    const s = squash(unescapeEntities(v));
    return s.length > 0 ? s : null;
  }
  if (typeof v === 'number') return String(v);
  return null;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function nameOf(v: unknown): string | null {
  if (typeof v === 'string') return str(v);
  if (v !== null && typeof v === 'object') return str((v as Record<string, unknown>).name);
  return null;
}

function urlOf(v: unknown): string | null {
  const first = arr(v)[0];
  if (typeof first === 'string') return str(first);
  if (first !== null && typeof first === 'object') {
    const o = first as Record<string, unknown>;
    return str(o.url) ?? str(o.contentUrl) ?? str(o['@id']);
  }
  return null;
}

function typesOf(o: Record<string, unknown>): string[] {
  return arr(o['@type']).filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase());
}

/** Every object in a JSON-LD value (top level, arrays, @graph), depth-bounded. */
function flattenJsonLd(v: unknown, out: Record<string, unknown>[], depth = 0): void {
  if (depth > 4 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) flattenJsonLd(x, out, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  out.push(o);
  if (o['@graph'] !== undefined) flattenJsonLd(o['@graph'], out, depth + 1);
}

/** The JSON inside a script body, without wrappers pages put around it (`<!-- -->`, CDATA, comments, a trailing `;`). */
function jsonBody(raw: string): string {
  const s = raw.replace(/<!\[CDATA\[|\]\]>|<!--|-->|\/\*|\*\//g, ' ');
  const start = s.search(/[[{]/);
  const end = Math.max(s.lastIndexOf('}'), s.lastIndexOf(']'));
  return start >= 0 && end > start ? s.slice(start, end + 1) : s;
}

/** A script body whose first character other than white space is `<` or `/`: never JSON as it is. */
const WRAPPED_JSON = /^\s*[</]/;

/** The article object of the page's JSON-LD, if any. */
function readJsonLd(scripts: string[]): JsonLdArticle | null {
  const objects: Record<string, unknown>[] = [];
  for (const raw of scripts) {
    try {
      let value: unknown;
      if (WRAPPED_JSON.test(raw)) {
        // Starts with a wrapper (`<!--`, `<![CDATA[`, `/*`): JSON.parse would fail, and its error is a
        // string and a stack made for nothing.
        value = JSON.parse(jsonBody(raw));
      } else {
        try {
          value = JSON.parse(raw);
        } catch {
          value = JSON.parse(jsonBody(raw));
        }
      }
      flattenJsonLd(value, objects);
    } catch {
      // Broken JSON-LD is common; the other sources still work.
    }
  }
  const articles = objects.filter((o) => typesOf(o).some((t) => HTML_CUES.articleTypes.has(t)));
  // Prefer a real article type over WebPage/CreativeWork.
  const article = articles.find((o) => typesOf(o).some((t) => t.endsWith('article') || t.endsWith('posting'))) ?? articles[0];
  if (article === undefined) return null;
  const publisherObj = arr(article.publisher)[0];
  const creators = arr(article.author).concat(arr(article.creator));
  const isOrganisation = (a: unknown): boolean =>
    a !== null && typeof a === 'object' && typesOf(a as Record<string, unknown>).some((t) => t.endsWith('organization'));
  const keywords = arr(article.keywords).flatMap((k) => (typeof k === 'string' ? k.split(',') : [])).map((k) => squash(k)).filter((k) => k.length > 0);
  return {
    headline: str(article.headline),
    name: str(article.name),
    description: str(article.description),
    authors: creators.filter((a) => !isOrganisation(a)).map(nameOf).filter((n): n is string => n !== null),
    datePublished: str(article.datePublished) ?? str(article.dateCreated),
    dateModified: str(article.dateModified),
    publisher: nameOf(publisherObj),
    section: str(arr(article.articleSection)[0]),
    keywords,
    image: urlOf(article.image) ?? urlOf(article.thumbnailUrl),
    language: str(article.inLanguage),
    url: str(article.url) ?? urlOf(article.mainEntityOfPage),
    articleBody: typeof article.articleBody === 'string' ? unescapeEntities(article.articleBody).trim() || null : null,
  };
}

/** Made once: a regular expression literal in a function body is a new object each call. */
const WHITE_SPLIT = /\s+/;
/** Dublin Core is written dc:title, dc.title, dcterm:title or dcterms.title: one key for all. */
const DUBLIN_CORE_PREFIX = /^(dc|dcterms?)[:.]/;
const dublinCoreNamespace = (_m: string, ns: string): string => (ns === 'dc' ? 'dc.' : 'dcterms.');

/** `<meta>` values by lower-cased name/property (a property may list several names, space-separated). */
function readMetas(page: ParsedPage): Map<string, string[]> {
  const map = new Map<string, string[]>();
  // OpenGraph-style property= tags come before name= tags for the same key (they are the newer, curated ones):
  // a first round over the tags with a property, a second over the others (no reordered copy of the list).
  for (let round = 0; round < 2; round++) {
    // Indexed loops: this function runs once per page, often before it is optimised, and a for...of
    // loop then makes an iterator result per item.
    for (let i = 0; i < page.metas.length; i++) {
      const m = page.metas[i]!;
      if ((m.property !== undefined) !== (round === 0)) continue;
      const content = m.content;
      if (content === undefined) continue;
      const value = squash(unescapeEntities(content));
      if (value.length === 0) continue;
      // Each word of the name, the property and the itemprop (lower-cased) is a key.
      addMetaKeys(map, m.name, value);
      addMetaKeys(map, m.property, value);
      addMetaKeys(map, m.itemprop, value);
    }
  }
  return map;
}

/** White space in a meta name (most are one word: no list of words to make). */
const HAS_WHITE = /\s/;

/** The value under each word of a meta name (lower-cased, split at white space). */
function addMetaKeys(map: Map<string, string[]>, names: string | undefined, value: string): void {
  if (names === undefined || names.length === 0) return;
  const lower = names.toLowerCase();
  if (!HAS_WHITE.test(lower)) {
    addMetaKey(map, lower, value);
    return;
  }
  const words = lower.split(WHITE_SPLIT);
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    if (word.length > 0) addMetaKey(map, word, value);
  }
}

function addMetaKey(map: Map<string, string[]>, word: string, value: string): void {
  const key = word.startsWith('dc') ? word.replace(DUBLIN_CORE_PREFIX, dublinCoreNamespace) : word;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `<meta>` tags that give the author's name. */
const AUTHOR_META_KEYS = ['dc.creator', 'dcterms.creator', 'author', 'parsely-author', 'sailthru.author', 'byl', 'article:author', 'og:article:author', 'citation_author'];

/** Every value of the first key that has any (a page may list several authors in as many tags). */
function allMeta(metas: Map<string, string[]>, keys: string[]): string[] {
  for (const k of keys) {
    const v = metas.get(k);
    if (v !== undefined && v.length > 0) return [...new Set(v)];
  }
  return [];
}

function firstMeta(metas: Map<string, string[]>, keys: string[]): string | null {
  for (let i = 0; i < keys.length; i++) {
    const v = metas.get(keys[i]!)?.[0];
    if (v !== undefined) return v;
  }
  return null;
}

/** The itemprops read (others, such as articleBody, are never turned into text here). */
const MICRODATA_PROPS = new Set(['headline', 'name', 'author', 'datepublished', 'datemodified', 'description', 'articlesection', 'keywords', 'image', 'url']);

/** What the visible page says about itself, gathered in one walk over the tree. */
interface VisibleScan {
  /** Microdata values by itemprop (first one wins). */
  micro: Map<string, string>;
  /** The first element whose class says byline and whose text names people. */
  bylineText: string | null;
  /** Else the first rel=author link or "author" box that names people (often a bio or a comment, so second choice). */
  authorText: string | null;
  /** Texts of the first three <h1>. */
  h1s: string[];
  /** The first <time> that reads as a date. */
  timeValue: string | null;
  /** The first element whose class says it is a date, with a readable date. */
  classedDate: string | null;
  /** The first element whose class says standfirst/dek/subtitle, of standfirst length. */
  dek: string | null;
}

/** A visible date is short ("Published March 13, 2015 9:00PM"). */
const MAX_DATE_TEXT_CHARS = 80;
/** Longest microdata value kept. */
const MAX_MICRODATA_CHARS = 1000;

/**
 * The element's text with spaces collapsed, or null as soon as it would pass `max` characters
 * (so a big wrapper with a telling class name costs nothing).
 */
function boundedText(el: El, max: number): string | null {
  const rawMax = max * 4 + 256;
  // The element's characters (counted by the content step, 0 before it) are a lower bound of the
  // text's length: past rawMax the walk below would give up too, after gathering rawMax characters for nothing.
  if (T.chars[el]! > rawMax) return null;
  let out = '';
  const stack: TreeNode[] = [el];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === 'string') {
      out += n;
      if (out.length > rawMax) return null;
    } else {
      for (let i = T.end[n]! - 1; i >= T.start[n]!; i--) stack.push(T.nodes[i]!);
    }
  }
  const text = squash(out);
  return text.length <= max ? text : null;
}

function scanVisible(root: El): VisibleScan {
  const scan: VisibleScan = { micro: new Map(), bylineText: null, authorText: null, h1s: [], timeValue: null, classedDate: null, dek: null };
  const stack: El[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    pushChildElements(stack, el);
    if (T.attrs[el]!.itemprop !== undefined) readItemprop(el, scan.micro);
    if (T.tag[el]! === 'h1' && scan.h1s.length < 3) {
      const t = boundedText(el, 500);
      if (t !== null && t.length > 0) scan.h1s.push(t);
    }
    if (T.tag[el]! === 'time' && scan.timeValue === null) {
      const v = T.attrs[el]!.datetime ?? boundedText(el, MAX_DATE_TEXT_CHARS);
      if (v !== null && toIsoDate(v) !== null) scan.timeValue = v;
    }
    const cues = T.cues[el]!;
    const rel = T.attrs[el]!.rel;
    if (cues === 0 && rel === undefined && T.attrs[el]!.itemprop === undefined) continue;
    if (scan.classedDate === null && (cues & CUE.DATE) !== 0) {
      const attr = T.attrs[el]!.datetime ?? T.attrs[el]!.title ?? null;
      if (attr !== null && toIsoDate(attr) !== null) scan.classedDate = attr;
      else {
        const text = boundedText(el, MAX_DATE_TEXT_CHARS);
        if (text !== null && toIsoDate(text) !== null) scan.classedDate = text;
      }
    }
    if (scan.dek === null && (cues & CUE.DEK) !== 0) {
      const text = boundedText(el, MAX_DEK_CHARS);
      if (text !== null && text.length >= MIN_DEK_CHARS) scan.dek = text;
    }
    if (scan.bylineText === null) {
      const isByline = (cues & CUE.BYLINE) !== 0;
      const isAuthor =
        !isByline &&
        scan.authorText === null &&
        ((rel !== undefined && REL_AUTHOR.test(rel)) ||
          T.attrs[el]!.itemprop === 'author' ||
          (cues & CUE.AUTHOR) !== 0);
      if (isByline || isAuthor) {
        // The first byline element that names people is the article's; later ones are comments, teasers, bios.
        const text = boundedText(el, MAX_BYLINE_CHARS);
        if (text !== null && text.length > 0 && bylineNames(text).length > 0) {
          if (isByline) scan.bylineText = text;
          else scan.authorText = text;
        }
      }
    }
  }
  return scan;
}

/** rel="author" (rel holds a list of words). */
const REL_AUTHOR = /(?:^|\s)author(?:\s|$)/i;

/** The first element under `el` (in document order, `el` not included) whose itemprop is `prop`. */
function findItemprop(el: El, prop: string): El | null {
  const stack: El[] = [el];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e !== el && T.attrs[e]!.itemprop === prop) return e;
    pushChildElements(stack, e);
  }
  return null;
}

/** Push the child elements of `el` on a walk's stack, last first, so that they are popped in document order. */
function pushChildElements(stack: El[], el: El): void {
  for (let i = T.end[el]! - 1; i >= T.start[el]!; i--) {
    const c = T.nodes[i]!;
    if (typeof c !== 'string') stack.push(c);
  }
}

function readItemprop(el: El, out: Map<string, string>): void {
  const itemprop = (T.attrs[el]!.itemprop ?? '').toLowerCase();
  // One property is the common case: no list to make.
  for (const p of /\s/.test(itemprop) ? itemprop.split(/\s+/) : [itemprop]) {
    if (out.has(p) || !MICRODATA_PROPS.has(p)) continue;
    let value: string | null = T.attrs[el]!.content ?? T.attrs[el]!.datetime ?? null;
    if (value === null && p === 'author') {
      const named = findItemprop(el, 'name');
      // The name may be given as an attribute (<span itemprop="name" content="...">) rather than as text.
      value = (named !== null ? T.attrs[named]!.content : undefined) ?? boundedText(named ?? el, MAX_MICRODATA_CHARS);
    }
    if (value === null && (p === 'image' || p === 'url')) value = T.attrs[el]!.src ?? T.attrs[el]!.href ?? null;
    value ??= boundedText(el, MAX_MICRODATA_CHARS);
    if (value === null) continue;
    const v = squash(value);
    if (v.length > 0 && v.length < MAX_MICRODATA_CHARS) out.set(p, v);
  }
}

/** A visible standfirst is one or two sentences. */
const MIN_DEK_CHARS = 20;
const MAX_DEK_CHARS = 400;

const BYLINE_SPLIT = /\s*(?:,|;|\||\/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bwith\b|\bavec\b|\n|·|•)\s*/iu;
const EMAIL_OR_URL = /\S+@\S+|https?:\/\/\S+|www\.\S+/gi;

/**
 * People named in a byline text: "By Jane Roe and John Doe, Staff Writers" → ["Jane Roe", "John Doe"].
 * "By Staff", desks, agencies and roles are dropped.
 *
 * @example
 * bylineNames('By JANE ROE | Updated March 3'); // ['Jane Roe']
 */
export function bylineNames(raw: string): string[] {
  let text = squash(raw.replace(EMAIL_OR_URL, ' ').replace(PARENTHESIS, keepNameInParentheses));
  const lower = text.toLowerCase();
  for (const p of HTML_CUES.bylinePrefixes) {
    if (lower.startsWith(`${p} `) || lower.startsWith(`${p}:`)) {
      text = text.slice(p.length).replace(/^[\s:]+/, '');
      break;
    }
  }
  const inverted = invertedName(text);
  if (inverted !== null) return [inverted];
  const names: string[] = [];
  for (const part of text.split(BYLINE_SPLIT)) {
    const name = cleanName(part);
    if (name !== null && !names.includes(name)) names.push(name);
  }
  return names;
}

const PARENTHESIS = /\(([^)]*)\)/g;
/** Capitalised name words (or initials), one to three. */
const NAME_WORDS = /^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2}$/u;

/**
 * A parenthesis inside a name, between two of its words, holding name words, is part of the name
 * ("Bruno (Henrique Zecchin) Rodrigues", "Robert (Bob) Smith"); any other ("(AP)" at the end,
 * "(@handle)", "(photos)") is dropped.
 */
function keepNameInParentheses(match: string, inner: string, offset: number, whole: string): string {
  const before = whole.slice(0, offset);
  const after = whole.slice(offset + match.length);
  const inside = inner.trim();
  const between = /\p{Lu}[\p{L}'’.-]*\s+$/u.test(before) && /^\s+\p{Lu}/u.test(after);
  return between && NAME_WORDS.test(inside) && !HTML_CUES.bylineNotPeople.has(inside.toLowerCase()) ? match : ' ';
}

/** A surname, capitalised, with the particles that may follow it in inverted form ("Jong, Michiel de"). */
const INVERTED = /^(\p{Lu}[\p{L}'’-]+),\s+(\p{Lu}[\p{L}'’-]*\.?(?:\s*\p{Lu}[\p{L}'’-]*\.?){0,2}(?:\s+\p{Ll}{1,4}){0,2})$/u;

/**
 * One person written surname first, as library and citation metadata do ("Roe, Jane", "Kooman, F.",
 * "Jong, Michiel de"), kept as written; null for anything else (two people, a name and a role, an agency).
 */
function invertedName(text: string): string | null {
  const m = INVERTED.exec(text);
  if (m === null) return null;
  const words = `${m[1]} ${m[2]}`.toLowerCase().split(/[\s.]+/).filter((w) => w.length > 0);
  const particles = (m[2] ?? '').split(/\s+/).filter((w) => /^\p{Ll}/u.test(w));
  if (!particles.every((w) => HTML_CUES.nameParticles.has(w))) return null;
  if (words.some((w) => HTML_CUES.bylineRoleWords.has(w) || HTML_CUES.bylineGroupWords.has(w) || HTML_CUES.bylineNotPeople.has(w))) return null;
  return text;
}

function cleanName(part: string): string | null {
  // Cut at the first digit (dates, times) and at role or date words trailing the name.
  const words = part.replace(HTML_CUES.datedMonth, '').replace(/\d.*$/u, '').replace(/^(?:by|von|par|por)\s+/i, '').split(/\s+/).filter((w) => w.length > 0 && !w.includes('@'));
  const kept: string[] = [];
  for (const w of words) {
    const bare = w.toLowerCase().replace(/[^\p{L}'’-]/gu, '');
    const stop = HTML_CUES.bylineRoleWords.has(bare) || HTML_CUES.bylineStopWords.has(bare);
    // "Valley Post Staff": the staff of an organisation, not a person.
    if (kept.length > 0 && bare === 'staff') return null;
    if (kept.length > 0 && stop) break;
    if (kept.length === 0 && stop) continue;
    // In scripts with capitals, a name's words are capitalised, save particles (de, van, bin).
    if (/^\p{Ll}/u.test(w) && !HTML_CUES.nameParticles.has(bare)) {
      if (kept.length > 0) break;
      continue;
    }
    kept.push(w.replace(/[,:;]+$/u, ''));
  }
  // "Android Developers", "Metro Desk": a group, not a person.
  if (kept.some((w) => HTML_CUES.bylineGroupWords.has(w.toLowerCase().replace(/[^\p{L}]/gu, '')))) return null;
  // One Latin-script word is a handle or a label ("Admin", "AFP"), not a person's name.
  if (kept.length === 1 && /^[\p{Script=Latin}'’.-]+$/u.test(kept[0] ?? '')) return null;
  const name = kept.join(' ').trim();
  if (name.length < 2 || kept.length > MAX_NAME_WORDS) return null;
  if (HTML_CUES.bylineNotPeople.has(name.toLowerCase())) return null;
  // A person's name starts with a letter (any script), not punctuation.
  if (!/^\p{L}/u.test(name)) return null;
  // All-capital names are shown in title case ("JANE ROE" → "Jane Roe").
  if (name === name.toUpperCase() && /\p{Lu}{2}/u.test(name)) {
    return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
  }
  return name;
}

const TITLE_SEPARATOR = /\s+[|\-–—·•»/\\]\s+|\s*::\s*|\s+\|\s*|\s*\|\s+/gu;

function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => w.length > 0).length;
}

/** Word overlap (Dice) of two titles, case-insensitive. */
function similarity(a: string, b: string): number {
  const wa = new Set(a.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const wb = new Set(b.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return (2 * common) / (wa.size + wb.size);
}

function bestMatch(candidates: string[], target: string): string | null {
  let best: string | null = null;
  let bestScore = -1;
  for (const c of candidates) {
    const score = similarity(c, target);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** "Storm hits coast | The Daily" → "Storm hits coast" when the publisher is "The Daily". */
function dropSiteName(title: string, site: string | null): string {
  if (site === null || site.length === 0) return title;
  const t = squash(title);
  const lower = t.toLowerCase();
  const s = site.toLowerCase();
  if (lower.endsWith(s) && lower.length > s.length) {
    const rest = t.slice(0, t.length - site.length).replace(/[\s|\-–—·•:»/\\[\]()]+$/u, '');
    if (rest.length < t.length - site.length && wordCount(rest) >= MIN_TITLE_WORDS) return rest;
  }
  return t;
}

/**
 * The article title from the document title: the last part after a separator (usually the site
 * name) is dropped when what remains is still a real title.
 *
 * @example
 * cleanDocumentTitle('Storm hits coast | The Daily', null); // 'Storm hits coast'
 * cleanDocumentTitle('Mozilla - Wikipedia', null); // 'Mozilla - Wikipedia'
 */
export function cleanDocumentTitle(title: string, siteName: string | null): string {
  const t = squash(title);
  const site = dropSiteName(t, siteName);
  if (site !== t) return site;
  let last: RegExpExecArray | null = null;
  TITLE_SEPARATOR.lastIndex = 0;
  for (let m = TITLE_SEPARATOR.exec(t); m !== null; m = TITLE_SEPARATOR.exec(t)) last = m;
  if (last === null) return t;
  const head = t.slice(0, last.index).trim();
  return wordCount(head) >= MIN_TITLE_WORDS ? head : t;
}

/** Parse a date as written into ISO 8601 (date, or date-time with the offset as given). Null when unsure. */
export function toIsoDate(raw: string | null): string | null {
  if (raw === null) return null;
  const s = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?/i.exec(s);
  if (m) {
    const [, y, mo, d, hh, mm, ss, tz] = m;
    if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
    if (hh === undefined) return `${y}-${mo}-${d}`;
    const zone = tz === undefined ? '' : tz.toUpperCase() === 'Z' ? 'Z' : tz.includes(':') ? tz : `${tz.slice(0, 3)}:${tz.slice(3)}`;
    return `${y}-${mo}-${d}T${hh}:${mm}:${ss ?? '00'}${zone}`;
  }
  // Only a date that states its year is read: "Monday" or "yesterday" would be invented from today.
  if (/^\d{10,13}$/.test(s) || !/\b\d{4}\b/.test(s)) return null;
  return readWrittenDate(s);
}

const MONTH_ALT = [...HTML_CUES.monthNumbers.keys()].sort((a, b) => b.length - a.length).join('|');
const DATE_FORMS = {
  /** 13 March 2015, 13. März 2015, 13 de marzo de 2015, Tue, 13 Mar 2015 */
  dayMonthYear: new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th|er|º)?\\.?\\s+(?:de\\s+)?(${MONTH_ALT})\\.?,?\\s+(?:de\\s+)?(\\d{4})(?!\\d)`, 'iu'),
  /** March 13, 2015; Mar. 13 2015 */
  monthDayYear: new RegExp(`(?<![\\p{L}])(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'iu'),
  /** 2015/03/13, 2015.03.13 */
  yearMonthDay: /(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)/,
  /** 13.03.2015 (day first), 13/03/2015 or 03/13/2015 when one side cannot be a month */
  dayMonthYearNumeric: /(?<!\d)(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)/,
};

function isoDay(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A calendar date written out ("March 13, 2015", "13 mars 2015", "2015/03/13", "13.03.2015"), as YYYY-MM-DD.
 * Month names come from data/lexicon/html-page.json; a numeric date whose day and month could be swapped is not read.
 */
function readWrittenDate(s: string): string | null {
  let m = DATE_FORMS.dayMonthYear.exec(s);
  if (m) return isoDay(Number(m[3]), HTML_CUES.monthNumbers.get((m[2] ?? '').toLowerCase()) ?? 0, Number(m[1]));
  m = DATE_FORMS.monthDayYear.exec(s);
  if (m) return isoDay(Number(m[3]), HTML_CUES.monthNumbers.get((m[1] ?? '').toLowerCase()) ?? 0, Number(m[2]));
  m = DATE_FORMS.yearMonthDay.exec(s);
  if (m) return isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DATE_FORMS.dayMonthYearNumeric.exec(s);
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[3]), Number(m[4])];
    if (m[2] === '.') return isoDay(y, b, a);
    if (a > 12) return isoDay(y, b, a);
    if (b > 12) return isoDay(y, a, b);
  }
  return null;
}

/** An absolute http(s) URL for a page's link or image, or null: `javascript:`, `data:` and other schemes are dropped. */
function resolveUrl(href: string | null, base: string | null): string | null {
  if (href === null) return null;
  try {
    const url = new URL(href, base ?? undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return /^https?:\/\//i.test(href) ? href : null;
  }
}

/**
 * Read the page's metadata.
 *
 * @example
 * const meta = extractMetadata(parseHtml(html), 'https://example.org/a');
 * meta.title; meta.byline; meta.publishedAt;
 */
export function extractMetadata(page: ParsedPage, url: string | null): PageMetadata {
  return readPageMetadata(page, url).metadata;
}

/**
 * Read the page's metadata, and the JSON-LD articleBody when the page has one (the extraction
 * falls back to it when the HTML holds no article text, as on pages rendered by scripts).
 */
export function readPageMetadata(page: ParsedPage, url: string | null): { metadata: PageMetadata; jsonLdArticleBody: string | null } {
  T = page.tree;
  const ld = readJsonLd(page.jsonLd);
  const metas = readMetas(page);
  const visible = scanVisible(0);
  T = EMPTY_TREE;
  const micro = visible.micro;
  const base = resolveUrl(page.baseHref, url) ?? url;

  const publisher =
    firstMeta(metas, ['og:site_name', 'application-name', 'publisher', 'dc.publisher', 'dcterms.publisher']) ?? ld?.publisher ?? null;

  const metaTitle = firstMeta(metas, ['dc.title', 'dcterms.title', 'og:title', 'twitter:title', 'parsely-title', 'sailthru.title', 'title']);
  const h1s = visible.h1s;
  const docTitle = page.title !== null && page.title.length > 0 ? cleanDocumentTitle(page.title, publisher) : null;
  // JSON-LD may give both a name and a headline: the one closer to the page's own title is the displayed title.
  const ldTitles = [ld?.name, ld?.headline].filter((t): t is string => typeof t === 'string' && t.length > 0);
  const ldTitle = docTitle === null ? (ld?.headline ?? ld?.name ?? null) : bestMatch(ldTitles, docTitle);
  const title = ldTitle ?? metaTitle ?? micro.get('headline') ?? docTitle ?? h1s[0] ?? null;

  const dek =
    ld?.description ??
    firstMeta(metas, ['dc.description', 'dcterms.description', 'og:description', 'description', 'twitter:description', 'sailthru.description']) ??
    micro.get('description') ??
    visible.dek;

  // Bylines: the people named by the first source that names any, in order of trust. A visible
  // "author" box (often a teaser's or a comment's) is read only when the page's metadata claims no
  // author at all: when it gives one that is no person ("Our Foreign Staff"), that is the answer.
  // The byline names people only ("BBC News" as the author is no byline), as the issue asks.
  const metaAuthors = allMeta(metas, AUTHOR_META_KEYS);
  const microAuthor = micro.get('author') ?? null;
  const isUrl = (v: string): boolean => /^https?:\/\//i.test(v);
  const claimsAuthor = (ld?.authors ?? []).concat(metaAuthors, microAuthor ?? []).some((v) => !isUrl(v));
  let byline: string[] = [];
  const bylineSources: string[][] = [
    ld?.authors ?? [],
    metaAuthors,
    [microAuthor ?? ''],
    [visible.bylineText ?? (claimsAuthor ? '' : (visible.authorText ?? ''))],
  ];
  for (const source of bylineSources) {
    const names = source
      .filter((s) => s.length > 0 && !isUrl(s))
      .flatMap(bylineNames);
    if (names.length > 0) {
      byline = [...new Set(names)];
      break;
    }
  }

  const published = toIsoDate(
    ld?.datePublished ??
      firstMeta(metas, ['article:published_time', 'og:published_time', 'published_time', 'datepublished', 'parsely-pub-date', 'sailthru.date', 'dc.date', 'dcterms.date', 'dc.date.issued', 'date', 'pubdate', 'publish-date', 'citation_publication_date']) ??
      micro.get('datepublished') ??
      visible.timeValue ??
      visible.classedDate,
  );
  const modified = toIsoDate(ld?.dateModified ?? firstMeta(metas, ['article:modified_time', 'og:updated_time', 'datemodified', 'last-modified']) ?? micro.get('datemodified') ?? null);

  const section = firstMeta(metas, ['article:section', 'parsely-section', 'section']) ?? ld?.section ?? micro.get('articlesection') ?? null;
  const tagSet = new Set<string>();
  for (const t of (metas.get('article:tag') ?? []).flatMap((v) => v.split(','))) if (squash(t).length > 0) tagSet.add(squash(t));
  for (const k of [firstMeta(metas, ['news_keywords', 'keywords', 'parsely-tags']) ?? '']) for (const t of k.split(',')) if (squash(t).length > 0) tagSet.add(squash(t));
  for (const t of ld?.keywords ?? []) tagSet.add(t);

  const canonicalHref = page.links.find((l) => (l.rel ?? '').toLowerCase().split(/\s+/).includes('canonical'))?.href ?? null;
  const canonicalUrl = resolveUrl(canonicalHref ?? firstMeta(metas, ['og:url']) ?? ld?.url ?? null, base);
  const language = page.lang ?? firstMeta(metas, ['og:locale', 'content-language', 'language', 'dc.language']) ?? ld?.language ?? null;
  const imageUrl = resolveUrl(firstMeta(metas, ['og:image', 'og:image:url', 'twitter:image', 'twitter:image:src']) ?? ld?.image ?? micro.get('image') ?? null, base);

  const metadata: PageMetadata = {
    title: title === null ? null : squash(title),
    dek,
    byline,
    publisher,
    publishedAt: published,
    modifiedAt: modified,
    section,
    tags: [...tagSet].slice(0, 50),
    canonicalUrl,
    language: language === null ? null : language.replace('_', '-'),
    imageUrl,
  };
  return { metadata, jsonLdArticleBody: ld?.articleBody ?? null };
}
