/**
 * Cue words for reading HTML pages, loaded once from data/lexicon/html-page.json
 * (see data/README.md), with the matchers built from them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../data/paths.js';
import { detached, internSlice, keepable } from './intern.js';

interface HtmlPageLexicon {
  boilerplateStrong: string[];
  boilerplateWeak: string[];
  contentCues: string[];
  boilerplateRoles: string[];
  boilerplateTags: string[];
  boilerplateText: string[];
  bylinePrefixes: string[];
  bylineNotPeople: string[];
  bylineRoleWords: string[];
  bylineGroupWords: string[];
  bylineNotAuthors: string[];
  articleTypes: string[];
  bylineStopWords: string[];
  nameParticles: string[];
  monthNames: string[];
  dekCues: string[];
  captionCues: string[];
  creditCues: string[];
  dateCues: string[];
  bylineCues: string[];
  authorCues: string[];
  months: Record<string, string[]>;
}

const lex = JSON.parse(readFileSync(join(projectRoot(), 'data', 'lexicon', 'html-page.json'), 'utf8')) as HtmlPageLexicon;

/** Cue words shorter than this match whole class/id words only; longer ones also match as a prefix ("commentlist", "socialicons"); "share" would hit "shared-history". */
const MIN_PREFIX_CUE = 6;
function matcher(words: string[]): (token: string) => boolean {
  const exact = new Set(words.map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, '')));
  const prefixes = [...exact].filter((w) => w.length >= MIN_PREFIX_CUE);
  // One anchored alternation instead of a loop of startsWith: these run for every class word of the page.
  // No memo of the words seen: the class and id values are memoised whole (classIdCues), and a memo
  // per word grew the heap that stays alive between pages by megabytes for no measurable speed.
  const prefix = prefixes.length === 0 ? null : new RegExp(`^(?:${prefixes.join('|')})`);
  return (token) => exact.has(token) || (token.length >= MIN_PREFIX_CUE && prefix !== null && prefix.test(token));
}

export const HTML_CUES = {
  isStrongBoilerplate: matcher(lex.boilerplateStrong),
  isWeakBoilerplate: matcher(lex.boilerplateWeak),
  isContent: matcher(lex.contentCues),
  boilerplateRoles: new Set(lex.boilerplateRoles),
  boilerplateTags: new Set(lex.boilerplateTags),
  boilerplateText: new Set(lex.boilerplateText.map((t) => t.toLowerCase())),
  bylinePrefixes: [...lex.bylinePrefixes].sort((a, b) => b.length - a.length),
  bylineNotPeople: new Set(lex.bylineNotPeople.map((t) => t.toLowerCase())),
  bylineRoleWords: new Set(lex.bylineRoleWords.map((t) => t.toLowerCase())),
  /** A name holding one of these words names a group ("Android Developers"), not a person. */
  bylineGroupWords: new Set(lex.bylineGroupWords),
  /** A metadata author holding one of these words is no author's name ("Staff", "Our Foreign Staff", "admin"). */
  bylineNotAuthors: new Set(lex.bylineNotAuthors),
  articleTypes: new Set(lex.articleTypes),
  bylineStopWords: new Set(lex.bylineStopWords),
  nameParticles: new Set(lex.nameParticles),
  dekCues: new Set(lex.dekCues.map((w) => w.replace(/[^a-z0-9]/g, ''))),
  /** Month name (any listed language, lower case) → month number. */
  monthNumbers: new Map(Object.entries(lex.months).flatMap(([n, names]) => names.map((name) => [name, Number(n)] as [string, number]))),
  /** A month name followed by a day or year: where a date starts in a byline. */
  datedMonth: new RegExp(`\\b(?:${lex.monthNames.join('|')})\\.?\\s+\\d.*$`, 'iu'),
};

const CAMEL = /([a-z0-9])([A-Z])/g;
const NON_WORD = /[^a-z0-9]+/;

/** A matcher for a short list where `word*` matches as a prefix and other entries whole words. */
function globMatcher(entries: string[]): (token: string) => boolean {
  const exact = new Set(entries.filter((e) => !e.endsWith('*')));
  const prefixes = entries.filter((e) => e.endsWith('*')).map((e) => e.slice(0, -1));
  return (token) => exact.has(token) || prefixes.some((p) => token.startsWith(p));
}

/** Bits of classIdCues() (El.cues): what an element's class/id words say about it. */
export const CUE = {
  /** It has class/id words at all. */
  ANY: 1,
  STRONG_BOILERPLATE: 2,
  WEAK_BOILERPLATE: 4,
  CONTENT: 8,
  CAPTION: 16,
  CREDIT: 32,
  DATE: 64,
  DEK: 128,
  BYLINE: 256,
  AUTHOR: 512,
} as const;

const CUE_TESTS: Array<[number, (token: string) => boolean]> = [
  [CUE.STRONG_BOILERPLATE, HTML_CUES.isStrongBoilerplate],
  [CUE.WEAK_BOILERPLATE, HTML_CUES.isWeakBoilerplate],
  [CUE.CONTENT, HTML_CUES.isContent],
  [CUE.CAPTION, globMatcher(lex.captionCues)],
  [CUE.CREDIT, globMatcher(lex.creditCues)],
  [CUE.DATE, globMatcher(lex.dateCues)],
  [CUE.DEK, (w) => HTML_CUES.dekCues.has(w)],
  [CUE.BYLINE, globMatcher(lex.bylineCues)],
  [CUE.AUTHOR, globMatcher(lex.authorCues)],
];

/**
 * What an element's class and id words say (CUE bits; null: no such attribute). The parser calls
 * it once per element it makes and keeps the bits on the element (El.cues), so that the values
 * themselves need not be kept.
 *
 * @example
 * (classIdCues('share-bar', null) & CUE.STRONG_BOILERPLATE) !== 0; // a share bar, a comment list, an ad...
 */
export function classIdCues(cls: string | null, id: string | null): number {
  // The bits of the class words and of the id words, or'd: cuesOfWords of the two lists joined
  // (each bit says "some word passes this test"), with no joined key or list to make.
  return (cls === null ? 0 : attrCues(cls, false)) | (id === null ? 0 : attrCues(id, true));
}

/** CUE bits of one class value (isId false) or id value (true): classIdCues(value, null) or classIdCues(null, value). */
export function attrCues(value: string, isId: boolean): number {
  return valueCues(value, isId ? ID_CUES : CLASS_CUES, isId);
}

/** Slots of the tables of class and id values read from page ranges (attrCuesAt). */
const RANGE_SLOTS = 4096;
const rangeKeys: Array<Array<string | undefined>> = [0, 1].map(() => new Array<string | undefined>(RANGE_SLOTS).fill(undefined));
const rangeBits: Int32Array[] = [0, 1].map(() => new Int32Array(RANGE_SLOTS));
/** Per slot, the hash of the last value that missed the table: a value goes in on its second miss. */
const rangeSeen: Int32Array[] = [0, 1].map(() => new Int32Array(RANGE_SLOTS));

/**
 * attrCues of `page.slice(start, end)`, read in place: no string is made for a value seen before
 * (a table of the values seen twice, indexed by a hash of their characters; a clash replaces the
 * entry), nor for an ASCII value seen once (its words are read from the page): a page's values
 * are often its own (an item's number in its class), and a copy for the table is three strings. The parser calls it
 * for every class and id value that comes in one piece, most of them: a string per value was much
 * of what the parse allocated.
 */
export function attrCuesAt(page: string, start: number, end: number, isId: boolean): number {
  const len = end - start;
  if (len > MAX_CACHED_CLASS_CHARS) return valueWordCues(page, start, end, isId);
  let h = len;
  for (let i = start; i < end; i++) h = Math.imul(h ^ page.charCodeAt(i), 0x01000193);
  const slot = (h ^ (h >>> 13)) & (RANGE_SLOTS - 1);
  const keys = rangeKeys[isId ? 1 : 0]!;
  const bits = rangeBits[isId ? 1 : 0]!;
  const known = keys[slot];
  if (known !== undefined && known.length === len) {
    let same = true;
    for (let i = 0; i < len; i++) {
      if (known.charCodeAt(i) !== page.charCodeAt(start + i)) {
        same = false;
        break;
      }
    }
    if (same) return bits[slot]!;
  }
  const b = valueWordCues(page, start, end, isId);
  const seen = rangeSeen[isId ? 1 : 0]!;
  if (seen[slot] !== h) {
    seen[slot] = h;
    return b;
  }
  // Not the slice itself when it is a pointer into the page: the table would keep the page alive.
  keys[slot] = keepable(page.slice(start, end));
  bits[slot] = b;
  return b;
}

/**
 * Class (or id) attribute values → CUE bits, for the values seen so far: templates repeat the same
 * values on many elements and pages (bounded, so a hostile page cannot grow them without end).
 */
const CLASS_CUES = new Map<string, number>();
const ID_CUES = new Map<string, number>();
const MAX_CACHED_CLASSES = 4096;
const MAX_CACHED_CLASS_CHARS = 120;

/** CUE bits of one class or id value; a long id (more than MAX_ID_WORDS words) says nothing. */
function valueCues(value: string, cache: Map<string, number>, isId: boolean): number {
  const cacheable = value.length <= MAX_CACHED_CLASS_CHARS;
  let bits = cacheable ? cache.get(value) : undefined;
  if (bits === undefined) {
    bits = valueWordCues(value, 0, value.length, isId);
    if (cacheable && cache.size < MAX_CACHED_CLASSES) cache.set(detached(value), bits);
  }
  return bits;
}

/**
 * CUE bits of a class or id value's words (`text` from `from` to `to`): cuesOfWords(split(value)), 0 for an id of more than
 * MAX_ID_WORDS words. The words are read in place (runs of ASCII letters and digits, cut where a
 * lower-case letter or digit meets a capital) and taken from the parser's table of strings seen
 * before, so no list and few strings are made; a value with other characters goes through split().
 */
function valueWordCues(text: string, from: number, to: number, isId: boolean): number {
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) >= 128) {
      const words = split(text.slice(from, to));
      return isId && words.length > MAX_ID_WORDS ? 0 : cuesOfWords(words);
    }
  }
  let bits = 0;
  let words = 0;
  let start = -1;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 0;
    const upper = c >= 65 && c <= 90;
    const lowerOrDigit = isLowerOrDigit(c);
    if (start >= 0 && (!(upper || lowerOrDigit) || (upper && isLowerOrDigit(text.charCodeAt(i - 1))))) {
      words++;
      bits |= wordCues(internSlice(text, start, i, true));
      start = -1;
    }
    if ((upper || lowerOrDigit) && start < 0) start = i;
  }
  if (words === 0 || (isId && words > MAX_ID_WORDS)) return 0;
  return bits | CUE.ANY;
}

function isLowerOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** CUE bits of one word (without CUE.ANY). */
function wordCues(word: string): number {
  let bits = 0;
  for (let k = 0; k < CUE_TESTS.length; k++) {
    const [bit, test] = CUE_TESTS[k]!;
    if (test(word)) bits |= bit;
  }
  return bits;
}

/** CUE bits of a list of class/id words. */
function cuesOfWords(words: readonly string[]): number {
  if (words.length === 0) return 0;
  let bits: number = CUE.ANY;
  for (const [bit, test] of CUE_TESTS) if (words.some(test)) bits |= bit;
  return bits;
}

/** Ids with more words than this are anchors made from headings. */
const MAX_ID_WORDS = 3;

function split(raw: string): string[] {
  return raw.replace(CAMEL, '$1 $2').toLowerCase().split(NON_WORD).filter((w) => w.length > 0);
}
