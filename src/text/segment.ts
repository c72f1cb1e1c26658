/**
 * Segmentation: paragraphs, sentences and tokens as spans over the text.
 * Pure functions; each is linear in the text length.
 */
import type { Span } from './span.js';
import { SENTENCE_INITIAL_STOPWORDS } from '../data/lexicon.js';

export interface Sentence extends Span {
  /** Index of the paragraph that holds the sentence. */
  paragraph: number;
}

export interface Token extends Span {
  text: string;
}

/** Every non-empty line is a paragraph: scraped text uses one line per block. */
export function segmentParagraphs(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^\n\r]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    if (raw.trim().length === 0) continue;
    out.push({ start: m.index + lead, end: m.index + raw.length - trail });
  }
  return out;
}

/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'maj', 'capt', 'sgt', 'adm', 'rev', 'st', 'jr', 'sr',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'vs', 'etc', 'inc', 'corp', 'ltd', 'co', 'u.s', 'u.k', 'u.n', 'e.u', 'a.m', 'p.m', 'e.g', 'i.e', 'approx', 'est', 'dept', 'univ', 'ft', 'mt',
]);

// A sentence ends at . ! ? (or …), optionally followed by closing quotes or
// brackets, then white space and something that can start a sentence.
// Two apostrophes ('') or backquotes (``) open a quotation in some wire and archive text.
const SENTENCE_END = /([.!?]+|…)(["”’')\]]*)(\s+)(?=(?:''|``|["“‘'([])?[\p{Lu}\p{N}])/gu;

export function segmentSentences(text: string, paragraphs: readonly Span[]): Sentence[] {
  const out: Sentence[] = [];
  paragraphs.forEach((para, pi) => {
    const body = text.slice(para.start, para.end);
    let start = 0;
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(body); m; m = SENTENCE_END.exec(body)) {
      const punct = m[1]!;
      const endOfPunct = m.index + punct.length + m[2]!.length;
      if (punct === '.' && isAbbreviationBefore(body, m.index) && !(endsSentenceOften(body, m.index) && SENTENCE_INITIAL_STOPWORDS.has(firstWord(body, m.index + m[0].length)))) continue;
      // A number opening its line is a list item's number ("6. Gunhild Halle (Norway) 15:09"), not a sentence.
      if (punct === '.' && isListNumber(body, m.index)) continue;
      // An ellipsis inside a quotation ("are ... of great") is not an end.
      if ((punct === '...' || punct === '…') && m[2]!.length === 0) continue;
      out.push({ start: para.start + start, end: para.start + endOfPunct, paragraph: pi });
      start = endOfPunct + m[3]!.length;
    }
    if (start < body.length) out.push({ start: para.start + start, end: para.end, paragraph: pi });
  });
  return out;
}

/**
 * Abbreviations that often end a sentence ("at 7 p.m.", "Apple Inc."): a
 * period after them ends one when a word that usually opens a sentence
 * follows ("… at 7 p.m. He says …").
 */
const SENTENCE_FINAL_ABBREVIATIONS = new Set(['a.m', 'p.m', 'etc', 'inc', 'corp', 'ltd', 'co', 'u.s', 'u.k', 'u.n', 'e.u', 'jr', 'sr']);

function endsSentenceOften(body: string, dot: number): boolean {
  return SENTENCE_FINAL_ABBREVIATIONS.has(body.slice(wordStartBefore(body, dot), dot).toLowerCase());
}

/** Where the word (letters and periods: "p.m", "U.S") that ends at a period starts. */
function wordStartBefore(body: string, dot: number): number {
  let i = dot;
  while (i > 0 && /[\p{L}.]/u.test(body[i - 1]!)) i--;
  return i;
}

function firstWord(body: string, from: number): string {
  return /^[\p{L}’']+/u.exec(body.slice(from, from + 40))?.[0] ?? '';
}

/** Longest list number read before a period at a line's start ("12. …"). */
const MAX_LIST_NUMBER_DIGITS = 3;

function isListNumber(body: string, dot: number): boolean {
  const lineStart = body.lastIndexOf('\n', dot - 1) + 1;
  const digits = body.slice(lineStart, dot).trim();
  return digits.length > 0 && digits.length <= MAX_LIST_NUMBER_DIGITS && /^\d+$/u.test(digits);
}

function isAbbreviationBefore(body: string, dot: number): boolean {
  const i = wordStartBefore(body, dot);
  const word = body.slice(i, dot).toLowerCase();
  if (word.length === 1 && /\p{Lu}/u.test(body[i]!)) return true; // an initial: "J. Smith"
  return ABBREVIATIONS.has(word);
}

// Words (letters, digits, internal apostrophes, hyphens, periods in
// abbreviations), numbers with separators, a double quotation mark typed as
// two apostrophes or backticks, a dash typed as two or three hyphens (each
// one token, as the Penn Treebank writes them), or any other single character.
const TOKEN = /(?:\p{Lu}\.){2,}|\p{N}[\p{N},.]*\p{N}|[\p{L}\p{M}\p{N}]+(?:[’'\-.&][\p{L}\p{M}\p{N}]+)*|''|``|-{2,3}|\S/gu;

/** Tokens with offsets; a possessive "’s" is its own token. */
export function tokenize(text: string, span: Span = { start: 0, end: text.length }): Token[] {
  const out: Token[] = [];
  const body = text.slice(span.start, span.end);
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(body); m; m = TOKEN.exec(body)) {
    const start = span.start + m.index;
    const word = m[0];
    const poss = /[’']s$/u.exec(word);
    if (poss && word.length > 2) {
      out.push({ start, end: start + word.length - 2, text: word.slice(0, -2) });
      out.push({ start: start + word.length - 2, end: start + word.length, text: word.slice(-2) });
    } else {
      out.push({ start, end: start + word.length, text: word });
    }
  }
  return out;
}
