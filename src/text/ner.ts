/**
 * The statistical named-entity tagger: an averaged perceptron over the
 * features of ner-features.ts, trained from CoNLL-2003 by `npm run train:ner`
 * (model in data/models/ner.json). It tags a whole document at once, because
 * some features look at how the same word is written elsewhere in it.
 *
 * Tags are IOB2 over PER, ORG, LOC and MISC.
 *
 * @example
 * const tags = nerTagger().tagDocument([['Peter', 'Blackburn', 'said', '.']]);
 * // [['B-PER', 'I-PER', 'O', 'O']]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../data/paths.js';
import { z } from 'zod';
import { PerceptronModel, SequenceTagger } from './perceptron.js';
import { NER_SPEC, NER_SPEC_2, documentFlags, fromBilou, mapPacked, predictionFlags } from './ner-features.js';
import type { NerInput } from './ner-features.js';
import { toTaggerUnits } from './pos-features.js';
import { wordInfo } from './word-info.js';
import { Gazetteer, loadGazetteer } from './gazetteer.js';

/** The model file, relative to the project root. */
export const NER_MODEL_FILE = path.join('data', 'models', 'ner.json');

/**
 * Distinct context keys (flags, and a capitalized word with its flags) each
 * pass caches; a word's own features are kept on its memoized WordInfo
 * (see NER_SPEC's unit parts). eng.testa has 5,000-6,500 context keys per
 * pass; a packed unit takes about 400 bytes on average (eng.testa).
 */
export const MAX_CACHED_NER_UNITS = 60_000;

/** Serialization format of the model file: the two passes' perceptron models. */
export const NER_MODEL_FORMAT = 'briefly-ner';
export const NerModelJsonSchema = z.object({
  format: z.literal(NER_MODEL_FORMAT),
  version: z.literal(1),
  pass1: z.unknown(),
  pass2: z.unknown(),
});

/** A typed entity over word positions [start, end) of one sentence. */
export interface EntitySpan {
  type: string;
  start: number;
  end: number;
}

/**
 * Build the tagger input of every sentence of a document: normalized words
 * and context flags (document evidence, gazetteer matches, position).
 */
export function nerInputs(sentences: readonly (readonly string[])[], gazetteer: Gazetteer | null): NerInput[] {
  // Each normalized word's properties, looked up once and shared by the flag builders and the taggers.
  // Packed arrays always (see mapPacked).
  const infos = sentences.map((s) => mapPacked(s, (w) => wordInfo(w).normInfo));
  const words = infos.map((s) => mapPacked(s, (info) => info.norm));
  const flags = documentFlags(words, infos);
  return words.map((w, k) => {
    const f = flags[k]!;
    if (gazetteer !== null) {
      const g = gazetteer.flags(w, infos[k]);
      for (let i = 0; i < w.length; i++) if (g[i] !== '') f[i] = f[i] === '' ? g[i]! : `${f[i]} ${g[i]}`;
    }
    return { words: w, infos: infos[k]!, flags: f };
  });
}

const GLUE = {
  numeric: /^[\p{N}.,:/-]*\p{N}[\p{N}.,:/-]*$/u,
  apostrophe: /^['’]$/u,
  currencyCode: /^\p{Lu}{1,2}$/u,
  currency: /^[$€£¥]$/u,
} as const;

/** Whether two attached tokens are one word for the tagger (see NerTagger.tagTokens). */
function isOneWord(prev: string, next: string): boolean {
  if (next === 's' && GLUE.apostrophe.test(prev)) return true;
  if (GLUE.currency.test(next) && GLUE.currencyCode.test(prev)) return true;
  return GLUE.numeric.test(prev + next) && (GLUE.numeric.test(prev) || /^[.,:/-]+$/u.test(prev));
}

/** Entity spans of an IOB1 or IOB2 tag sequence. */
export function entitySpans(tags: readonly string[]): EntitySpan[] {
  const out: EntitySpan[] = [];
  let open: EntitySpan | null = null;
  tags.forEach((tag, i) => {
    const type = tag.length > 2 && tag[1] === '-' ? tag.slice(2) : '';
    if (open !== null && tag.startsWith('I-') && type === open.type) {
      open.end = i + 1;
      return;
    }
    if (open !== null) out.push(open);
    open = type === '' ? null : { type, start: i, end: i + 1 };
  });
  if (open !== null) out.push(open);
  return out;
}

/** The second pass's inputs: first-pass inputs with flags from the first pass's tags (BILOU) added. */
export function secondPassInputs(inputs: readonly NerInput[], tags: readonly (readonly string[])[]): NerInput[] {
  const extra = predictionFlags(
    inputs.map((x) => x.words),
    tags.map(fromBilou),
    inputs.map((x) => x.infos),
  );
  return inputs.map((x, k) => ({
    words: x.words,
    infos: x.infos,
    flags: mapPacked(x.flags, (f, i) => {
      const e = extra[k]![i]!;
      return e === '' ? f : f === '' ? e : `${f} ${e}`;
    }),
  }));
}

/**
 * A loaded entity model with its gazetteer: two greedy passes over a
 * document, the second reading the first's predictions elsewhere in the
 * document. Not re-entrant (see SequenceTagger).
 */
export class NerTagger {
  private readonly tagger1: SequenceTagger<NerInput>;
  private readonly tagger2: SequenceTagger<NerInput>;

  constructor(
    readonly pass1: PerceptronModel,
    readonly pass2: PerceptronModel,
    readonly gazetteer: Gazetteer | null,
  ) {
    this.tagger1 = new SequenceTagger(pass1, NER_SPEC, MAX_CACHED_NER_UNITS);
    this.tagger2 = new SequenceTagger(pass2, NER_SPEC_2, MAX_CACHED_NER_UNITS);
  }

  /** The model file's contents. */
  toJSON(): z.infer<typeof NerModelJsonSchema> {
    return { format: NER_MODEL_FORMAT, version: 1, pass1: this.pass1.toJSON(), pass2: this.pass2.toJSON() };
  }

  /** Load data/models/ner.json and the gazetteer; throws with a rebuild hint when the model is missing or malformed. */
  static load(): NerTagger {
    const full = path.join(projectRoot(), NER_MODEL_FILE);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(full, 'utf8'));
    } catch (e) {
      throw new Error(`Cannot read the entity model ${full} (rebuild it with npm run train:ner): ${(e as Error).message}`);
    }
    const parsed = NerModelJsonSchema.safeParse(json);
    if (!parsed.success) throw new Error(`The entity model ${full} is not a ${NER_MODEL_FORMAT} v1 file (rebuild it with npm run train:ner)`);
    return new NerTagger(PerceptronModel.fromJSON(parsed.data.pass1), PerceptronModel.fromJSON(parsed.data.pass2), loadGazetteer());
  }

  /** IOB2 tags of every word of every sentence of one document (raw words, as tokenized). */
  tagDocument(sentences: readonly (readonly string[])[]): string[][] {
    return this.tagInputs(nerInputs(sentences, this.gazetteer));
  }

  /**
   * IOB2 tags of our tokens (as `tokenize` makes them), sentence by sentence.
   * Tokens are mapped to the tagger's units first, as for the POS tagger: an
   * abbreviation split from its period (`P` `.`) is one word, contractions are
   * split the Treebank way; `attached[k][i]`: token i follows token i-1 with no space.
   */
  tagTokens(sentences: readonly (readonly string[])[], attached?: readonly (readonly boolean[])[]): string[][] {
    // Pieces the tokenizer split that the tagger (trained on CoNLL tokens) reads as one word:
    // a possessive apostrophe and "s", numbers with their separators ("1996-08-30", "11 1/2", ".556"), "C$".
    const merged = sentences.map((words, k) => {
      const out: string[] = [];
      const glued: boolean[] = [];
      const into: number[] = [];
      words.forEach((w, i) => {
        const prev = out[out.length - 1];
        const isGlued = i > 0 && prev !== undefined && (attached?.[k]?.[i] ?? false) && isOneWord(prev, w);
        if (isGlued) out[out.length - 1] += w;
        else {
          out.push(w);
          glued.push(attached?.[k]?.[i] ?? true);
        }
        into.push(out.length - 1);
      });
      return { words: out, glued, into };
    });
    const units = merged.map((m) => toTaggerUnits(m.words, m.glued));
    const tags = this.tagDocument(units.map((u) => u.words));
    return merged.map((m, k) => {
      const u = units[k]!;
      return m.into.map((j, i) => {
        const tag = tags[k]![u.head[j]!]!;
        const continues = u.continues[j]! || (i > 0 && m.into[i - 1] === j);
        return continues && tag !== 'O' ? `I-${tag.slice(2)}` : tag;
      });
    });
  }

  /** Tags of prepared inputs (see {@link nerInputs}). */
  tagInputs(inputs: readonly NerInput[]): string[][] {
    const first = inputs.map((input) => this.tagger1.tag(input, []));
    return secondPassInputs(inputs, first).map((input) => fromBilou(this.tagger2.tag(input, [])));
  }
}

let defaultTagger: NerTagger | null = null;

/** The tagger over the project's model, loaded on first call. */
export function nerTagger(): NerTagger {
  defaultTagger ??= NerTagger.load();
  return defaultTagger;
}
