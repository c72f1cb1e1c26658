/**
 * Part-of-speech tags and NP/VP/PP… chunks for our tokens.
 *
 * Two averaged-perceptron models (src/text/perceptron.ts) trained by
 * `npm run train:pos` (scripts/train-pos.ts): a POS tagger, then a chunker
 * that reads the words and the predicted POS tags. Models are read from
 * `data/models/` on first use, not at import.
 *
 * Tag sets: POS tags are the Penn Treebank tags of the training data, except
 * that every quotation mark is tagged `"`; chunk tags are IOB2 (`B-NP`,
 * `I-NP`, `B-VP`, `B-PP`, `B-ADJP`, `B-ADVP`, `B-SBAR`, `B-PRT`, …, `O`).
 *
 * @example
 * const { pos, chunk } = tagSentence(['The', 'minister', 'said', 'on', 'Tuesday', '.']);
 * // pos:   ['DT', 'NN', 'VBD', 'IN', 'NNP', '.']
 * // chunk: ['B-NP', 'I-NP', 'B-VP', 'B-PP', 'B-NP', 'O']
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../data/paths.js';
import { PerceptronModel, SequenceTagger } from './perceptron.js';
import { CHUNK_SPEC, POS_SPEC, chunkInput, posInput, toTaggerUnits } from './pos-features.js';
import type { ChunkInput, PosInput } from './pos-features.js';
import type { Token } from './segment.js';
import type { Span } from './span.js';

/** Model files, relative to the project root. */
export const POS_MODEL_FILE = path.join('data', 'models', 'pos.json');
export const CHUNK_MODEL_FILE = path.join('data', 'models', 'chunk.json');

/** Tags aligned with the words (or tokens) that were tagged. */
export interface SyntaxTags {
  /** Penn Treebank POS tag per word (quotation marks: `"`). */
  pos: string[];
  /** IOB2 chunk tag per word. */
  chunk: string[];
}

/** A POS model and a chunk model, bound to their feature specs. */
export class SyntaxTagger {
  private readonly posTagger: SequenceTagger<PosInput>;
  private readonly chunkTagger: SequenceTagger<ChunkInput>;

  constructor(posModel: PerceptronModel, chunkModel: PerceptronModel) {
    this.posTagger = new SequenceTagger(posModel, POS_SPEC);
    this.chunkTagger = new SequenceTagger(chunkModel, CHUNK_SPEC);
  }

  /** Read both models from a folder (default: the project's data/models). */
  static load(root: string = projectRoot()): SyntaxTagger {
    const read = (file: string): PerceptronModel => {
      const full = path.join(root, file);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(full, 'utf8'));
      } catch (e) {
        throw new Error(`Cannot read the tagger model ${full} (rebuild it with npm run train:pos): ${(e as Error).message}`);
      }
      return PerceptronModel.fromJSON(json);
    };
    return new SyntaxTagger(read(POS_MODEL_FILE), read(CHUNK_MODEL_FILE));
  }

  /**
   * Tag words that are already in the tagger's form (normalized, Treebank
   * tokenization), one tag per word. Used by training and evaluation.
   */
  tagNormalized(words: readonly string[]): SyntaxTags {
    const pos = this.posTagger.tag(posInput(words));
    const chunk = this.chunkTagger.tag(chunkInput(words, pos));
    return { pos, chunk };
  }

  /** See {@link tagSentence}; `attached[k]`: token k follows token k-1 with no space between. */
  tagSentence(words: readonly string[], attached?: readonly boolean[]): SyntaxTags {
    if (words.length === 0) return { pos: [], chunk: [] };
    const units = toTaggerUnits(words, attached);
    const tags = this.tagNormalized(units.words);
    const pos: string[] = [];
    const chunk: string[] = [];
    units.head.forEach((h, k) => {
      pos.push(tags.pos[h]!);
      const c = tags.chunk[h]!;
      chunk.push(units.continues[k] && c !== 'O' ? `I-${c.slice(2)}` : c);
    });
    return { pos, chunk: repairIob2(chunk) };
  }

  /** See {@link tagTokens}. */
  tagTokens(text: string, tokens: readonly Token[], sentences: readonly Span[]): SyntaxTags {
    const pos: string[] = new Array<string>(tokens.length);
    const chunk: string[] = new Array<string>(tokens.length);
    const tagGroup = (from: number, to: number): void => {
      if (to <= from) return;
      const words: string[] = [];
      const attached: boolean[] = [];
      for (let k = from; k < to; k++) {
        const tok = tokens[k]!;
        words.push(tok.text);
        attached.push(k > from && tokens[k - 1]!.end === tok.start);
      }
      const tags = this.tagSentence(words, attached);
      for (let k = from; k < to; k++) {
        pos[k] = tags.pos[k - from]!;
        chunk[k] = tags.chunk[k - from]!;
      }
    };
    // Tokens are grouped by the sentence that holds them (key 2s+1); tokens
    // outside every sentence by the gap before sentence s (key 2s).
    let si = 0;
    let groupStart = 0;
    let groupKey = -1;
    tokens.forEach((tok, k) => {
      while (si < sentences.length && sentences[si]!.end <= tok.start) si++;
      const s = sentences[si];
      const key = s !== undefined && s.start <= tok.start && tok.end <= s.end ? 2 * si + 1 : 2 * si;
      if (key !== groupKey) {
        tagGroup(groupStart, k);
        groupStart = k;
        groupKey = key;
      }
    });
    tagGroup(groupStart, tokens.length);
    return { pos, chunk };
  }
}

/** Make a chunk sequence valid IOB2: an I-X that does not continue an X chunk becomes B-X. */
export function repairIob2(chunk: string[]): string[] {
  for (let k = 0; k < chunk.length; k++) {
    const c = chunk[k]!;
    if (!c.startsWith('I-')) continue;
    const prev = k > 0 ? chunk[k - 1]! : 'O';
    if (prev === 'O' || prev.slice(2) !== c.slice(2)) chunk[k] = `B-${c.slice(2)}`;
  }
  return chunk;
}

let defaultTagger: SyntaxTagger | null = null;

/** The tagger over the project's models, loaded on first call. */
export function syntaxTagger(): SyntaxTagger {
  defaultTagger ??= SyntaxTagger.load();
  return defaultTagger;
}

/**
 * POS and IOB2 chunk tags for one sentence of our tokens (texts as produced
 * by `tokenize`: curly quotes, separate possessive ’s, unsplit contractions).
 *
 * @example
 * tagSentence(['The', 'minister', 'said', '.']).pos; // ['DT', 'NN', 'VBD', '.']
 */
export function tagSentence(words: readonly string[]): SyntaxTags {
  return syntaxTagger().tagSentence(words);
}

/**
 * POS and IOB2 chunk tags for every token of a text, aligned with `tokens`.
 * Tokens are tagged sentence by sentence (`sentences` sorted and disjoint);
 * a chunk never crosses a sentence boundary. `text` is the document the
 * offsets point into; the tokens' own `text` is what gets tagged, and
 * whether two tokens touch (no white space between) is read from offsets.
 *
 * @example
 * const tokens = tokenize(text);
 * const sentences = segmentSentences(text, segmentParagraphs(text));
 * const { pos, chunk } = tagTokens(text, tokens, sentences); // pos.length === tokens.length
 */
export function tagTokens(text: string, tokens: readonly Token[], sentences: readonly Span[]): SyntaxTags {
  return syntaxTagger().tagTokens(text, tokens, sentences);
}
