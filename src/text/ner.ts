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
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../data/paths.js';
import { ModelError } from '../errors.js';
import { z } from 'zod';
import { PerceptronModel, SequenceTagger, UnitRecordsError, unitRecords } from './perceptron.js';
import { DocumentPredictions, NER_SPEC, NER_SPEC_2, documentFlags, fromBilou, joinFlags, mapPacked, predictionFlags } from './ner-features.js';
import type { NerInput } from './ner-features.js';
import { toTaggerUnits } from './pos-features.js';
import { wordInfo } from './word-info.js';
import { Gazetteer, loadGazetteer } from './gazetteer.js';

/** The model file, relative to the project root. */
export const NER_MODEL_FILE = path.join('data', 'models', 'ner.json');

/**
 * Distinct context keys (flag strings) each pass caches; a word's own features
 * are kept on its memoized WordInfo, and the caseless feature is not cached
 * (see NER_SPEC's unit parts). eng.testa has about 1,500 distinct flag strings
 * per pass, 840 + 84 PolNeAR articles about 4,600.
 */
export const MAX_CACHED_NER_UNITS = 60_000;

/** The records file (see {@link NerModelJsonSchema}), beside the model file. */
export const NER_RECORDS_FILE = 'ner-records.bin';

/** Serialization format of the model file: the two passes' perceptron models. */
export const NER_MODEL_FORMAT = 'briefly-ner';
/** Format version: 2 since the unit records moved to their own binary file. */
export const NER_MODEL_VERSION = 2;

/** Where one pass's records are in the records file: Int32 entries [offset, offset + length). */
const RecordsSliceSchema = z.object({ offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() });

/**
 * The model file: the two passes' perceptron models, and a description of the records file
 * written beside it. The records file holds each pass's unit records (every unit value's
 * weights laid out for tagging, see unitRecords in perceptron.ts) as little-endian Int32,
 * pass 1's then pass 2's; its byte length and SHA-1 are checked at load.
 */
export const NerModelJsonSchema = z.object({
  format: z.literal(NER_MODEL_FORMAT),
  version: z.literal(NER_MODEL_VERSION),
  pass1: z.unknown(),
  pass2: z.unknown(),
  records: z.object({
    file: z.string().regex(/^[\w.-]+$/u),
    bytes: z.number().int().nonnegative(),
    sha1: z.string().regex(/^[0-9a-f]{40}$/u),
    pass1: RecordsSliceSchema,
    pass2: RecordsSliceSchema,
  }),
});
export type NerModelJson = z.infer<typeof NerModelJsonSchema>;

/** Thrown when the entity model files cannot be read, are malformed, or do not match each other. */
export class NerModelError extends ModelError {
  constructor(message: string, file: string) {
    super(`${message} (rebuild the model with npm run train:ner)`, file);
    this.name = 'NerModelError';
  }
}

/** Int32 entries as little-endian bytes. */
function int32Bytes(xs: readonly Int32Array[]): Buffer {
  const total = xs.reduce((n, x) => n + x.length, 0);
  const out = Buffer.alloc(total * 4);
  let at = 0;
  for (const x of xs) {
    if (endianness() === 'LE') Buffer.from(x.buffer, x.byteOffset, x.byteLength).copy(out, at);
    else for (let i = 0; i < x.length; i++) out.writeInt32LE(x[i]!, at + i * 4);
    at += x.byteLength;
  }
  return out;
}

/** A view of little-endian Int32 entries [offset, offset + length) of `bytes`: in place when aligned on a little-endian machine, else a copy. */
function int32View(bytes: Buffer, offset: number, length: number): Int32Array {
  const byteOffset = bytes.byteOffset + offset * 4;
  if (endianness() === 'LE' && byteOffset % 4 === 0) return new Int32Array(bytes.buffer, byteOffset, length);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = bytes.readInt32LE((offset + i) * 4);
  return out;
}

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
    if (gazetteer !== null) gazetteer.addFlags(infos[k]!, f, joinFlags);
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
  return withFlags(inputs, extra);
}

/** Inputs with extra flags joined to their own. */
function withFlags(inputs: readonly NerInput[], extra: readonly (readonly string[])[]): NerInput[] {
  return inputs.map((x, k) => withSentenceFlags(x, extra[k]!));
}

/** One sentence's input with extra flags joined to its own. */
function withSentenceFlags(x: NerInput, extra: readonly string[]): NerInput {
  return { words: x.words, infos: x.infos, flags: mapPacked(x.flags, (f, i) => joinFlags(f, extra[i]!)) };
}

/**
 * When the second pass keeps the first pass's tag of a position unscored (see {@link NerTagger.tagInputs}).
 * `margin`: the first pass chose the tag by at least this much (model units: score of the tag minus
 * the best other allowed tag's); `window`: nor did it give another entity type, elsewhere in the
 * document, to the word of the position or of one of its `window` neighbours on each side.
 */
export interface SettleRule {
  margin: number;
  window: number;
}

/**
 * The second pass scores again only the positions the document may change: where the first pass was
 * unsure, or where the first pass's tags elsewhere (read by the second pass as features) disagree
 * about the word, a neighbour, or a word of the same entity. Elsewhere it keeps the first pass's tag,
 * which it would nearly always choose again.
 *
 * The margin was chosen without looking at the CoNLL dev labels (eng.testa): it is the smallest
 * multiple of 25 at which fewer than 0.2% of the tags of an unlabelled news stream (PolNeAR's 840
 * train then 84 dev articles, 813k tokens, tagged in that order by one tagger) differ from the full
 * second pass's: 0.192% at 100 (75: 0.225%, 125 not needed) with the model trained also on single
 * sentences (with the model before it, the same rule gave 75: 0.185%). The window is the one found before.
 */
export const SETTLED: Readonly<SettleRule> = { margin: 100, window: 1 };

/**
 * The first-pass tags the second pass keeps (null: score the position), for one sentence; `contested`:
 * its positions whose word the first pass typed otherwise elsewhere (see DocumentPredictions.contested).
 */
export function settledTags(first: readonly string[], margins: readonly number[], contested: Uint8Array, rule: SettleRule): (string | null)[] {
  const n = first.length;
  // near[i]: the word at i or one of its `window` neighbours on each side is contested.
  const near = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - rule.window), end = Math.min(n - 1, i + rule.window); j <= end; j++) {
      if (contested[j] === 1) {
        near[i] = 1;
        break;
      }
    }
  }
  const keep = new Array<string | null>(n);
  for (let i = 0; i < n; i++) keep[i] = margins[i]! >= rule.margin && !near[i] ? first[i]! : null;
  // An entity is settled whole or not at all: a kept B- or I- tag forces the tags after it ('Coach
  // Ivo Halden' kept as an ORG when 'Halden' is a person elsewhere and only its tag is scored).
  for (let i = 0; i < n; ) {
    const c = first[i]!.charCodeAt(0);
    if (c !== 66 /* B */) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && first[end]!.charCodeAt(0) === 73 /* I */) end++;
    if (end < n) end++; // the L- tag
    // Unsettled by its margin alone, a position leaves the others kept.
    let whole = true;
    for (let j = i; j < end && whole; j++) if (keep[j] === null && near[j]) whole = false;
    if (!whole) for (let j = i; j < end; j++) keep[j] = null;
    i = end;
  }
  return keep;
}

/**
 * Whether settledTags would keep every first-pass tag of sentence `k` (`margins`: its first-pass margins),
 * found without building its arrays: every margin is won, and no position is contested (a contested
 * position is near itself, so it is scored). About half a news stream's sentences.
 */
export function allSettled(margins: readonly number[], predictions: DocumentPredictions, k: number, rule: SettleRule): boolean {
  for (const m of margins) if (!(m >= rule.margin)) return false;
  return rule.window < 0 || !predictions.anyContested(k);
}

/**
 * A loaded entity model with its gazetteer: two greedy passes over a
 * document, the second reading the first's predictions elsewhere in the
 * document. Not re-entrant (see SequenceTagger).
 */
export class NerTagger {
  private readonly tagger1: SequenceTagger<NerInput>;
  private readonly tagger2: SequenceTagger<NerInput>;

  /**
   * @param settle when the second pass keeps a first-pass tag unscored (see {@link SETTLED}; a margin
   *   of Infinity scores every position again).
   */
  constructor(
    readonly pass1: PerceptronModel,
    readonly pass2: PerceptronModel,
    readonly gazetteer: Gazetteer | null,
    readonly settle: Readonly<SettleRule> = SETTLED,
  ) {
    this.tagger1 = new SequenceTagger(pass1, NER_SPEC, MAX_CACHED_NER_UNITS);
    this.tagger2 = new SequenceTagger(pass2, NER_SPEC_2, MAX_CACHED_NER_UNITS);
  }

  /**
   * The model file's contents and the records file's bytes (see {@link NerModelJsonSchema}):
   * the records are built here, at save time, from the models and their specs. Deterministic.
   */
  toFiles(): { json: NerModelJson; records: Buffer } {
    const r1 = unitRecords(this.pass1, NER_SPEC);
    const r2 = unitRecords(this.pass2, NER_SPEC_2);
    const records = int32Bytes([r1, r2]);
    return {
      json: {
        format: NER_MODEL_FORMAT,
        version: NER_MODEL_VERSION,
        pass1: this.pass1.toJSON(),
        pass2: this.pass2.toJSON(),
        records: {
          file: NER_RECORDS_FILE,
          bytes: records.length,
          sha1: createHash('sha1').update(records).digest('hex'),
          pass1: { offset: 0, length: r1.length },
          pass2: { offset: r1.length, length: r2.length },
        },
      },
      records,
    };
  }

  /**
   * Load data/models/ner.json, its records file and the gazetteer (paths from this module's
   * package root, so an installed package finds its own data); throws a {@link NerModelError}
   * with a rebuild hint when a file is missing, malformed, or the records do not match.
   */
  static load(file: string = path.join(projectRoot(), NER_MODEL_FILE)): NerTagger {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new NerModelError(`Cannot read the entity model ${file}: ${(e as Error).message}`, file);
    }
    const parsed = NerModelJsonSchema.safeParse(json);
    if (!parsed.success) throw new NerModelError(`The entity model ${file} is not a ${NER_MODEL_FORMAT} v${NER_MODEL_VERSION} file`, file);
    const { records } = parsed.data;
    const recordsFile = path.join(path.dirname(file), records.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(recordsFile);
    } catch (e) {
      throw new NerModelError(`Cannot read the entity model's records ${recordsFile}: ${(e as Error).message}`, recordsFile);
    }
    if (bytes.length !== records.bytes) throw new NerModelError(`The entity model's records ${recordsFile} have ${bytes.length} bytes, ${path.basename(file)} expects ${records.bytes}`, recordsFile);
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    if (sha1 !== records.sha1) throw new NerModelError(`The entity model's records ${recordsFile} have SHA-1 ${sha1}, ${path.basename(file)} expects ${records.sha1}`, recordsFile);
    for (const slice of [records.pass1, records.pass2]) {
      if ((slice.offset + slice.length) * 4 > bytes.length) throw new NerModelError(`The entity model ${file} places records beyond the end of ${recordsFile}`, file);
    }
    const pass1 = PerceptronModel.fromJSON(parsed.data.pass1);
    const pass2 = PerceptronModel.fromJSON(parsed.data.pass2);
    pass1.unitRecords = int32View(bytes, records.pass1.offset, records.pass1.length);
    pass2.unitRecords = int32View(bytes, records.pass2.offset, records.pass2.length);
    try {
      return new NerTagger(pass1, pass2, loadGazetteer());
    } catch (e) {
      if (e instanceof UnitRecordsError) throw new NerModelError(`The entity model's records ${recordsFile} do not fit ${path.basename(file)}: ${e.message}`, recordsFile);
      throw e;
    }
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

  /** The first pass's BILOU tags of prepared inputs, sentence by sentence; `margins`, if given, gets each position's winning margin. */
  firstPass(inputs: readonly NerInput[], margins?: number[][]): string[][] {
    return inputs.map((input) => {
      if (!margins) return this.tagger1.tag(input, []);
      const m: number[] = [];
      margins.push(m);
      return this.tagger1.tag(input, [], m);
    });
  }

  /**
   * Tags of prepared inputs (see {@link nerInputs}).
   *
   * A document of one sentence keeps the first pass's tags: the second pass reads what the rest of the
   * document says about each word, and was trained on whole documents, where a word's other mentions are
   * evidence; alone, a sentence gives it no such evidence, and its absence misleads it (on CoNLL sentences
   * tagged one by one, the second pass lost recall on people the first pass found).
   *
   * Otherwise the second pass re-tags a position only where the first pass's tag is not settled (see
   * {@link SETTLED}); a settled tag is kept, and it is the previous tag the next position reads. A
   * sentence whose every tag is settled keeps the first pass's tags without being read again (all kept,
   * the second pass would return them): neither its prediction flags nor its context keys are built.
   */
  tagInputs(inputs: readonly NerInput[]): string[][] {
    if (inputs.length === 1) return this.firstPass(inputs).map(fromBilou);
    const margins: number[][] = [];
    const first = this.firstPass(inputs, margins);
    const iob = first.map(fromBilou);
    const predictions = new DocumentPredictions(
      iob,
      inputs.map((x) => x.infos),
    );
    return inputs.map((x, k) => {
      const before = first[k]!;
      if (allSettled(margins[k]!, predictions, k, this.settle)) return iob[k]!;
      const keep = settledTags(before, margins[k]!, predictions.contested(k), this.settle);
      const after = this.tagger2.tag(withSentenceFlags(x, predictions.flags(k)), [], null, keep);
      // The first pass's IOB2 tags, changed where the second pass changed the tag.
      const out = iob[k]!;
      for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) out[i] = fromBilou([after[i]!])[0]!;
      return out;
    });
  }
}

let defaultTagger: NerTagger | null = null;

/** The tagger over the project's model, loaded on first call. */
export function nerTagger(): NerTagger {
  defaultTagger ??= NerTagger.load();
  return defaultTagger;
}
