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
 * const g = new Gazetteer({ country: [['new', 'zealand']] });
 * g.flags(['New', 'Zealand', 'won']); // ['country', 'country+', '']
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../data/paths.js';

/** The gazetteer file, relative to the project root. */
export const GAZETTEER_FILE = path.join('data', 'gazetteers', 'ner.json');

/** Longest phrase matched, in words (longer list entries are ignored). */
export const MAX_PHRASE_WORDS = 6;

export const GazetteerFileSchema = z.object({
  source: z.string(),
  licence: z.string(),
  /** Category → phrases, each a space-separated lower-case word sequence. */
  lists: z.record(z.string(), z.array(z.string())),
});
export type GazetteerFile = z.infer<typeof GazetteerFileSchema>;

/** Lower-case words a match may contain (not start with); any other matched word must not start in lower case. */
const CONNECTORS = new Set(['of', 'the', 'and', 'for', 'de', 'del', 'da', 'do', 'dos', 'du', 'des', 'la', 'le', 'el', 'al', 'von', 'van', 'der', 'den', 'bin', 'ibn', 'y', 'e', 'on', 'in', 'at', '&']);

const LOWER_INITIAL = /^\p{Ll}/u;

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Categories of phrases ending here, sorted, joined by spaces. */
  cats: string[];
}

function newNode(): TrieNode {
  return { next: new Map(), cats: [] };
}

/** A set of phrase lists compiled into a word trie. */
export class Gazetteer {
  private readonly root: TrieNode = newNode();
  readonly categories: readonly string[];

  constructor(lists: Readonly<Record<string, readonly (readonly string[])[]>>) {
    this.categories = Object.keys(lists).sort();
    for (const cat of this.categories) {
      for (const phrase of lists[cat]!) {
        if (phrase.length === 0 || phrase.length > MAX_PHRASE_WORDS) continue;
        let node = this.root;
        for (const w of phrase) {
          let child = node.next.get(w);
          if (child === undefined) node.next.set(w, (child = newNode()));
          node = child;
        }
        if (!node.cats.includes(cat)) node.cats.push(cat);
      }
    }
  }

  /** Parse a gazetteer file's contents. */
  static fromJSON(data: unknown): Gazetteer {
    const parsed = GazetteerFileSchema.parse(data);
    const lists: Record<string, string[][]> = {};
    for (const [cat, phrases] of Object.entries(parsed.lists)) lists[cat] = phrases.map((p) => p.split(' '));
    return new Gazetteer(lists);
  }

  /**
   * Longest matches over `words`: [start, end, categories] with no overlap,
   * scanning left to right. Matching ignores case, except that a match starts
   * with a word not in lower case and holds lower-case words only when they
   * are connectors ("of", "de", "al"…): "turkey" is not the country.
   */
  matches(words: readonly string[]): [number, number, readonly string[]][] {
    const out: [number, number, readonly string[]][] = [];
    const lower = words.map((w) => w.toLowerCase());
    for (let i = 0; i < lower.length; ) {
      let node: TrieNode | undefined = this.root;
      let bestEnd = -1;
      let bestCats: readonly string[] = [];
      for (let j = i; j < lower.length && j - i < MAX_PHRASE_WORDS; j++) {
        if (LOWER_INITIAL.test(words[j]!) && (j === i || !CONNECTORS.has(lower[j]!))) break;
        node = node.next.get(lower[j]!);
        if (node === undefined) break;
        if (node.cats.length > 0) {
          bestEnd = j + 1;
          bestCats = node.cats;
        }
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
  flags(words: readonly string[]): string[] {
    const out = words.map(() => '');
    for (const [start, end, cats] of this.matches(words)) {
      for (let k = start; k < end; k++) out[k] = cats.map((c) => (k === start ? c : `${c}+`)).join(' ');
    }
    return out;
  }
}

/** The project's gazetteer, or null when the file has not been built. */
export function loadGazetteer(): Gazetteer | null {
  const file = path.join(projectRoot(), GAZETTEER_FILE);
  if (!existsSync(file)) return null;
  return Gazetteer.fromJSON(JSON.parse(readFileSync(file, 'utf8')));
}
