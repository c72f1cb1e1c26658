/**
 * Phrase gazetteers for the entity tagger: lists of names by category
 * (countries, places, organisations, people…), matched on whole words,
 * case-insensitively, longest match first. Each word of a match gets a flag
 * `<category>` (first word) or `<category>+` (later word), which the tagger
 * reads as a feature; the gazetteer decides nothing by itself.
 *
 * The lists are data (data/gazetteers/ner.json), built from the PETRARCH
 * actor dictionaries by `npm run build:gazetteers` (see data/README.md).
 *
 * @example
 * const g = new Gazetteer({ country: ['new zealand'] });
 * g.flags(['New', 'Zealand', 'won']); // ['country', 'country+', '']
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../data/paths.js';
import { WORD, wordInfo } from './word-info.js';
import type { WordInfo } from './word-info.js';

/** The gazetteer file, relative to the project root. */
export const GAZETTEER_FILE = path.join('data', 'gazetteers', 'ner.json');

/** Longest phrase matched, in words (longer list entries are ignored). */
export const MAX_PHRASE_WORDS = 6;

export const GazetteerFileSchema = z.object({
  source: z.string(),
  licence: z.string(),
  /** Category → phrases, each a space-separated lower-case word sequence. */
  /** Checked by a plain loop (zod is slow on 10^5 items). */
  lists: z.record(z.string(), z.array(z.unknown())),
});
export type GazetteerFile = z.infer<typeof GazetteerFileSchema>;

/** Lower-case words a match may contain (not start with); any other matched word must not start in lower case. */
const CONNECTORS = new Set(['of', 'the', 'and', 'for', 'de', 'del', 'da', 'do', 'dos', 'du', 'des', 'la', 'le', 'el', 'al', 'von', 'van', 'der', 'den', 'bin', 'ibn', 'y', 'e', 'on', 'in', 'at', '&']);

/**
 * What the gazetteer knows of one key (space-joined lower-case words): the categories of the
 * phrase it is (null when it is only a prefix), whether a longer phrase starts with it, and the
 * flag strings of a match of it, built once.
 */
interface GazetteerEntry {
  cats: readonly string[] | null;
  isPrefix: boolean;
  /**
   * Flags of the first word of a match (`country org`) and of the words after it (`country+ org+`):
   * built on the entry's first match (most phrases never match a text; building them all made the
   * load slower), then kept.
   */
  startFlags: string | null;
  nextFlags: string | null;
}

/** The entry of every key that is a proper prefix of a phrase and no phrase itself (never modified). */
const PREFIX_ONLY: GazetteerEntry = { cats: null, isPrefix: true, startFlags: null, nextFlags: null };

/**
 * Index one category's phrases and their proper prefixes in `entries`. A function of its own rather
 * than a loop of the constructor: V8 compiles a function still running a long loop on the stack
 * (OSR), and a small function is quicker to compile than the whole constructor.
 */
function addPhrases(entries: Map<string, GazetteerEntry>, cat: string, phrases: readonly string[]): void {
  for (const phrase of phrases) {
    if (phrase === '') continue;
    let words = 1;
    for (let k = phrase.indexOf(' '); k >= 0; k = phrase.indexOf(' ', k + 1)) {
      const prefix = phrase.slice(0, k);
      const e = entries.get(prefix);
      // Keys that are only prefixes share one entry (most prefixes are no phrase of their own).
      if (e === undefined) entries.set(prefix, PREFIX_ONLY);
      else if (e !== PREFIX_ONLY) e.isPrefix = true;
      words++;
    }
    if (words > MAX_PHRASE_WORDS) continue;
    const e = entries.get(phrase);
    if (e === undefined || e === PREFIX_ONLY) entries.set(phrase, { cats: [cat], isPrefix: e === PREFIX_ONLY, startFlags: null, nextFlags: null });
    else if (e.cats === null) e.cats = [cat];
    else if (!e.cats.includes(cat)) (e.cats as string[]).push(cat);
  }
}

/** A set of phrase lists, indexed as full phrases and their proper prefixes (space-joined lower-case words). */
export class Gazetteer {
  /** Phrases and proper prefixes of phrases (a match may continue after them), in one Map: one lookup per word. */
  private readonly entries = new Map<string, GazetteerEntry>();
  readonly categories: readonly string[];

  /** `lists`: category → phrases, each lower-case words joined by single spaces. */
  constructor(lists: Readonly<Record<string, readonly string[]>>) {
    this.categories = Object.keys(lists).sort();
    for (const cat of this.categories) addPhrases(this.entries, cat, lists[cat]!);
  }

  /** Parse a gazetteer file's contents. */
  static fromJSON(data: unknown): Gazetteer {
    const parsed = GazetteerFileSchema.pick({ source: true, licence: true }).parse(data) as GazetteerFile;
    const rawLists = (data as { lists?: unknown }).lists;
    if (typeof rawLists !== 'object' || rawLists === null || Array.isArray(rawLists)) throw new Error('gazetteer: lists must be an object');
    parsed.lists = rawLists as Record<string, unknown[]>;
    const lists: Record<string, string[]> = {};
    for (const [cat, phrases] of Object.entries(parsed.lists)) {
      if (!Array.isArray(phrases) || !isStringList(phrases)) throw new Error(`gazetteer: list ${cat} must be an array of strings`);
      lists[cat] = phrases;
    }
    return new Gazetteer(lists);
  }

  /**
   * Longest matches over `words`: [start, end, categories] with no overlap,
   * scanning left to right. Matching ignores case, except that a match starts
   * with a word not in lower case and holds lower-case words only when they
   * are connectors ("of", "de", "al"…): "turkey" is not the country.
   */
  matches(words: readonly string[], infos: readonly WordInfo[] = words.map(wordInfo)): [number, number, readonly string[]][] {
    const out: [number, number, readonly string[]][] = [];
    this.scan(infos, (start, end, e) => out.push([start, end, e.cats!]));
    return out;
  }

  /** The longest matches (see {@link matches}), each reported with its entry. */
  private scan(infos: readonly WordInfo[], report: (start: number, end: number, entry: GazetteerEntry) => void): void {
    for (let i = 0; i < infos.length; ) {
      let bestEnd = -1;
      let best: GazetteerEntry | null = null;
      let key = '';
      for (let j = i; j < infos.length && j - i < MAX_PHRASE_WORDS; j++) {
        const { lower, bits } = infos[j]!;
        if ((bits & WORD.LOWER_INITIAL) !== 0 && (j === i || !CONNECTORS.has(lower))) break;
        let e: GazetteerEntry | undefined;
        if (j === i) {
          // A match's first word: its entry (or none, most words) is kept on the word (see WordInfo.lookup).
          key = lower;
          const info = infos[j]!;
          if (info.lookupOwner === this) e = info.lookup as GazetteerEntry | undefined;
          else {
            e = this.entries.get(key);
            info.lookupOwner = this;
            info.lookup = e;
          }
        } else {
          key = `${key} ${lower}`;
          e = this.entries.get(key);
        }
        if (e === undefined) break;
        if (e.cats !== null) {
          bestEnd = j + 1;
          best = e;
        }
        if (!e.isPrefix) break;
      }
      if (best === null) {
        i++;
        continue;
      }
      report(i, bestEnd, best);
      i = bestEnd;
    }
  }

  /** One flag string per word ('' when the word is in no match). */
  flags(words: readonly string[], infos: readonly WordInfo[] = words.map(wordInfo)): string[] {
    const out = new Array<string>(words.length).fill('');
    this.addFlags(infos, out, (_, flags) => flags);
    return out;
  }

  /**
   * The flags of {@link flags} joined in place to the words' other flags: `into[k] = join(into[k], flags)`
   * at each matched word, the others untouched. The tagger's way: most words are in no match, and a
   * sentence's flags array of its own, mostly empty strings, was garbage made per sentence.
   */
  addFlags(infos: readonly WordInfo[], into: string[], join: (own: string, flags: string) => string): void {
    this.scan(infos, (start, end, e) => {
      const cats = e.cats!;
      const startFlags = (e.startFlags ??= cats.join(' '));
      into[start] = join(into[start]!, startFlags);
      if (end - start > 1) {
        const nextFlags = (e.nextFlags ??= cats.map((c) => `${c}+`).join(' '));
        for (let k = start + 1; k < end; k++) into[k] = join(into[k]!, nextFlags);
      }
    });
  }
}

function isStringList(list: readonly unknown[]): list is string[] {
  for (const v of list) if (typeof v !== 'string') return false;
  return true;
}

/** The project's gazetteer, or null when the file has not been built. */
export function loadGazetteer(): Gazetteer | null {
  const file = path.join(projectRoot(), GAZETTEER_FILE);
  if (!existsSync(file)) return null;
  return Gazetteer.fromJSON(JSON.parse(readFileSync(file, 'utf8')));
}
