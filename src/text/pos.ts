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
import { ModelError } from '../errors.js';
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
      // Unreadable, not JSON, or not a perceptron model: all one broken install to the user.
      try {
        return PerceptronModel.fromJSON(JSON.parse(readFileSync(full, 'utf8')));
      } catch (e) {
        throw new ModelError(`Cannot read the tagger model ${full} (rebuild it with npm run train:pos): ${(e as Error).message}`, full);
      }
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
    const groups = tokenGroups(tokens, sentences);
    for (let g = 0; g < groups.from.length; g++) this.tagGroup(tokens, groups.from[g]!, groups.to[g]!, pos, chunk);
    return { pos, chunk };
  }

  /** Tag tokens [from, to) as one sentence, writing into `pos` and `chunk` at the same indexes. */
  tagGroup(tokens: readonly Token[], from: number, to: number, pos: string[], chunk: string[]): void {
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
  }
}

/**
 * The groups tokens are tagged in: the tokens of each sentence (`sentences`
 * sorted and disjoint), and the tokens between sentences as groups of their
 * own, so a chunk never crosses a sentence boundary.
 */
export function tokenGroups(tokens: readonly Token[], sentences: readonly Span[]): { from: Int32Array; to: Int32Array; of: Int32Array } {
  const from: number[] = [];
  const to: number[] = [];
  const of = new Int32Array(tokens.length);
  // Key 2s+1: inside sentence s; key 2s: in the gap before sentence s.
  let si = 0;
  let groupKey = -1;
  tokens.forEach((tok, k) => {
    while (si < sentences.length && sentences[si]!.end <= tok.start) si++;
    const sentence = sentences[si];
    const key = sentence !== undefined && sentence.start <= tok.start && tok.end <= sentence.end ? 2 * si + 1 : 2 * si;
    if (key !== groupKey) {
      if (from.length > 0) to.push(k);
      from.push(k);
      groupKey = key;
    }
    of[k] = from.length - 1;
  });
  if (from.length > 0) to.push(tokens.length);
  return { from: Int32Array.from(from), to: Int32Array.from(to), of };
}

/** Tags by token index: what later stages read from the syntax layer. */
export interface SyntaxLayer {
  /** POS tag of token k ('' outside the text). */
  pos(k: number): string;
  /** IOB2 chunk tag of token k ('' outside the text). */
  chunk(k: number): string;
}

/**
 * The syntax layer, tagged on demand: a sentence is tagged the first time
 * one of its tokens is asked for, then kept. Stages ask about the sentences
 * that hold a cue, so the sentences nobody reads are never tagged. The tags
 * are the same as {@link tagTokens} gives for the whole text.
 */
export class LazySyntax implements SyntaxLayer {
  private readonly groups: { from: Int32Array; to: Int32Array; of: Int32Array };
  private readonly tagged: Uint8Array;
  private readonly posTags: string[];
  private readonly chunkTags: string[];

  constructor(private readonly tokens: readonly Token[], sentences: readonly Span[], private readonly tagger: () => SyntaxTagger = syntaxTagger) {
    this.groups = tokenGroups(tokens, sentences);
    this.tagged = new Uint8Array(this.groups.from.length);
    this.posTags = new Array<string>(tokens.length);
    this.chunkTags = new Array<string>(tokens.length);
  }

  private ensure(k: number): boolean {
    if (k < 0 || k >= this.tokens.length) return false;
    const g = this.groups.of[k]!;
    if (!this.tagged[g]) {
      this.tagger().tagGroup(this.tokens, this.groups.from[g]!, this.groups.to[g]!, this.posTags, this.chunkTags);
      this.tagged[g] = 1;
    }
    return true;
  }

  pos(k: number): string {
    return this.ensure(k) ? this.posTags[k]! : '';
  }

  chunk(k: number): string {
    return this.ensure(k) ? this.chunkTags[k]! : '';
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
