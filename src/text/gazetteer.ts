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

/** A set of phrase lists, indexed as full phrases and their proper prefixes (space-joined lower-case words). */
export class Gazetteer {
  /** Phrase → its categories. */
  private readonly phrases = new Map<string, string[]>();
  /** Proper prefixes of phrases (a match may continue after them). */
  private readonly prefixes = new Set<string>();
  readonly categories: readonly string[];

  /** `lists`: category → phrases, each lower-case words joined by single spaces. */
  constructor(lists: Readonly<Record<string, readonly string[]>>) {
    this.categories = Object.keys(lists).sort();
    for (const cat of this.categories) {
      for (const phrase of lists[cat]!) {
        if (phrase === '') continue;
        let words = 1;
        for (let k = phrase.indexOf(' '); k >= 0; k = phrase.indexOf(' ', k + 1)) {
          this.prefixes.add(phrase.slice(0, k));
          words++;
        }
        if (words > MAX_PHRASE_WORDS) continue;
        const cats = this.phrases.get(phrase);
        if (cats === undefined) this.phrases.set(phrase, [cat]);
        else if (!cats.includes(cat)) cats.push(cat);
      }
    }
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
    for (let i = 0; i < infos.length; ) {
      let bestEnd = -1;
      let bestCats: readonly string[] = [];
      let key = '';
      for (let j = i; j < infos.length && j - i < MAX_PHRASE_WORDS; j++) {
        const { lower, bits } = infos[j]!;
        if ((bits & WORD.LOWER_INITIAL) !== 0 && (j === i || !CONNECTORS.has(lower))) break;
        key = j === i ? lower : `${key} ${lower}`;
        const cats = this.phrases.get(key);
        if (cats !== undefined) {
          bestEnd = j + 1;
          bestCats = cats;
        }
        if (!this.prefixes.has(key)) break;
      }
      if (bestEnd < 0) {
        i++;
        continue;
      }
      out.push([i, bestEnd, bestCats]);
      i = bestEnd;
    }
    return out;
  }

  /** One flag string per word ('' when the word is in no match). */
  flags(words: readonly string[], infos?: readonly WordInfo[]): string[] {
    const out = new Array<string>(words.length).fill('');
    for (const [start, end, cats] of this.matches(words, infos)) {
      for (let k = start; k < end; k++) out[k] = cats.map((c) => (k === start ? c : `${c}+`)).join(' ');
    }
    return out;
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
