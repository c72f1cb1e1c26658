/**
 * Cue words for reading HTML pages, loaded once from data/lexicon/html-page.json
 * (see data/README.md), with the matchers built from them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../data/paths.js';
import type { El } from './parse.js';

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
  articleTypes: string[];
  bylineStopWords: string[];
  nameParticles: string[];
  monthNames: string[];
  dekCues: string[];
  months: Record<string, string[]>;
}

const lex = JSON.parse(readFileSync(join(projectRoot(), 'data', 'lexicon', 'html-page.json'), 'utf8')) as HtmlPageLexicon;

/** Cue words shorter than this match whole class/id words only; longer ones also match as a prefix ("commentlist", "socialicons"); "share" would hit "shared-history". */
const MIN_PREFIX_CUE = 6;
/** Per-matcher memo of class words seen (bounded so a hostile page cannot grow it without end). */
const MAX_CACHED_TOKENS = 50_000;
const MAX_CACHED_TOKEN_CHARS = 40;

function matcher(words: string[]): (token: string) => boolean {
  const exact = new Set(words.map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, '')));
  const prefixes = [...exact].filter((w) => w.length >= MIN_PREFIX_CUE);
  // One anchored alternation instead of a loop of startsWith: these run for every class word of the page.
  const prefix = prefixes.length === 0 ? null : new RegExp(`^(?:${prefixes.join('|')})`);
  const cache = new Map<string, boolean>();
  return (token) => {
    let hit = cache.get(token);
    if (hit === undefined) {
      hit = exact.has(token) || (token.length >= MIN_PREFIX_CUE && prefix !== null && prefix.test(token));
      // Class words repeat across pages (site templates); the cache is bounded all the same.
      if (cache.size < MAX_CACHED_TOKENS && token.length <= MAX_CACHED_TOKEN_CHARS) cache.set(token, hit);
    }
    return hit;
  };
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

/**
 * The words of an element's class and id: split on punctuation and camelCase, lower-cased
 * (a long id is left out: see MAX_ID_WORDS).
 *
 * @example
 * attrWords({ class: 'relatedArticles side-rail', id: 'x' }); // ['related', 'articles', 'side', 'rail', 'x']
 */
export function attrWords(attrs: Record<string, string>): string[] {
  if (attrs.class === undefined && attrs.id === undefined) return NO_WORDS;
  return computeAttrWords(attrs);
}

/**
 * An element's class/id words, computed once and kept on the element (several steps read them).
 *
 * @example
 * elementWords(el); // same as attrWords(el.attrs)
 */
export function elementWords(el: El): string[] {
  if (el.words === undefined) el.words = attrWords(el.attrs);
  return el.words;
}

const NO_WORDS: string[] = [];

function computeAttrWords(attrs: Record<string, string>): string[] {
  const cls = attrs.class === undefined ? [] : split(attrs.class);
  const id = attrs.id === undefined ? [] : split(attrs.id);
  // A long id is a heading's slug ("sharing-with-a-single-developer"), not a label for page furniture.
  return id.length > MAX_ID_WORDS ? cls : cls.concat(id);
}

/** Ids with more words than this are anchors made from headings. */
const MAX_ID_WORDS = 3;

function split(raw: string): string[] {
  return raw.replace(CAMEL, '$1 $2').toLowerCase().split(NON_WORD).filter((w) => w.length > 0);
}
