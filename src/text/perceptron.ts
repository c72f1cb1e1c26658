/**
 * A greedy averaged-perceptron sequence tagger, generic over what a "sentence"
 * is and which features describe a position. The part-of-speech tagger and the
 * chunker (src/text/pos.ts) are two feature specs over it; a named-entity
 * tagger can be a third.
 *
 * A feature is a (template, string value) pair with one weight per class.
 * A {@link TaggerSpec} declares four kinds of templates, chosen so that
 * tagging needs almost no string work per token:
 *
 * - **unit templates**: properties of one position alone (its word, suffixes,
 *   shape…), used at several offsets (`lower` at -2…+2). They depend only on
 *   the position's `unitKey`, so a tagger resolves them once per distinct key
 *   into summed weight vectors and caches them: a known word costs one Map
 *   lookup and one vector add per offset. A new key's values are resolved
 *   through one hash table per model, once per family of templates with the
 *   same name (see {@link UnitValueTable}). A unit template may be conjoined
 *   with a previously predicted tag (`tag: -1`: value "NN the") or with the
 *   attribute at some offset (`attr: 0`: value "DT the");
 * - **combination templates**: the predicted tags at negative offsets and a
 *   per-position categorical attribute (e.g. the chunker's POS tags) at any
 *   offsets, e.g. `{ tags: [-2, -1] }` or `{ tags: [-1], attrs: [0, 1] }`;
 *   resolved through integer tables, no strings;
 * - **extra templates**: anything else, emitted per position by a callback and
 *   looked up by string. The slow path: keep it for rare cases.
 *
 * Training (`trainTagger` in perceptron-train.ts) is deterministic: a
 * fixed-seed shuffle, a fixed number of epochs, averaged weights, rare
 * features dropped before training and small weights dropped after. Weights
 * are quantized to 16-bit integers, so tagging is integer arithmetic (exact,
 * platform-independent) and the model serializes compactly
 * ({@link PerceptronModel.toJSON}).
 *
 * @example
 * const model = trainTagger(spec, examples, { epochs: 8, seed: 1 }); // perceptron-train.ts
 * const tagger = new SequenceTagger(model, spec);
 * tagger.tag(sentence); // ['DT', 'NN', ...]
 */
import { endianness } from 'node:os';
import { z } from 'zod';
import { TwoGenerationCache } from './two-generation-cache.js';

/** Value of every unit feature (and attribute) at positions before the sentence; also the tag there. */
export const START = '-START-';
/** Value of every unit feature (and attribute) at positions after the sentence. */
export const END = '-END-';
/** Serialization format name, checked on load. */
export const MODEL_FORMAT = 'briefly-perceptron';
/** Serialization format version, checked on load. */
export const MODEL_VERSION = 1;

/** Largest number of classes a model can have (class ids and row sizes are stored as bytes). */
export const MAX_CLASSES = 255;
/** Largest integer table of a combination template (entries); keeps tables in the low megabytes. */
export const MAX_COMBO_TABLE = 1 << 21;
/** Quantized weights are clamped to the Int16 range. */
export const MAX_QUANTIZED = 32767;
/**
 * Distinct unit keys a tagger caches (per unit part). A packed unit takes up
 * to about 1 KB (the POS model's dense slots), so this bounds the cache near
 * 40 MB. The cache keeps two generations of half this size (see
 * {@link TwoGenerationCache}): in a long stream of news, the words in use stay cached
 * and the rest age out. A generation should hold an article collection's
 * working vocabulary (PolNeAR's 84 dev articles: about 15,000 words), or
 * words keep being dropped and packed again.
 */
export const MAX_CACHED_UNITS = 40_000;
/**
 * Distinct attribute windows a tagger caches per group of attribute-only
 * combinations (see {@link groupAttrCombos}); windows past the cap are summed
 * anew at each position. Entries are small (the nonzero sums, ~20 pairs). The
 * chunker's widest group reads POS 3-grams, of which PolNeAR's 924 articles
 * hold 17,400; one cache over its whole 5-tag window overflowed there
 * (233,000 distinct 5-grams), and 42% of lookups missed.
 */
export const MAX_CACHED_WINDOWS = 60_000;
/**
 * Largest table of attribute windows (entries) a group of attribute-only combinations is folded
 * into: a window's cached sums are found by its mixed-radix key as an index, no hashing. The
 * chunker's widest group (3 POS tags, 47 ids each) takes 103,823 entries.
 */
export const MAX_WINDOW_TABLE = 1 << 17;

/**
 * The margin {@link SequenceTagger.tag} reports for a position it did not choose among rivals: a
 * fixed class, a kept class, or the only class allowed after the previous tag. The largest small
 * integer, so that margin arrays keep one element kind.
 */
export const UNCONTESTED_MARGIN = 0x3fffffff;

/**
 * Entries (Int32) of each slab packed units are carved from: 256 KB, a few
 * hundred units. A unit that is not cached (cache full) keeps its slab
 * alive only as long as it is in use.
 */
const SLAB_SIZE = 1 << 16;

/**
 * Entries of a tagger's first slab; each next one is twice as large, up to SLAB_SIZE. Starting
 * small makes the code that takes a new slab run a few times within a fresh tagger's first
 * sentences, so it has type feedback when finishPacking (which inlines it) is first optimized: with
 * the first slab at full size, the first new slab came after that, and the optimized finishPacking
 * was discarded and compiled again (about 50 ms of compiling, a large function).
 */
const FIRST_SLAB_SIZE = 1 << 9;

/** Positions a tagger's per-sentence buffers hold before they are grown (see SequenceTagger.tagIds). */
const INITIAL_SENTENCE_CAPACITY = 1024;

/** Integers per conjoined entry in the packing scratch (see SequenceTagger.conjScratch). */
const CONJ_ENTRY = 5;

/** Integers per resolved feature of a direct part (see SequenceTagger.directBuf). */
const DIRECT_ENTRY = 5;

/** Emit one feature: the template's index in its list and a value. */
export type EmitFeature = (template: number, value: string) => void;

/** Emit one feature whose value is `${head} ${tail}`, without building that string (see UnitPart.joinedFeatures). */
export type EmitJoined = (template: number, head: string, tail: string) => void;

/** A property of one position, used as a feature at each of `offsets`. */
export interface UnitTemplate {
  readonly name: string;
  /** Offsets, relative to the position being tagged, at which this property is a feature (e.g. [-1, 0, 1]). */
  readonly offsets: readonly number[];
  /** Conjoin with the tag predicted at this negative offset (relative to the position being tagged). */
  readonly tag?: number;
  /** Or conjoin with the attribute at this offset (relative to the position being tagged). */
  readonly attr?: number;
}

/** Predicted tags (negative offsets) and attributes (any offsets) whose values together form one feature. */
export interface ComboTemplate {
  readonly tags?: readonly number[];
  readonly attrs?: readonly number[];
}

/**
 * An object that stands for one key of a unit part (e.g. a memoized word), on which taggers keep
 * their packed unit of it, each in its slot (see {@link holderSlotOf}): reading it there costs no
 * cache lookup. A slot is a pair of fields, the unit and the tagger that packed it, rather than an
 * array indexed by tagger: a tagger reads its unit one step from the holder, where an array made
 * two more dependent reads (the array, then its elements), each a cache miss on a long stream of
 * news, where the words of a sentence were last read many sentences ago. Implementations declare
 * all four fields (one object shape).
 */
export interface UnitHolder {
  unit0?: Int32Array | undefined;
  owner0?: object | undefined;
  unit1?: Int32Array | undefined;
  owner1?: object | undefined;
}

/** Specs whose taggers keep units on holders, by name: each has a slot of UnitHolder (at most two). */
const holderSlots = new Map<string, number>();

/**
 * The UnitHolder slot of a spec's taggers, given to the first two specs that ask; -1 for later
 * ones (their taggers keep units in a cache instead). Taggers of one spec share its slot: the
 * owner field tells whose unit it holds, and another tagger packs its own in its place.
 */
function holderSlotOf(spec: string): number {
  let slot = holderSlots.get(spec);
  if (slot === undefined) {
    slot = holderSlots.size < 2 ? holderSlots.size : -1;
    holderSlots.set(spec, slot);
  }
  return slot;
}

/**
 * Part of the unit features of a position, cached under a key of its own.
 * See {@link TaggerSpec.unitParts}.
 */
export interface UnitPart<S> {
  /** Cache key: two positions with the same key must emit the same features of this part. */
  key(sentence: S, i: number): string;
  /** Emit this part's unit features of position i. */
  features(sentence: S, i: number, emit: EmitFeature): void;
  /**
   * The holder of position i's key, when the caller has one object per key:
   * the tagger then keeps the packed unit on it instead of in its cache.
   */
  holder?(sentence: S, i: number): UnitHolder;
  /**
   * Not packed nor cached: each position's features of this part are looked up anew in every
   * sentence and their weights read in place from the model's records (`key` is then not
   * read). For parts whose keys seldom repeat and whose features are mostly unknown to
   * the model (a word joined with its context flags): packing one costs more than reading it.
   */
  direct?: boolean;
  /**
   * For a direct part: emit the same features as `features`, each value given as the two strings
   * it joins with a space. The tagger hashes the two in turn, so a position's value (a word
   * joined with its flags, new in most sentences) is never built as a string.
   */
  joinedFeatures?(sentence: S, i: number, emit: EmitJoined): void;
}

/** What a tagger looks at. `S` is the caller's sentence type (arrays precomputed once per sentence). */
export interface TaggerSpec<S> {
  /** Names the feature set; stored in the model and checked when a model is bound to a spec. */
  readonly name: string;
  readonly unitTemplates: readonly UnitTemplate[];
  readonly comboTemplates: readonly ComboTemplate[];
  /** Names of the templates emitted by `extraFeatures`. */
  readonly extraTemplates?: readonly string[];
  /** Number of positions. */
  length(sentence: S): number;
  /** Cache key of position i: two positions with the same key must emit the same unit features. */
  unitKey(sentence: S, i: number): string;
  /** Emit the unit features of position i (template = index into `unitTemplates`). */
  unitFeatures(sentence: S, i: number, emit: EmitFeature): void;
  /**
   * The same unit features split into parts the tagger caches separately,
   * when the full unit key is a product of independent things: the entity
   * tagger's key is a word and its context flags, so one cache over both
   * would pack every word again for each new context, while a word part
   * (keyed by the word) and a context part (keyed by the flags) are each
   * packed once. Together the parts must emit exactly `unitFeatures`
   * (tested per spec). Training reads `unitKey`/`unitFeatures` only.
   */
  unitParts?: readonly UnitPart<S>[];
  /** The categorical attribute of position i read by combination templates (small vocabulary). */
  attribute?(sentence: S, i: number): string;
  /**
   * Emit the extra features of position i (template = index into `extraTemplates`).
   * `tags[0..i-1]` are the tags predicted so far; later entries are meaningless.
   */
  extraFeatures?(sentence: S, i: number, tags: readonly string[], emit: EmitFeature): void;
  /** Whether tag `next` may follow `prev` (null at the sentence start). Used in training and tagging. */
  isAllowed?(prev: string | null, next: string): boolean;
  /**
   * A class position i takes without being scored, or null to score it. The
   * tagger applies it only where `isAllowed` lets that class follow the
   * previous tag. A tagging-time shortcut for positions the model all but
   * never tags otherwise (a lower-case word outside an entity); training
   * scores every position.
   */
  fixedClass?(sentence: S, i: number): string | null;
}

function isStringLists(data: unknown): boolean {
  if (!Array.isArray(data)) return false;
  for (const list of data) {
    if (!Array.isArray(list)) return false;
    for (const v of list) if (typeof v !== 'string') return false;
  }
  return true;
}

/** Serialized model (JSON). Numeric arrays are base64 of little-endian typed arrays. */
export const PerceptronModelJsonSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  spec: z.string(),
  classes: z.array(z.string()).min(1).max(MAX_CLASSES),
  /** Attribute vocabulary seen in training (combination templates). */
  attributes: z.array(z.string()),
  templates: z.array(z.string()),
  /** Per template: the feature values that have weights, in row order (checked by a plain loop: zod is slow on 10^5 items). */
  values: z.custom<string[][]>(isStringLists, 'values must be an array of arrays of strings'),
  /** Uint8 per row: number of (class, weight) entries. */
  rowSizes: z.string(),
  /** Uint8 per entry: class index. */
  entryClasses: z.string(),
  /** Int16 (LE) per entry: quantized weight. */
  entryWeights: z.string(),
  meta: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type PerceptronModelJson = z.infer<typeof PerceptronModelJsonSchema>;

/**
 * Trained weights: for each (template, value) feature a sparse row of
 * (class, integer weight) entries. Immutable once built.
 */
export class PerceptronModel {
  readonly spec: string;
  readonly classes: readonly string[];
  readonly attributes: readonly string[];
  readonly templates: readonly string[];
  /** Per template: value → row. */
  readonly tables: readonly Map<string, number>[];
  /** Row r's entries are [rowStart[r], rowStart[r+1]). */
  readonly rowStart: Int32Array;
  readonly entryClass: Uint8Array;
  readonly entryWeight: Int16Array;
  readonly meta: Readonly<Record<string, string | number>>;
  /**
   * Every unit value's weight record for the spec the model was trained for, precomputed at
   * save time ({@link unitRecords}) and attached by the loader (a view of the records file);
   * undefined: a tagger writes records on first lookup instead. Not part of toJSON().
   */
  unitRecords: Int32Array | undefined = undefined;

  constructor(parts: {
    spec: string;
    classes: readonly string[];
    attributes: readonly string[];
    templates: readonly string[];
    values: readonly (readonly string[])[];
    rowSizes: Uint8Array;
    entryClass: Uint8Array;
    entryWeight: Int16Array;
    meta?: Record<string, string | number>;
  }) {
    const { classes, templates, values, rowSizes, entryClass, entryWeight } = parts;
    if (classes.length === 0 || classes.length > MAX_CLASSES) throw new Error(`perceptron: expected 1-${MAX_CLASSES} classes, found ${classes.length}`);
    if (values.length !== templates.length) throw new Error(`perceptron: ${templates.length} templates but ${values.length} value lists`);
    if (entryClass.length !== entryWeight.length) throw new Error('perceptron: entry class and weight arrays differ in length');
    this.spec = parts.spec;
    this.classes = [...classes];
    this.attributes = [...parts.attributes];
    this.templates = [...templates];
    this.meta = { ...(parts.meta ?? {}) };
    // The loops over the model's values and entries are functions of their own (see conjWeightsOf).
    const tables = valueTables(values);
    const row = tables.reduce((n, t) => n + t.size, 0);
    if (row !== rowSizes.length) throw new Error(`perceptron: ${row} feature values but ${rowSizes.length} rows`);
    const rowStart = rowStarts(rowSizes);
    if (rowStart[row] !== entryClass.length) throw new Error(`perceptron: rows hold ${rowStart[row]} entries but ${entryClass.length} are stored`);
    const bad = firstAtLeast(entryClass, classes.length);
    if (bad >= 0) throw new Error(`perceptron: class index ${bad} out of range`);
    this.tables = tables;
    this.rowStart = rowStart;
    this.entryClass = entryClass;
    this.entryWeight = entryWeight;
  }

  /** Number of (feature, class) weights. */
  get size(): number {
    return this.entryClass.length;
  }

  /** Serialize; `PerceptronModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())))` gives an equal model. */
  toJSON(): PerceptronModelJson {
    const nRows = this.rowStart.length - 1;
    const rowSizes = new Uint8Array(nRows);
    for (let r = 0; r < nRows; r++) rowSizes[r] = this.rowStart[r + 1]! - this.rowStart[r]!;
    const weights = Buffer.alloc(this.entryWeight.length * 2);
    this.entryWeight.forEach((w, i) => weights.writeInt16LE(w, i * 2));
    const json: PerceptronModelJson = {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      spec: this.spec,
      classes: [...this.classes],
      attributes: [...this.attributes],
      templates: [...this.templates],
      values: this.tables.map((t) => [...t.keys()]),
      rowSizes: Buffer.from(rowSizes).toString('base64'),
      entryClasses: Buffer.from(this.entryClass).toString('base64'),
      entryWeights: weights.toString('base64'),
    };
    if (Object.keys(this.meta).length > 0) json.meta = { ...this.meta };
    return json;
  }

  /** Parse and validate a serialized model; throws with the reason when it is malformed. */
  static fromJSON(data: unknown): PerceptronModel {
    const parsed = PerceptronModelJsonSchema.safeParse(data);
    if (!parsed.success) throw new Error(`perceptron: not a ${MODEL_FORMAT} v${MODEL_VERSION} model: ${parsed.error.message}`);
    const json = parsed.data;
    const weightBytes = Buffer.from(json.entryWeights, 'base64');
    const entryWeight = new Int16Array(weightBytes.length >> 1);
    if (endianness() === 'LE' && weightBytes.byteOffset % 2 === 0) entryWeight.set(new Int16Array(weightBytes.buffer, weightBytes.byteOffset, entryWeight.length));
    else for (let i = 0; i < entryWeight.length; i++) entryWeight[i] = weightBytes.readInt16LE(i * 2);
    return new PerceptronModel({
      spec: json.spec,
      classes: json.classes,
      attributes: json.attributes,
      templates: json.templates,
      values: json.values,
      rowSizes: new Uint8Array(Buffer.from(json.rowSizes, 'base64')),
      entryClass: new Uint8Array(Buffer.from(json.entryClasses, 'base64')),
      entryWeight,
      meta: json.meta,
    });
  }
}

/** Per template: value → row, rows numbered in order over all templates. */
function valueTables(values: readonly (readonly string[])[]): Map<string, number>[] {
  const tables: Map<string, number>[] = [];
  let row = 0;
  for (const list of values) {
    const table = new Map<string, number>();
    for (const v of list) table.set(v, row++);
    tables.push(table);
  }
  return tables;
}

/** Where each row's entries start, and (last) where they end. */
function rowStarts(rowSizes: Uint8Array): Int32Array {
  const rowStart = new Int32Array(rowSizes.length + 1);
  for (let r = 0; r < rowSizes.length; r++) rowStart[r + 1] = rowStart[r]! + rowSizes[r]!;
  return rowStart;
}

/** The first entry of `xs` that is at least `limit`, or -1. */
function firstAtLeast(xs: Uint8Array, limit: number): number {
  for (const x of xs) if (x >= limit) return x;
  return -1;
}

/** A combination template with its parts in table order (tags first, then attributes). */
export interface Combo {
  tags: readonly number[];
  attrs: readonly number[];
}

/** The full template list a spec produces, and where each kind starts in it. */
export interface Layout {
  names: string[];
  /** Sorted distinct offsets used by unit templates (the "window slots"). */
  windowOffsets: number[];
  /** unitSlot[u][s]: full template of unit template u at windowOffsets[s], or -1. */
  unitSlot: number[][];
  comboBase: number;
  combos: Combo[];
  extraBase: number;
}

/** Full template names: `bias`, `<unit>@<offset>` (`+tag@<t>` / `+attr@<a>` when conjoined), `tag@…+attr@…`, `x:<extra>`. */
/** @internal Shared with perceptron-train.ts. */
export function layoutOf<S>(spec: TaggerSpec<S>): Layout {
  const names = ['bias'];
  const windowOffsets = [...new Set(spec.unitTemplates.flatMap((u) => u.offsets))].sort((a, b) => a - b);
  const unitSlot = spec.unitTemplates.map((u) => {
    if (u.tag !== undefined && !(Number.isInteger(u.tag) && u.tag < 0)) throw new Error(`perceptron: unit template ${u.name}: tag offset must be negative`);
    if (u.attr !== undefined && (u.tag !== undefined || !Number.isInteger(u.attr) || spec.attribute === undefined)) {
      throw new Error(`perceptron: unit template ${u.name}: attr needs an integer offset, no tag, and a spec attribute()`);
    }
    const conj = u.tag !== undefined ? `+tag@${u.tag}` : u.attr !== undefined ? `+attr@${u.attr}` : '';
    const slots = windowOffsets.map(() => -1);
    for (const off of u.offsets) {
      slots[windowOffsets.indexOf(off)] = names.length;
      names.push(`${u.name}@${off}${conj}`);
    }
    return slots;
  });
  const comboBase = names.length;
  const combos = spec.comboTemplates.map((c): Combo => {
    const tags = c.tags ?? [];
    const attrs = c.attrs ?? [];
    if (tags.length + attrs.length === 0) throw new Error('perceptron: a combination template needs tags or attrs');
    if (tags.some((o) => !Number.isInteger(o) || o >= 0)) throw new Error(`perceptron: combination tag offsets must be negative: [${tags.join(', ')}]`);
    if (attrs.length > 0 && spec.attribute === undefined) throw new Error(`perceptron: spec ${spec.name} uses attrs but has no attribute()`);
    const parts = [tags.length > 0 ? `tag@${tags.join(',')}` : '', attrs.length > 0 ? `attr@${attrs.join(',')}` : ''];
    names.push(parts.filter((p) => p !== '').join('+'));
    return { tags, attrs };
  });
  const extraBase = names.length;
  for (const x of spec.extraTemplates ?? []) names.push(`x:${x}`);
  return { names, windowOffsets, unitSlot, comboBase, combos, extraBase };
}

/**
 * Weight rows of one unit, by window slot: plain rows, and conjoined
 * entries, each with one row per possible tag or attribute id
 * (`conjRows[conjBase[k] + id]`, -1 when that combination has no weights).
 */
export interface UnitRows {
  rows: Int32Array;
  /** Slot s's rows are rows[starts[s]..starts[s+1]). */
  starts: Int32Array;
  conjRows: Int32Array;
  conjBase: Int32Array;
  /** Offset (relative to the position being tagged) of the tag or attribute each entry is conjoined with. */
  conjOffset: Int32Array;
  /** 1 when entry k is conjoined with an attribute, 0 with a tag. */
  conjIsAttr: Uint8Array;
  /** Slot s's conjoined entries are [conjStarts[s], conjStarts[s+1]). */
  conjStarts: Int32Array;
}

/**
 * Resolves positions to weight rows, given the feature → row tables of a
 * model (or of a model being trained). Shared by training
 * (perceptron-train.ts) and tagging, so both see exactly the same features.
 * @internal
 */
export class FeatureIndex<S> {
  readonly layout: Layout;
  readonly nClasses: number;
  /** Tag ids are 0..nClasses-1, START = nClasses. */
  readonly tagRadix: number;
  /** Attribute ids are 0..V-1, then START, END, unknown. */
  readonly attrRadix: number;
  readonly attrId: Map<string, number>;
  readonly biasRow: number;
  /** Per combination template: mixed-radix index → row or -1. */
  readonly comboRows: Int32Array[];
  readonly startUnit: UnitRows;
  readonly endUnit: UnitRows;
  /** Per conjoined template: unit value → row per tag or attribute id (-1 where none). */
  readonly conjRowsByValue = new Map<number, Map<string, Int32Array>>();
  private readonly slotRows: number[][];
  private readonly slotConj: { rows: Int32Array; offset: number; isAttr: boolean }[][];
  /** The emitter of packUnit: fills slotRows and slotConj. */
  private readonly collect: EmitFeature;
  /**
   * Per plain unit template (null for conjoined ones): value → where its rows
   * start in plainRows, one row (or -1) per window slot. A value then costs
   * one lookup however many offsets its template is used at; on unseen text
   * most values are in no table, and those misses were most of the lookups.
   */
  readonly plainIndex: (Map<string, number> | null)[];
  /** plainRows[base + s]: the row of a plain value (base from plainIndex) at window slot s, or -1. */
  readonly plainRows: Int32Array;

  constructor(
    readonly spec: TaggerSpec<S>,
    readonly tables: readonly Map<string, number>[],
    readonly classes: readonly string[],
    readonly attributes: readonly string[],
  ) {
    this.layout = layoutOf(spec);
    if (tables.length !== this.layout.names.length) throw new Error(`perceptron: ${tables.length} tables for ${this.layout.names.length} templates`);
    this.nClasses = classes.length;
    this.tagRadix = classes.length + 1;
    this.attrRadix = attributes.length + 3;
    this.attrId = new Map(attributes.map((a, i) => [a, i]));
    this.biasRow = tables[0]!.get('') ?? -1;
    this.indexConjoined();
    this.slotRows = this.layout.windowOffsets.map(() => []);
    this.slotConj = this.layout.windowOffsets.map(() => []);
    const nSlots = this.layout.windowOffsets.length;
    // Two passes: number the values, then fill one typed array (no growing array of numbers, and
    // Map.forEach makes no [key, value] array per entry: this runs at load, over the whole model).
    let nPlain = 0;
    this.plainIndex = spec.unitTemplates.map((u, k) => {
      if (u.tag !== undefined || u.attr !== undefined) return null;
      const byValue = new Map<string, number>();
      for (const t of this.layout.unitSlot[k]!) {
        if (t < 0) continue;
        tables[t]!.forEach((_, value) => {
          if (byValue.has(value)) return;
          byValue.set(value, nPlain);
          nPlain += nSlots;
        });
      }
      return byValue;
    });
    const plainRows = new Int32Array(nPlain).fill(-1);
    spec.unitTemplates.forEach((_, k) => {
      const byValue = this.plainIndex[k];
      if (byValue === null || byValue === undefined) return;
      this.layout.unitSlot[k]!.forEach((t, s) => {
        if (t < 0) return;
        tables[t]!.forEach((row, value) => {
          plainRows[byValue.get(value)! + s] = row;
        });
      });
    });
    this.plainRows = plainRows;
    this.collect = this.resolver(
      (s, row) => this.slotRows[s]!.push(row),
      (s, rows, offset, isAttr) => this.slotConj[s]!.push({ rows, offset, isAttr }),
    );
    this.comboRows = this.layout.combos.map((c, k) => this.comboTable(c, tables[this.layout.comboBase + k]!));
    this.startUnit = this.boundaryUnit(START);
    this.endUnit = this.boundaryUnit(END);
  }

  /** Group each conjoined template's values ("<tag or attribute> <unit value>") by unit value. */
  private indexConjoined(): void {
    const tagId = new Map<string, number>([...this.classes.map((t, i): [string, number] => [t, i]), [START, this.nClasses]]);
    const V = this.attributes.length;
    const attrId = new Map<string, number>([...this.attrId, [START, V], [END, V + 1]]);
    this.spec.unitTemplates.forEach((u, k) => {
      if (u.tag === undefined && u.attr === undefined) return;
      const ids = u.tag !== undefined ? tagId : attrId;
      const width = u.tag !== undefined ? this.tagRadix : this.attrRadix;
      for (const t of this.layout.unitSlot[k]!) {
        if (t < 0) continue;
        const byValue = new Map<string, Int32Array>();
        // The row sets of one template are views into one buffer, in order (see UnitValueTable.conjFlat).
        const flat = new Int32Array(this.tables[t]!.size * width).fill(-1);
        this.tables[t]!.forEach((row, key) => {
          const space = key.indexOf(' ');
          const id = ids.get(key.slice(0, space));
          if (space < 0 || id === undefined) throw new Error(`perceptron: malformed conjoined value "${key}" in ${this.layout.names[t]}`);
          const value = key.slice(space + 1);
          let rows = byValue.get(value);
          if (rows === undefined) byValue.set(value, (rows = flat.subarray(byValue.size * width, (byValue.size + 1) * width)));
          rows[id] = row;
        });
        this.conjRowsByValue.set(t, byValue);
      }
    });
  }

  /** Size of a combination template's integer table. */
  comboSize(c: Combo): number {
    return this.tagRadix ** c.tags.length * this.attrRadix ** c.attrs.length;
  }

  /** The feature value of each index of a combination table (null for indexes with an unknown attribute). */
  comboValue(c: Combo, idx: number): string | null {
    const parts: string[] = new Array<string>(c.tags.length + c.attrs.length);
    let rest = idx;
    const V = this.attributes.length;
    for (let k = c.attrs.length - 1; k >= 0; k--) {
      const a = rest % this.attrRadix;
      rest = Math.floor(rest / this.attrRadix);
      if (a === V + 2) return null;
      parts[c.tags.length + k] = a < V ? this.attributes[a]! : a === V ? START : END;
    }
    for (let k = c.tags.length - 1; k >= 0; k--) {
      const t = rest % this.tagRadix;
      rest = Math.floor(rest / this.tagRadix);
      parts[k] = t < this.nClasses ? this.classes[t]! : START;
    }
    return parts.join(' ');
  }

  private comboTable(c: Combo, table: Map<string, number>): Int32Array {
    const size = this.comboSize(c);
    if (size > MAX_COMBO_TABLE) throw new Error(`perceptron: combination template needs a table of ${size} entries (at most ${MAX_COMBO_TABLE})`);
    const out = new Int32Array(size).fill(-1);
    // Parse the values the table holds (far fewer than the table's size) into indexes.
    const tagId = new Map<string, number>([...this.classes.map((t, i): [string, number] => [t, i]), [START, this.nClasses]]);
    const V = this.attributes.length;
    const attrId = new Map<string, number>([...this.attrId, [START, V], [END, V + 1]]);
    for (const [value, row] of table) {
      const parts = value.split(' ');
      if (parts.length !== c.tags.length + c.attrs.length) throw new Error(`perceptron: malformed combination value "${value}"`);
      let idx = 0;
      parts.forEach((part, k) => {
        const isTag = k < c.tags.length;
        const id = (isTag ? tagId : attrId).get(part);
        if (id === undefined) throw new Error(`perceptron: unknown ${isTag ? 'tag' : 'attribute'} "${part}" in combination value "${value}"`);
        idx = idx * (isTag ? this.tagRadix : this.attrRadix) + id;
      });
      out[idx] = row;
    }
    return out;
  }

  /** Index of a combination template's value at position i. */
  comboIndex(c: Combo, i: number, tagIds: Int32Array, attrIds: Int32Array, n: number): number {
    let idx = 0;
    for (let k = 0; k < c.tags.length; k++) {
      const p = i + c.tags[k]!;
      idx = idx * this.tagRadix + (p < 0 ? this.nClasses : tagIds[p]!);
    }
    const V = this.attributes.length;
    for (let k = 0; k < c.attrs.length; k++) {
      const p = i + c.attrs[k]!;
      idx = idx * this.attrRadix + (p < 0 ? V : p >= n ? V + 1 : attrIds[p]!);
    }
    return idx;
  }

  /** Attribute ids of every position (unknown values get the unknown id). */
  attrIdsOf(sentence: S, n: number, out: Int32Array): void {
    const attribute = this.spec.attribute;
    if (attribute === undefined) return;
    const unknown = this.attributes.length + 2;
    for (let i = 0; i < n; i++) out[i] = this.attrId.get(attribute(sentence, i)) ?? unknown;
  }

  private boundaryUnit(value: string): UnitRows {
    return this.packUnit((emit) => this.spec.unitTemplates.forEach((_, u) => emit(u, value)));
  }

  /** Rows of the unit features of position i (not cached). */
  unitRows(sentence: S, i: number): UnitRows {
    return this.packUnit((emit) => this.spec.unitFeatures(sentence, i, emit));
  }

  /**
   * An emitter that resolves each emitted unit feature to weight rows, slot
   * by slot, and reports them: plain rows to `onRow`, conjoined ones (one row
   * per tag or attribute id) to `onConj`. Used by training (packUnit); the
   * tagger resolves values through a {@link UnitValueTable} instead.
   */
  private resolver(onRow: (slot: number, row: number) => void, onConj: (slot: number, rows: Int32Array, offset: number, isAttr: boolean) => void): EmitFeature {
    const { unitSlot } = this.layout;
    const templates = this.spec.unitTemplates;
    const { plainIndex, plainRows } = this;
    return (u, value) => {
      const slots = unitSlot[u];
      const template = templates[u];
      if (slots === undefined || template === undefined) throw new Error(`perceptron: spec ${this.spec.name} emitted unknown unit template ${u}`);
      const plain = plainIndex[u];
      if (plain !== null && plain !== undefined) {
        const base = plain.get(value);
        if (base === undefined) return;
        for (let s = 0; s < slots.length; s++) {
          const row = plainRows[base + s]!;
          if (row >= 0) onRow(s, row);
        }
        return;
      }
      for (let s = 0; s < slots.length; s++) {
        const t = slots[s]!;
        if (t < 0) continue;
        // Conjoined: one row per possible tag or attribute id; skipped when none has weights.
        const rows = this.conjRowsByValue.get(t)?.get(value);
        if (rows !== undefined) onConj(s, rows, template.attr ?? template.tag!, template.attr !== undefined);
      }
    };
  }

  private packUnit(produce: (emit: EmitFeature) => void): UnitRows {
    const { slotRows, slotConj } = this;
    for (let s = 0; s < slotRows.length; s++) {
      slotRows[s]!.length = 0;
      slotConj[s]!.length = 0;
    }
    produce(this.collect);
    // Assemble typed arrays with plain loops (this runs once per new word, on the tagging path).
    const nSlots = slotRows.length;
    const starts = new Int32Array(nSlots + 1);
    const conjStarts = new Int32Array(nSlots + 1);
    let nEntries = 0;
    let nConjRows = 0;
    for (let s = 0; s < nSlots; s++) {
      starts[s + 1] = starts[s]! + slotRows[s]!.length;
      conjStarts[s + 1] = conjStarts[s]! + slotConj[s]!.length;
      for (const e of slotConj[s]!) nConjRows += e.rows.length;
    }
    const rows = new Int32Array(starts[nSlots]!);
    const conjRows = new Int32Array(nConjRows);
    const conjBase = new Int32Array(conjStarts[nSlots]! + 1);
    const conjOffset = new Int32Array(conjStarts[nSlots]!);
    const conjIsAttr = new Uint8Array(conjStarts[nSlots]!);
    for (let s = 0; s < nSlots; s++) {
      rows.set(slotRows[s]!, starts[s]!);
      for (const e of slotConj[s]!) {
        conjRows.set(e.rows, conjBase[nEntries]!);
        conjOffset[nEntries] = e.offset;
        conjIsAttr[nEntries] = e.isAttr ? 1 : 0;
        conjBase[nEntries + 1] = conjBase[nEntries]! + e.rows.length;
        nEntries++;
      }
    }
    return { rows, starts, conjRows, conjBase, conjOffset, conjIsAttr, conjStarts };
  }

  /** Row of conjoined entry k of a unit for the position being tagged (i), or -1. */
  conjRow(unit: UnitRows, k: number, i: number, n: number, tagIds: Int32Array, attrIds: Int32Array): number {
    const p = i + unit.conjOffset[k]!;
    let id: number;
    if (unit.conjIsAttr[k] === 1) {
      const V = this.attributes.length;
      id = p < 0 ? V : p >= n ? V + 1 : attrIds[p]!;
    } else {
      id = p < 0 ? this.nClasses : tagIds[p]!;
    }
    return unit.conjRows[unit.conjBase[k]! + id]!;
  }
}

/** allowed[(prev + 1) * nClasses + next] (prev = -1 at the start); null when the spec has no rule. */
export function transitionMask<S>(spec: TaggerSpec<S>, classes: readonly string[]): Uint8Array | null {
  const isAllowed = spec.isAllowed;
  if (isAllowed === undefined) return null;
  const n = classes.length;
  const mask = new Uint8Array((n + 1) * n);
  for (let p = -1; p < n; p++) {
    let any = false;
    for (let c = 0; c < n; c++) {
      const ok = isAllowed(p < 0 ? null : classes[p]!, classes[c]!);
      mask[(p + 1) * n + c] = ok ? 1 : 0;
      any ||= ok;
    }
    if (!any) mask.fill(1, (p + 1) * n, (p + 2) * n); // a rule that allows nothing is ignored
  }
  return mask;
}

/** Index of the best allowed score; ties go to the lower class index. */
export function argmax(scores: ArrayLike<number>, n: number, mask: Uint8Array | null, prev: number): number {
  let best = -1;
  let bestScore = -Infinity;
  const base = (prev + 1) * n;
  for (let c = 0; c < n; c++) {
    if (mask !== null && mask[base + c] === 0) continue;
    const s = scores[c]!;
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

/**
 * How far class `best` (the argmax of {@link argmax} with the same arguments) leads the best other
 * allowed class: {@link UNCONTESTED_MARGIN} when no other class is allowed after `prev`.
 */
export function runnerUpMargin(scores: ArrayLike<number>, n: number, mask: Uint8Array | null, prev: number, best: number): number {
  let second = -Infinity;
  const base = (prev + 1) * n;
  for (let c = 0; c < n; c++) {
    if (c === best || (mask !== null && mask[base + c] === 0)) continue;
    const s = scores[c]!;
    if (s > second) second = s;
  }
  return second === -Infinity ? UNCONTESTED_MARGIN : Math.min(scores[best]! - second, UNCONTESTED_MARGIN);
}

/**
 * A unit packed for tagging into one Int32Array (one allocation, so the
 * five or so units read per token stay close in memory), for nSlots slots:
 *   [0 .. nSlots]              where slot s's sums start (s = nSlots: where they end)
 *   [nSlots+1 .. 2·nSlots+1]   where slot s's conjoined entries start (and end)
 *   sums                       per slot, either sparse pairs (class, summed weight, …; zero sums left
 *                              out) or, when most sums are nonzero, all nClasses sums in order, two
 *                              to an integer when they fit in 16 bits and halvesFor(nClasses); the
 *                              length of the region (nClasses, nClasses / 2, or even) tells which
 *   conjoined entries          per slot, groups of the entries with one offset and kind: offset, isAttr (0/1),
 *                              count, then `count` row-set bases (see SequenceTagger.conjFlat): the tag or
 *                              attribute seen at that offset picks one weight row of each set when tagging
 *
 * Conjoined weights are not summed per tag or attribute at packing time: a
 * position reads them for the one tag actually predicted before it, and
 * summing them for every possible tag (18 for the entity tagger) made most of
 * a new word's packing time and of its packed size.
 */
type PackedUnit = Int32Array;

/** Attribute-only combinations summed together, per window of attributes [from, to] (relative offsets). */
export interface AttrGroup {
  readonly from: number;
  readonly to: number;
  /** Indexes of the combinations in the layout. */
  readonly combos: readonly number[];
}

/** A group of attribute-only combinations with a tagger's cache of its sums. */
interface FoldedAttrGroup extends AttrGroup {
  /**
   * By attribute window (mixed-radix key): where its sums are in `sums`, or -1 until computed. Integers
   * rather than a table of the sums themselves: the collector does not scan them, and the chunker's
   * table of 100,000 references, nearly all empty, measured no faster.
   */
  readonly slots: Int32Array;
  /** The combinations' summed weights as (class, sum) pairs, per window computed (at most MAX_CACHED_WINDOWS). */
  readonly sums: Int32Array[];
}

/**
 * The attribute-only combinations of `combos` in groups: one per widest span of offsets (a span
 * no other combination's span strictly contains), each combination in the widest group whose
 * span holds its own (the earliest of equal width). The chunker's combinations fall in three
 * groups, -1..1, -2..-1 and 1..2, rather than one over -2..2: a 3-tag window repeats far more
 * often than a 5-tag one, so each group's cache holds its working set where one cache over the
 * whole window overflowed and missed often (see MAX_CACHED_WINDOWS).
 * @internal Exported for tests.
 */
export function groupAttrCombos(combos: readonly Combo[]): AttrGroup[] {
  const attrOnly = combos.flatMap((c, k) => (c.tags.length === 0 && c.attrs.length > 0 ? [{ k, from: Math.min(...c.attrs), to: Math.max(...c.attrs) }] : []));
  const widest = attrOnly
    .filter((a) => !attrOnly.some((b) => b.from <= a.from && a.to <= b.to && b.to - b.from > a.to - a.from))
    .sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  const spans = widest.filter((w, j) => widest.findIndex((v) => v.from === w.from && v.to === w.to) === j);
  const home = (a: { from: number; to: number }) => spans.find((g) => g.from <= a.from && a.to <= g.to);
  return spans.map((g) => ({ from: g.from, to: g.to, combos: attrOnly.filter((a) => home(a) === g).map((a) => a.k) }));
}

/** The nonzero entries of `dense` as (class, sum) pairs. */
function toPairs(dense: Int32Array, alloc: (size: number) => Int32Array): Int32Array {
  let nonzero = 0;
  for (let c = 0; c < dense.length; c++) if (dense[c] !== 0) nonzero++;
  const out = alloc(2 * nonzero);
  let at = 0;
  for (let c = 0; c < dense.length; c++) {
    const v = dense[c]!;
    if (v === 0) continue;
    out[at++] = c;
    out[at++] = v;
  }
  return out;
}

/**
 * Whether a slot's sums are stored dense (all `width` of them) rather than as
 * (class, sum) pairs: when pairs would not be shorter than width - 1 entries.
 * A pair list then never has exactly `width` entries, so a region's length
 * says which form it is in.
 */
function isDense(nonzero: number, width: number): boolean {
  return 2 * nonzero >= width - 1;
}

/**
 * Whether dense sums of `width` classes can be stored two to an integer (16-bit halves, class 2j
 * low, 2j + 1 high, 0 past the last class) when they fit: when that length, ceil(width / 2), is odd,
 * so that it differs from every pair list's length (even) and from a full dense region's (width).
 * The entity tagger's 17 classes qualify; its dense sums all fit in 16 bits on news (largest
 * magnitude seen: 4,637), so its packed units take about half the memory, and tagging a long
 * stream reads fewer cache lines. Decoding writes one score past the last class when width is
 * odd: the tagger's scores (and history) have a spare entry.
 */
function halvesFor(width: number): boolean {
  return width >= 4 && ((width + 1) >> 1) % 2 === 1;
}

/** The two 32-bit halves of the last {@link hashValue}: written there, so hashing allocates nothing. */
let hashHi = 0;
let hashLo = 0;

/** The running state of the hash being computed (see {@link hashValue}): module state, so hashing allocates nothing. */
let mixA = 0;
let mixB = 0;

/** Start a hash of `length` code units for a family. */
function hashStart(family: number, length: number): void {
  mixA = Math.imul(family + 1, 0x9e3779b1) ^ length;
  mixB = Math.imul(family + 1, 0x85ebca77) ^ 0x27d4eb2f;
}

/** Mix the UTF-16 code units of `str` into the running hash. */
function hashAbsorb(str: string): void {
  let a = mixA;
  let b = mixB;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    let k = Math.imul(c, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    a ^= Math.imul(k, 0x1b873593);
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    b = Math.imul(b ^ c, 0x01000193);
    b = (b << 7) | (b >>> 25);
  }
  mixA = a;
  mixB = b;
}

/** Finish the running hash of `length` code units into (hashHi, hashLo): Murmur3's avalanche step on each half. */
function hashFinish(length: number): void {
  let a = mixA;
  let b = mixB;
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  b ^= length;
  b ^= b >>> 16;
  b = Math.imul(b, 0x85ebca6b);
  b ^= b >>> 13;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  hashHi = a;
  hashLo = b;
}

/**
 * Hash a unit feature value of one family (see {@link UnitValueTable}) into
 * 64 bits (hashHi, hashLo): two independent 32-bit mixes of the UTF-16 code
 * units, each finished with Murmur3's avalanche step.
 */
function hashValue(family: number, value: string): void {
  hashStart(family, value.length);
  hashAbsorb(value);
  hashFinish(value.length);
}

/**
 * The 64-bit hash of a family's value, from the whole string or from its two joined parts (the
 * tagger's two ways of looking a value up): [hi, lo]. For tests.
 * @internal
 */
export function unitValueHash(family: number, value: string | readonly [string, string]): [number, number] {
  if (typeof value === 'string') hashValue(family, value);
  else hashJoined(family, value[0], value[1]);
  return [hashHi, hashLo];
}

/**
 * {@link hashValue} of `${head} ${tail}` (the same 64 bits), hashed from the two strings in turn:
 * no joined string is built nor flattened.
 */
function hashJoined(family: number, head: string, tail: string): void {
  const length = head.length + 1 + tail.length;
  hashStart(family, length);
  hashAbsorb(head);
  hashAbsorb(' ');
  hashAbsorb(tail);
  hashFinish(length);
}

/**
 * The hash table of UnitValueTable (see its slots) with `cap` slots, holding value v (of family
 * familyOfValue[v]) as -2 - v; throws when two values' hashes collide.
 */
function valueSlots(valueOf: readonly string[], familyOfValue: readonly number[], names: readonly string[], cap: number): Int32Array {
  const mask = cap - 1;
  const slots = new Int32Array(3 * cap).fill(-1);
  for (let v = 0; v < valueOf.length; v++) {
    hashValue(familyOfValue[v]!, valueOf[v]!);
    let at = hashLo & mask;
    while (slots[3 * at + 2] !== -1) {
      if (slots[3 * at] === hashHi && slots[3 * at + 1] === hashLo) {
        throw new Error(`perceptron: unit values collide in the hash table ("${valueOf[v]}" in family ${names[familyOfValue[v]!]})`);
      }
      at = (at + 1) & mask;
    }
    slots[3 * at] = hashHi;
    slots[3 * at + 1] = hashLo;
    slots[3 * at + 2] = -2 - v;
  }
  return slots;
}

/** The first value whose precomputed record does not fit in `length` entries of records, or -1. */
function firstRecordOutOfRange(recordOf: Int32Array, nMembers: Int32Array, length: number): number {
  for (let v = 0; v < recordOf.length; v++) {
    const rec = recordOf[v]!;
    if (rec < 0 || rec + nMembers[v]! >= length) return v;
  }
  return -1;
}

/** Replace each value id in the slots (-2 - v) by the value's record. */
function setSlotRecords(slots: Int32Array, recordOf: Int32Array): void {
  for (let at = 2; at < slots.length; at += 3) if (slots[at]! <= -2) slots[at] = recordOf[-2 - slots[at]!]!;
}

/**
 * Every unit feature value of a model, for packing units on unseen text
 * without string-keyed Maps. Unit templates with the same name read the same
 * property of a position (`lower` at -1…+1, at ±2, and conjoined with the
 * previous tag), so they form one family, and a value is looked up once per
 * family rather than once per template. The lookup is an open-addressing
 * table over a 64-bit hash of (family, value), held in one Int32Array
 * (hi, lo, record per slot): one or two cache lines per lookup, where a Map
 * walks a bucket chain and compares key strings scattered over the heap.
 * Both hash halves are compared, and the constructor checks that no two
 * model values collide, so a lookup finds exactly what the Map would
 * (a string outside the model matching a model value's 64 bits by chance is
 * the only way to differ: about one in 10^14 lookups).
 *
 * A record holds all of a (family, value)'s weights in one place: per member
 * template, plain weights as (slot · nClasses + class, weight) pairs over all
 * its window slots, or conjoined entries as (slot, row-set base) pairs (see
 * SequenceTagger.conjFlat).
 * @internal
 */
class UnitValueTable {
  /** Unit template → its family, and its position among the family's members. */
  readonly familyOf: Int32Array;
  readonly memberOf: Int32Array;
  /**
   * Per slot: hash hi, hash lo, then the value's record start once written (≥ 0), or -2 - v for
   * value v before its record is written, -1 for an empty slot. Keeping the record start in the
   * slot saves a lookup in recordOf (a cache miss on unseen text) per value found.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /**
   * Record r: members + 1 absolute offsets (member m's content is [records[r + m], records[r + m + 1])),
   * then contents. Written on first lookup (see writeRecord): `used` entries are taken, and the
   * array is replaced by a larger one when full, so read it after find().
   */
  records: Int32Array = new Int32Array(1 << 16);
  private used = 0;
  /** Per value id: its record, or -1 before its first lookup. */
  private recordOf: Int32Array;
  private readonly nMembers: Int32Array;
  private readonly nSlots: number;
  private readonly model: PerceptronModel;
  /** Contributions to the records (see the constructor), sorted by value: value v's are order[first[v] .. first[v + 1]). */
  private readonly contribs: { order: Int32Array; first: Int32Array; member: Int32Array; slot: Int32Array; base: Int32Array; plainRows: Int32Array };
  /** Every conjoined row set, one after the other: row = conjFlat[base + tag or attribute id] (-1: none). */
  readonly conjFlat: Int32Array;

  constructor(index: FeatureIndex<unknown>, model: PerceptronModel, precomputed?: Int32Array) {
    const templates = index.spec.unitTemplates;
    const { unitSlot, windowOffsets } = index.layout;
    const nSlots = windowOffsets.length;
    const { conjRowsByValue } = index;
    const names = [...new Set(templates.map((u) => u.name))];
    this.familyOf = Int32Array.from(templates, (u) => names.indexOf(u.name));
    const members = names.map((name) => templates.map((u, k) => (u.name === name ? k : -1)).filter((k) => k >= 0));
    this.memberOf = Int32Array.from(templates, (_, k) => members[this.familyOf[k]!]!.indexOf(k));
    // Conjoined row sets, laid end to end: each template's sets are views into one buffer, in
    // order, so a set's base is its template's base plus its offset in that buffer.
    const templateBase = new Map<number, number>();
    let conjSize = 0;
    for (const [t, byValue] of conjRowsByValue) {
      templateBase.set(t, conjSize);
      for (const rows of byValue.values()) conjSize += rows.length;
    }
    this.conjFlat = new Int32Array(conjSize);
    for (const [t, byValue] of conjRowsByValue) {
      const first = byValue.values().next().value;
      if (first !== undefined) this.conjFlat.set(new Int32Array(first.buffer, 0, byValue.size * first.length), templateBase.get(t)!);
    }
    const conjBase = (t: number, rows: Int32Array): number => templateBase.get(t)! + rows.byteOffset / Int32Array.BYTES_PER_ELEMENT;
    // Contributions to the records, in template order (so, within a value's record, in member
    // order): a plain template's value with its rows at every slot (FeatureIndex.plainIndex), or a
    // conjoined template's value at one slot. Value ids are given per family on first sight; a
    // family with one plain member has distinct values already and needs no Map.
    const { plainIndex, plainRows } = index;
    let nContribs = 0;
    templates.forEach((_, k) => {
      const plain = plainIndex[k];
      if (plain !== null && plain !== undefined) nContribs += plain.size;
      else for (const t of unitSlot[k]!) if (t >= 0) nContribs += conjRowsByValue.get(t)?.size ?? 0;
    });
    const familyIds = names.map(() => new Map<string, number>());
    const valueOf: string[] = [];
    const familyOfValue: number[] = [];
    // With precomputed records only the value numbering is needed (records are never written):
    // the contributions are then not kept (a few MB per model, made and dropped at every load).
    const keep = precomputed === undefined ? nContribs : 0;
    const cValue = new Int32Array(keep);
    const cMember = new Int32Array(keep);
    /** The slot of a conjoined contribution; -1 for a plain one (all slots). */
    const cSlot = new Int32Array(keep);
    /** A plain contribution's base in plainRows, or a conjoined one's row set base in conjFlat. */
    const cBase = new Int32Array(keep);
    let nc = 0;
    templates.forEach((_, k) => {
      const f = this.familyOf[k]!;
      const m = this.memberOf[k]!;
      const plain = plainIndex[k];
      const ids = members[f]!.length > 1 || plain === null || plain === undefined ? familyIds[f]! : null;
      const idOf = (value: string): number => {
        let id = ids?.get(value);
        if (id === undefined) {
          id = valueOf.length;
          ids?.set(value, id);
          valueOf.push(value);
          familyOfValue.push(f);
        }
        return id;
      };
      // Map.forEach rather than for…of over entries: no [key, value] array per entry (this runs at
      // load, before the code is optimized, over every value of the model).
      if (plain !== null && plain !== undefined) {
        plain.forEach((base, value) => {
          const id = idOf(value);
          if (keep === 0) return;
          cValue[nc] = id;
          cMember[nc] = m;
          cSlot[nc] = -1;
          cBase[nc++] = base;
        });
        return;
      }
      unitSlot[k]!.forEach((t, s) => {
        if (t < 0) return;
        conjRowsByValue.get(t)?.forEach((rows, value) => {
          const id = idOf(value);
          if (keep === 0) return;
          cValue[nc] = id;
          cMember[nc] = m;
          cSlot[nc] = s;
          cBase[nc++] = conjBase(t, rows);
        });
      });
    });
    // A stable counting sort of the contributions by value.
    const nValues = valueOf.length;
    const nContrib = new Int32Array(keep === 0 ? 0 : nValues + 1);
    for (let c = 0; c < keep; c++) nContrib[cValue[c]! + 1]!++;
    for (let v = 0; v < nValues && keep > 0; v++) nContrib[v + 1]! += nContrib[v]!;
    const order = new Int32Array(keep);
    const next = nContrib.slice(0, nValues);
    for (let c = 0; c < keep; c++) order[next[cValue[c]!]!++] = c;
    this.contribs = { order, first: nContrib, member: cMember, slot: cSlot, base: cBase, plainRows };
    // Loops over every value are functions of their own (see conjWeightsOf).
    const familySizes = Int32Array.from(members, (m) => m.length);
    this.nMembers = Int32Array.from(familyOfValue, (f) => familySizes[f]!);
    this.recordOf = new Int32Array(nValues).fill(-1);
    this.nSlots = nSlots;
    this.model = model;
    let cap = 16;
    while (cap < 2 * nValues) cap *= 2;
    const mask = cap - 1;
    const slots = valueSlots(valueOf, familyOfValue, names, cap);
    this.mask = mask;
    this.slots = slots;
    if (precomputed !== undefined) {
      // Every value's record, written at save time (see unitRecords): [nValues, recordOf…, records…].
      if (precomputed.length < 1 || precomputed[0] !== nValues || precomputed.length < 1 + nValues) {
        throw new UnitRecordsError(`unit records hold ${precomputed[0] ?? 0} values, the model has ${nValues}`);
      }
      this.recordOf = precomputed.subarray(1, 1 + nValues);
      this.records = precomputed.subarray(1 + nValues);
      this.used = this.records.length;
      const bad = firstRecordOutOfRange(this.recordOf, this.nMembers, this.records.length);
      if (bad >= 0) throw new UnitRecordsError(`unit record of value ${bad} is out of range`);
      setSlotRecords(slots, this.recordOf);
    }
  }

  /**
   * Every value's record, in value order, as one array: [nValues, recordOf (nValues entries), records].
   * Deterministic for a model and spec; written beside the model at save time so that loading
   * reads it in place instead of writing records on first lookup.
   */
  allRecords(): Int32Array {
    const nValues = this.recordOf.length;
    for (let v = 0; v < nValues; v++) if (this.recordOf[v]! < 0) this.writeRecord(v);
    const out = new Int32Array(1 + nValues + this.used);
    out[0] = nValues;
    out.set(this.recordOf, 1);
    out.set(this.records.subarray(0, this.used), 1 + nValues);
    return out;
  }

  /** The record of a value of family f (written on first use), or -1 when the model has no weights for it. */
  find(f: number, value: string): number {
    hashValue(f, value);
    return this.probe();
  }

  /** {@link find} of the value `${head} ${tail}`, without building it. */
  findJoined(f: number, head: string, tail: string): number {
    hashJoined(f, head, tail);
    return this.probe();
  }

  /** The record of the value last hashed (hashHi, hashLo), as {@link find}. */
  private probe(): number {
    const slots = this.slots;
    const mask = this.mask;
    const hi = hashHi;
    const lo = hashLo;
    for (let at = lo & mask; ; at = (at + 1) & mask) {
      const x = slots[3 * at + 2]!;
      if (x === -1) return -1;
      if (slots[3 * at] === hi && slots[3 * at + 1] === lo) {
        if (x >= 0) return x;
        const v = -2 - x;
        const rec = this.recordOf[v]! >= 0 ? this.recordOf[v]! : this.writeRecord(v);
        slots[3 * at + 2] = rec;
        return rec;
      }
    }
  }

  /**
   * Write value v's record at the end of `records`. Records are written when a value is first
   * looked up rather than all at load: tagging a text reads a fraction of a model's values, and
   * writing them all made most of the model's load time.
   */
  private writeRecord(v: number): number {
    const { order, first, member, slot, base, plainRows } = this.contribs;
    if (first.length === 0) throw new UnitRecordsError(`unit record of value ${v} is missing from the precomputed records`);
    const { rowStart, entryClass, entryWeight } = this.model;
    const nC = this.model.classes.length;
    const nSlots = this.nSlots;
    const nMembers = this.nMembers[v]!;
    let size = nMembers + 1;
    for (let o = first[v]!; o < first[v + 1]!; o++) {
      const c = order[o]!;
      if (slot[c] !== -1) size += 2;
      else {
        for (let s = 0; s < nSlots; s++) {
          const row = plainRows[base[c]! + s]!;
          if (row >= 0) size += 2 * (rowStart[row + 1]! - rowStart[row]!);
        }
      }
    }
    if (this.used + size > this.records.length) {
      const grown = new Int32Array(Math.max(2 * this.records.length, this.used + size));
      grown.set(this.records.subarray(0, this.used));
      this.records = grown;
    }
    const records = this.records;
    const rec = this.used;
    let at = rec + nMembers + 1;
    let m = 0;
    records[rec] = at;
    for (let o = first[v]!; o < first[v + 1]!; o++) {
      const c = order[o]!;
      // Members without contributions get empty regions.
      while (m < member[c]!) records[rec + ++m] = at;
      if (slot[c] !== -1) {
        records[at++] = slot[c]!;
        records[at++] = base[c]!;
        continue;
      }
      for (let s = 0; s < nSlots; s++) {
        const row = plainRows[base[c]! + s]!;
        if (row < 0) continue;
        for (let e = rowStart[row]!, end = rowStart[row + 1]!; e < end; e++) {
          records[at++] = s * nC + entryClass[e]!;
          records[at++] = entryWeight[e]!;
        }
      }
    }
    while (m < nMembers) records[rec + ++m] = at;
    this.used = at;
    this.recordOf[v] = rec;
    return rec;
  }
}

/** Thrown when precomputed unit records do not fit the model they are loaded with. */
export class UnitRecordsError extends Error {
  constructor(message: string) {
    super(`perceptron: ${message}`);
    this.name = 'UnitRecordsError';
  }
}

/**
 * Every unit value's weight record of `model` bound to `spec`, as one Int32 array
 * ([nValues, per value its record's start, records]; see UnitValueTable): what a tagger
 * otherwise writes on first lookup of each value. Deterministic; saved beside a model and
 * attached at load ({@link PerceptronModel.unitRecords}).
 */
export function unitRecords<S>(model: PerceptronModel, spec: TaggerSpec<S>): Int32Array {
  if (model.spec !== spec.name) throw new Error(`perceptron: model was trained for spec "${model.spec}", not "${spec.name}"`);
  const index = new FeatureIndex(spec, model.tables, model.classes, model.attributes);
  return new UnitValueTable(index as FeatureIndex<unknown>, model).allRecords();
}

/**
 * A copy of a model's conjoined row sets (`rows`, see UnitValueTable.conjFlat) with each row
 * replaced by the offset of its weights in `weights` (see SequenceTagger.conjWeights). A function
 * of its own, not a block of the tagger's constructor: its loops run over every row set of the
 * model, long enough for V8 to compile the code running them on the stack (OSR), and compiling
 * the whole constructor that way took hundreds of milliseconds of CPU beside a fresh tagger's
 * first sentences.
 */
function conjWeightsOf(model: PerceptronModel, rows: Int32Array): { flat: Int32Array; weights: Int32Array } {
  const { rowStart, entryClass, entryWeight } = model;
  const flat = new Int32Array(rows.length);
  const offsetOf = new Map<number, number>();
  let size = 0;
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!;
    if (row >= 0 && !offsetOf.has(row)) {
      offsetOf.set(row, size);
      size += 1 + rowStart[row + 1]! - rowStart[row]!;
    }
  }
  const weights = new Int32Array(size);
  for (const [row, at] of offsetOf) {
    weights[at] = rowStart[row + 1]! - rowStart[row]!;
    for (let e = rowStart[row]!, k = at + 1; e < rowStart[row + 1]!; e++, k++) weights[k] = (entryWeight[e]! << 8) | entryClass[e]!;
  }
  for (let j = 0; j < rows.length; j++) flat[j] = rows[j]! >= 0 ? offsetOf.get(rows[j]!)! : -1;
  return { flat, weights };
}

/**
 * A model bound to its feature spec: tags sentences greedily, left to right.
 * Not re-entrant (it reuses buffers), which is fine in single-threaded JS.
 *
 * @example
 * const tagger = new SequenceTagger(PerceptronModel.fromJSON(json), spec);
 * const tags = tagger.tag(sentence);
 */
export class SequenceTagger<S> {
  private readonly index: FeatureIndex<S>;
  private readonly scores: Int32Array;
  private readonly mask: Uint8Array | null;
  /** Class name → id, for {@link TaggerSpec.fixedClass}. */
  private readonly classIds: Map<string, number>;
  /** The fixed class last met and its id (-1: not a class): see tag(). */
  private lastFixed: string | null = null;
  private lastFixedId = -1;
  /** The kept class last met and its id (-1: not a class): see tag()'s `keep`. */
  private lastKept: string | null = null;
  private lastKeptId = -1;
  /** The unit parts (one, the whole unit, when the spec declares none) and a cache per part. */
  private readonly parts: readonly UnitPart<S>[];
  private readonly caches: TwoGenerationCache<PackedUnit>[];
  /** The parts read in place (see {@link UnitPart.direct}), not among `parts`. */
  private readonly directParts: readonly UnitPart<S>[];
  /**
   * The direct parts' features of the sentence being tagged, resolved on first read of a position:
   * position p's are entries [directFrom[p], directTo[p]) of directBuf (directFrom[p] = -1: not yet),
   * each DIRECT_ENTRY integers: [from, end) of a member's content in the records, whether it is
   * conjoined, and its conjoined offset and kind.
   */
  private directFrom = new Int32Array(INITIAL_SENTENCE_CAPACITY);
  private directTo = new Int32Array(INITIAL_SENTENCE_CAPACITY);
  /**
   * Per position resolved: the window slots (bit s) at which its direct entries have weights. The
   * caseless feature has weights at offset 0 only, so the other slots skip its entries unread.
   */
  private directSlots = new Int32Array(INITIAL_SENTENCE_CAPACITY);
  /** The slots of the entries resolved so far for the position being resolved. */
  private directSlotsFound = 0;
  private directBuf = new Int32Array(INITIAL_SENTENCE_CAPACITY * 4 * DIRECT_ENTRY);
  private directUsed = 0;
  /** Emitter of the direct parts' features into directBuf. */
  private readonly directEmit: EmitFeature;
  private readonly directEmitJoined: EmitJoined;
  /** The model's unit values and their records (read in place by direct parts). */
  private readonly values: UnitValueTable;
  /** This tagger's slot in UnitHolder (see holderSlotOf), or -1: none, holder parts are cached by key. */
  private readonly holderSlot: number;
  /** Part 0 at positions before and after the sentence; the other parts are `emptyUnit` there. */
  private readonly startUnit: PackedUnit;
  private readonly endUnit: PackedUnit;
  private readonly emptyUnit: PackedUnit;
  /** Summed bias + pure-tag combination weights for each state of the last `historyLength` tags. */
  private readonly history: Int32Array;
  private readonly historyLength: number;
  /** Attribute-only combinations in groups, each summed per window of attributes and cached (see groupAttrCombos). */
  private readonly attrGroups: FoldedAttrGroup[];
  /** The other combinations: looked up one by one per position. */
  private readonly mixedCombos: number[];
  private readonly extraTables: readonly Map<string, number>[];
  private readonly emitExtra: EmitFeature;
  /**
   * Tag and attribute ids of the sentence being tagged. Sized for any usual sentence from the
   * start: replacing them while tagging discards tag()'s optimized code (a code path it had never
   * run), and a recompilation of tag() costs as much CPU as tagging thousands of tokens.
   */
  private tagIds = new Int32Array(INITIAL_SENTENCE_CAPACITY);
  private attrIds = new Int32Array(INITIAL_SENTENCE_CAPACITY);
  /**
   * Per position p and part k: units[p * parts.length + k]. Preallocated (`new Array`, one elements
   * kind throughout) and cleared entry by entry per sentence, rather than truncated and regrown.
   */
  private units: (PackedUnit | undefined)[] = new Array<PackedUnit | undefined>(INITIAL_SENTENCE_CAPACITY * 2).fill(undefined);
  /** Scratch space of packing (per slot sums and sizes, conjoined entries) and of addAttrSums(). */
  private readonly packDense: Int32Array;
  private readonly packSizes: Int32Array;
  /**
   * The conjoined entries added since startPacking(), CONJ_ENTRY integers each: slot, row set base
   * in conjFlat, offset, isAttr (0/1), and the first entry of its group (see finishPacking). A typed
   * array and a count rather than arrays emptied per unit: `length = 0` gives an array's storage
   * back, and pushing grew it again for every new word, a large part of the garbage of unseen text.
   */
  private conjScratch = new Int32Array(16 * CONJ_ENTRY);
  private conjCount = 0;
  /**
   * Every conjoined row set of the model (one per conjoined template and unit value), laid end to
   * end: a packed unit refers to a set by its base, and the row for tag or attribute id `a` is
   * conjFlat[base + a] (-1 when none), given as the offset of its weights in conjWeights.
   */
  private readonly conjFlat: Int32Array;
  /**
   * The weights of every row conjFlat refers to, copied together (the conjoined templates' rows are
   * a small part of the model): conjWeights[conjFlat[base + a]] is the row's entry count, then its
   * entries as `weight << 8 | class`. Tagging reads a conjoined row there in one place, instead of
   * through rowStart, entryClass and entryWeight (three arrays the size of the model, three cache
   * misses on a row not read lately). conjFlat's entries are offsets in it here, not model rows.
   */
  private readonly conjWeights: Int32Array;
  /** Emitter of unit features into the packing scratch. */
  private readonly packEmit: EmitFeature;
  /** Where packed units and attribute-window sums are carved from (see allocInts); slabUsed entries of it are taken. */
  private slab = new Int32Array(0);
  private slabUsed = 0;
  private readonly attrScratch: Int32Array;
  /** The units read for the current position, and the window slot each is read at. */
  private readonly slotUnits: PackedUnit[] = [];
  private slotOf = new Int32Array(0);

  /**
   * @param maxCachedUnits distinct unit keys cached per part (default {@link MAX_CACHED_UNITS}); specs whose
   *   keys carry context flags besides the word have more distinct keys.
   */
  constructor(
    readonly model: PerceptronModel,
    private readonly spec: TaggerSpec<S>,
    maxCachedUnits: number = MAX_CACHED_UNITS,
  ) {
    const layout = layoutOf(spec);
    if (model.spec !== spec.name) throw new Error(`perceptron: model was trained for spec "${model.spec}", not "${spec.name}"`);
    if (layout.names.join('\n') !== model.templates.join('\n')) {
      throw new Error(`perceptron: model templates differ from spec "${spec.name}" (retrain the model): expected ${layout.names.join(', ')}; found ${model.templates.join(', ')}`);
    }
    this.index = new FeatureIndex(spec, model.tables, model.classes, model.attributes);
    const nC = model.classes.length;
    // One spare entry: decoding 16-bit halves of an odd number of classes writes one past the last (see halvesFor).
    this.scores = new Int32Array(nC + 1);
    this.attrScratch = new Int32Array(nC);
    this.packDense = new Int32Array(layout.windowOffsets.length * nC);
    this.packSizes = new Int32Array(layout.windowOffsets.length);
    // Unit values are resolved through one hash table per model, a family of templates at a time,
    // and each value's weights are read from one record (see UnitValueTable): on unseen text a new
    // word costs a few probes and short reads, not a Map lookup per template and rows scattered
    // over the model.
    const values = new UnitValueTable(this.index as FeatureIndex<unknown>, model, model.unitRecords);
    ({ flat: this.conjFlat, weights: this.conjWeights } = conjWeightsOf(model, values.conjFlat));
    const { familyOf, memberOf } = values;
    const templates = spec.unitTemplates;
    const isConj = Uint8Array.from(templates, (u) => (u.tag !== undefined || u.attr !== undefined ? 1 : 0));
    const conjOffsetOf = Int32Array.from(templates, (u) => u.attr ?? u.tag ?? 0);
    const conjIsAttrOf = Uint8Array.from(templates, (u) => (u.attr !== undefined ? 1 : 0));
    // The last value looked up per family and its record: the members of a family are mostly
    // emitted one after another with the same string (the word's lower-case form four times).
    const lastValue: (string | null)[] = Array.from(new Set(templates.map((u) => u.name)), () => null);
    const lastRecord = new Int32Array(lastValue.length);
    const dense = this.packDense;
    this.values = values;
    /** Note in directBuf the weights of template u in record `rec` (a record found for u's family). */
    const addDirectRecord = (u: number, rec: number): void => {
      if (rec < 0) return;
      const records = values.records;
      const m = memberOf[u]!;
      const from = records[rec + m]!;
      const end = records[rec + m + 1]!;
      if (from === end) return;
      let buf = this.directBuf;
      const at = this.directUsed;
      if (at + DIRECT_ENTRY > buf.length) {
        buf = new Int32Array(2 * buf.length);
        buf.set(this.directBuf);
        this.directBuf = buf;
      }
      buf[at] = from;
      buf[at + 1] = end;
      buf[at + 2] = isConj[u]!;
      buf[at + 3] = conjOffsetOf[u]!;
      buf[at + 4] = conjIsAttrOf[u]!;
      this.directUsed = at + DIRECT_ENTRY;
      // The window slots this entry has weights at (plain pairs lead with slot · nClasses + class, conjoined ones with the slot).
      let slots = this.directSlotsFound;
      if (isConj[u] === 0) for (let e = from; e < end; e += 2) slots |= 1 << ((records[e]! / nC) | 0);
      else for (let e = from; e < end; e += 2) slots |= 1 << records[e]!;
      this.directSlotsFound = slots;
    };
    this.directEmit = (u, value) => {
      const f = familyOf[u];
      if (f === undefined) throw new Error(`perceptron: spec ${spec.name} emitted unknown unit template ${u}`);
      addDirectRecord(u, values.find(f, value));
    };
    this.directEmitJoined = (u, head, tail) => {
      const f = familyOf[u];
      if (f === undefined) throw new Error(`perceptron: spec ${spec.name} emitted unknown unit template ${u}`);
      addDirectRecord(u, values.findJoined(f, head, tail));
    };
    this.packEmit = (u, value) => {
      const f = familyOf[u];
      if (f === undefined) throw new Error(`perceptron: spec ${spec.name} emitted unknown unit template ${u}`);
      let rec: number;
      if (lastValue[f] === value) rec = lastRecord[f]!;
      else {
        rec = values.find(f, value);
        lastValue[f] = value;
        lastRecord[f] = rec;
      }
      if (rec < 0) return;
      const records = values.records;
      const m = memberOf[u]!;
      const from = records[rec + m]!;
      const end = records[rec + m + 1]!;
      if (isConj[u] === 0) {
        for (let e = from; e < end; e += 2) dense[records[e]!]! += records[e + 1]!;
        return;
      }
      for (let e = from; e < end; e += 2) {
        let scratch = this.conjScratch;
        const at = this.conjCount * CONJ_ENTRY;
        if (at + CONJ_ENTRY > scratch.length) {
          scratch = new Int32Array(2 * scratch.length);
          scratch.set(this.conjScratch);
          this.conjScratch = scratch;
        }
        scratch[at] = records[e]!;
        scratch[at + 1] = records[e + 1]!;
        scratch[at + 2] = conjOffsetOf[u]!;
        scratch[at + 3] = conjIsAttrOf[u]!;
        this.conjCount++;
      }
    };
    this.mask = transitionMask(spec, model.classes);
    this.classIds = new Map(model.classes.map((c, k) => [c, k]));
    const allParts = spec.unitParts ?? [{ key: (x, i) => spec.unitKey(x, i), features: (x, i, emit) => spec.unitFeatures(x, i, emit) }];
    this.parts = allParts.filter((p) => p.direct !== true);
    this.directParts = allParts.filter((p) => p.direct === true);
    if (this.parts.length === 0) throw new Error(`perceptron: spec ${spec.name} has no cached unit part`);
    this.caches = this.parts.map(() => new TwoGenerationCache<PackedUnit>(maxCachedUnits));
    this.holderSlot = this.parts.some((p) => p.holder !== undefined) ? holderSlotOf(spec.name) : -1;
    this.slotOf = new Int32Array(layout.windowOffsets.length * this.parts.length);
    // tag() marks the (slot, part) reads it has fused in the bits of one integer.
    if (this.slotOf.length > 31) throw new Error(`perceptron: spec ${spec.name} reads ${this.slotOf.length} (slot, part) units per position (at most 31)`);
    this.startUnit = this.packValue(START);
    this.endUnit = this.packValue(END);
    this.startPacking();
    this.emptyUnit = this.finishPacking();
    this.extraTables = model.tables.slice(layout.extraBase);

    // Fold the bias and every tags-only combination into one table over the last K tags.
    const tagsOnly = layout.combos.map((c, k) => ({ c, k })).filter(({ c }) => c.attrs.length === 0);
    const K = Math.max(0, ...tagsOnly.map(({ c }) => -Math.min(...c.tags)));
    const radix = this.index.tagRadix;
    const foldable = radix ** K * nC <= MAX_COMBO_TABLE;
    this.historyLength = foldable ? K : 0;
    // Fold attribute-only combinations in groups of more than one whose windows fit a table.
    this.attrGroups = groupAttrCombos(layout.combos).flatMap((g) => {
      const size = this.index.attrRadix ** (g.to - g.from + 1);
      return g.combos.length > 1 && size <= MAX_WINDOW_TABLE ? [{ ...g, slots: new Int32Array(size).fill(-1), sums: [] }] : [];
    });
    const folded = new Set(this.attrGroups.flatMap((g) => g.combos));
    this.mixedCombos = layout.combos
      .map((_, k) => k)
      .filter((k) => (!foldable || layout.combos[k]!.attrs.length > 0) && !folded.has(k));
    // One spare entry, read (and ignored) when the last state decodes an odd number of classes in halves.
    this.history = new Int32Array(radix ** this.historyLength * nC + 1);
    const states = radix ** this.historyLength;
    const tags = new Int32Array(this.historyLength);
    for (let state = 0; state < states; state++) {
      // tags[j] is the tag at offset j - K (state digits, oldest first).
      for (let j = this.historyLength - 1, rest = state; j >= 0; j--, rest = Math.floor(rest / radix)) tags[j] = rest % radix;
      const base = state * nC;
      if (this.index.biasRow >= 0) this.addRow(this.history, base, this.index.biasRow);
      if (!foldable) continue;
      for (const { c, k } of tagsOnly) {
        let idx = 0;
        for (const off of c.tags) idx = idx * radix + tags[K + off]!;
        const row = this.index.comboRows[k]![idx]!;
        if (row >= 0) this.addRow(this.history, base, row);
      }
    }
    this.emitExtra = (template, value) => {
      const row = this.extraTables[template]?.get(value);
      if (row !== undefined) this.addRow(this.scores, 0, row);
    };
  }

  private addRow(target: Int32Array, base: number, row: number): void {
    const { rowStart, entryClass, entryWeight } = this.model;
    for (let e = rowStart[row]!, end = rowStart[row + 1]!; e < end; e++) target[base + entryClass[e]!]! += entryWeight[e]!;
  }

  /** Add the conjoined row whose weights start at conjWeights[at] (see conjWeights). */
  private addConjWeights(scores: Int32Array, at: number): void {
    const w = this.conjWeights;
    for (let e = at + 1, end = at + 1 + w[at]!; e < end; e++) {
      const x = w[e]!;
      scores[x & 0xff]! += x >> 8;
    }
  }

  /** Pack the unit whose every template has one value (the boundary units: START, END). */
  private packValue(value: string): PackedUnit {
    this.startPacking();
    for (let u = 0; u < this.spec.unitTemplates.length; u++) this.packEmit(u, value);
    return this.finishPacking();
  }

  /**
   * Pack the unit features of position i. The features are resolved straight
   * into the packing scratch: this runs once per new word on unseen text, so
   * it builds no intermediate UnitRows and allocates only the packed unit.
   */
  private packPosition(part: UnitPart<S>, sentence: S, i: number): PackedUnit {
    this.startPacking();
    part.features(sentence, i, this.packEmit);
    return this.finishPacking();
  }

  private startPacking(): void {
    this.packDense.fill(0);
    this.conjCount = 0;
  }

  /** The packed unit of what was added since startPacking() (layout: see {@link PackedUnit}). */
  private finishPacking(): PackedUnit {
    const nC = this.model.classes.length;
    const nSlots = this.index.layout.windowOffsets.length;
    const dense = this.packDense;
    const sizes = this.packSizes;
    const conj = this.conjScratch;
    const halves = halvesFor(nC);
    let size = 2 * (nSlots + 1);
    for (let s = 0; s < nSlots; s++) {
      let nonzero = 0;
      let fits = halves;
      for (let c = 0; c < nC; c++) {
        const v = dense[s * nC + c]!;
        if (v !== 0) nonzero++;
        if (v < -32768 || v > 32767) fits = false;
      }
      sizes[s] = !isDense(nonzero, nC) ? 2 * nonzero : fits ? (nC + 1) >> 1 : nC;
      size += sizes[s]!;
    }
    // Conjoined entries of one slot with the same offset and kind form one group, so that tagging
    // finds the tag or attribute at that offset once for all of them. The first entry of each group
    // leads it. Entries are few (a handful per unit), so groups are found by plain scans rather
    // than with per-unit objects.
    const nEntries = this.conjCount;
    for (let e = 0; e < nEntries; e++) {
      const x = e * CONJ_ENTRY;
      let leader = e;
      for (let f = 0; f < e; f++) {
        const y = f * CONJ_ENTRY;
        if (conj[y] === conj[x] && conj[y + 2] === conj[x + 2] && conj[y + 3] === conj[x + 3]) {
          leader = f;
          break;
        }
      }
      conj[x + 4] = leader;
      size += leader === e ? 4 : 1;
    }
    const out = this.allocInts(size);
    let at = 2 * (nSlots + 1);
    for (let s = 0; s < nSlots; s++) {
      out[s] = at;
      const base = s * nC;
      if (sizes[s] === nC) {
        // A plain copy: a subarray view per slot would be one more allocation per new unit.
        for (let c = 0; c < nC; c++) out[at++] = dense[base + c]!;
      } else if (halves && sizes[s] === (nC + 1) >> 1) {
        for (let c = 0; c < nC; c += 2) out[at++] = ((c + 1 < nC ? dense[base + c + 1]! : 0) << 16) | (dense[base + c]! & 0xffff);
      } else {
        for (let c = 0; c < nC; c++) {
          const v = dense[base + c]!;
          if (v === 0) continue;
          out[at++] = c;
          out[at++] = v;
        }
      }
    }
    out[nSlots] = at;
    for (let s = 0; s < nSlots; s++) {
      out[nSlots + 1 + s] = at;
      for (let e = 0; e < nEntries; e++) {
        const x = e * CONJ_ENTRY;
        if (conj[x] !== s || conj[x + 4] !== e) continue;
        out[at++] = conj[x + 2]!;
        out[at++] = conj[x + 3]!;
        const countAt = at++;
        let count = 0;
        for (let m = e; m < nEntries; m++) {
          if (conj[m * CONJ_ENTRY + 4] !== e) continue;
          out[at++] = conj[m * CONJ_ENTRY + 1]!;
          count++;
        }
        out[countAt] = count;
      }
    }
    out[2 * nSlots + 1] = at;
    return out;
  }

  /**
   * A zeroed Int32Array of `size` entries for a new packed unit or cached
   * attribute window: a view into a shared slab. A typed array of its own
   * costs a separate backing-store allocation, which dominated packing on
   * unseen text.
   */
  private readonly allocInts = (size: number): Int32Array => {
    if (this.slabUsed + size > this.slab.length) {
      this.slab = new Int32Array(Math.max(Math.min(2 * this.slab.length, SLAB_SIZE), FIRST_SLAB_SIZE, size));
      this.slabUsed = 0;
    }
    const out = this.slab.subarray(this.slabUsed, this.slabUsed + size);
    this.slabUsed += size;
    return out;
  };

  /**
   * Add the summed weights of the attribute-only combinations at position i
   * to `scores`, each group's from its table of attribute windows when computed before.
   */
  private addAttrSums(scores: Int32Array, i: number, n: number, attrIds: Int32Array): void {
    const V = this.model.attributes.length;
    const radix = this.index.attrRadix;
    for (const group of this.attrGroups) {
      let key = 0;
      for (let p = i + group.from; p <= i + group.to; p++) key = key * radix + (p < 0 ? V : p >= n ? V + 1 : attrIds[p]!);
      const slot = group.slots[key]!;
      let sums: Int32Array;
      if (slot >= 0) sums = group.sums[slot]!;
      else {
        const combos = this.index.layout.combos;
        const full = group.sums.length >= MAX_CACHED_WINDOWS;
        const target = full ? scores : this.attrScratch.fill(0);
        for (const k of group.combos) {
          const row = this.index.comboRows[k]![this.index.comboIndex(combos[k]!, i, this.tagIds, attrIds, n)]!;
          if (row >= 0) this.addRow(target, 0, row);
        }
        if (full) continue;
        sums = toPairs(target, this.allocInts);
        group.slots[key] = group.sums.length;
        group.sums.push(sums);
      }
      for (let k = 0, end = sums.length; k < end; k += 2) scores[sums[k]!]! += sums[k + 1]!;
    }
  }

  /**
   * The packed unit of part k at position i: kept on the position's holder
   * or in the part's cache, packed on first use.
   */
  private unitAt(sentence: S, i: number, k: number): PackedUnit {
    const part = this.parts[k]!;
    if (part.holder !== undefined && this.holderSlot >= 0) {
      // One code path for both slots: every field read, comparison and write below runs for the
      // first tagger too (its own on a hit; all of them when it packs a new word). With a branch per
      // slot, the second tagger's branch had never run when this code (inlined in scorePosition) was
      // first optimized, in the first document's first pass: the second pass then found no type
      // feedback there and the optimized code was discarded and compiled again (over 100 ms of
      // compiling on a fresh tagger, while the next documents ran unoptimized).
      const h = part.holder(sentence, i);
      const unit0 = h.unit0;
      const owner0 = h.owner0;
      if (owner0 === this && unit0 !== undefined) return unit0;
      const unit1 = h.unit1;
      const owner1 = h.owner1;
      if (owner1 === this && unit1 !== undefined) return unit1;
      const unit = this.packPosition(part, sentence, i);
      const mine0 = this.holderSlot === 0;
      h.unit0 = mine0 ? unit : unit0;
      h.owner0 = mine0 ? this : owner0;
      h.unit1 = mine0 ? unit1 : unit;
      h.owner1 = mine0 ? owner1 : this;
      return unit;
    }
    const key = part.key(sentence, i);
    const cache = this.caches[k]!;
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = this.packPosition(part, sentence, i);
      cache.set(key, entry);
    }
    return entry;
  }

  /**
   * Add the direct parts' weights at every window slot of position i to `scores`, resolving a
   * position's features on its first read in this sentence (see {@link UnitPart.direct}).
   */
  private addDirect(sentence: S, i: number, n: number, scores: Int32Array): void {
    const offsets = this.index.layout.windowOffsets;
    const nC = this.model.classes.length;
    const conjFlat = this.conjFlat;
    const V = this.model.attributes.length;
    for (let s = 0; s < offsets.length; s++) {
      const p = i + offsets[s]!;
      if (p < 0 || p >= n) continue;
      if (this.directFrom[p] === -1) {
        this.directFrom[p] = this.directUsed;
        this.directSlotsFound = 0;
        for (const part of this.directParts) {
          if (part.joinedFeatures !== undefined) part.joinedFeatures(sentence, p, this.directEmitJoined);
          else part.features(sentence, p, this.directEmit);
        }
        this.directTo[p] = this.directUsed;
        this.directSlots[p] = this.directSlotsFound;
      }
      if ((this.directSlots[p]! & (1 << s)) === 0) continue;
      // Read after resolving: a record written on first lookup may have moved the records.
      const records = this.values.records;
      const buf = this.directBuf;
      const low = s * nC;
      for (let d = this.directFrom[p]!, last = this.directTo[p]!; d < last; d += DIRECT_ENTRY) {
        const end = buf[d + 1]!;
        if (buf[d + 2] === 0) {
          // Plain weights: (slot · nClasses + class, weight) pairs over all slots, in slot order.
          for (let e = buf[d]!; e < end; e += 2) {
            const k = records[e]! - low;
            if (k >= 0 && k < nC) scores[k]! += records[e + 1]!;
          }
          continue;
        }
        // Conjoined: (slot, row-set base) pairs; the tag or attribute at the entry's offset picks the row.
        const q = i + buf[d + 3]!;
        const id = buf[d + 4] === 1 ? (q < 0 ? V : q >= n ? V + 1 : this.attrIds[q]!) : q < 0 ? nC : this.tagIds[q]!;
        for (let e = buf[d]!; e < end; e += 2) {
          if (records[e] !== s) continue;
          const at = conjFlat[records[e + 1]! + id]!;
          if (at >= 0) this.addConjWeights(scores, at);
        }
      }
    }
  }

  /**
   * Tags of every position of `sentence`, written into `out` when given.
   *
   * @param margins when given, emptied and filled with each position's margin: the best class's score
   *   minus the best other allowed class's ({@link UNCONTESTED_MARGIN} where no rival was scored).
   * @param keep when given, a class per position to keep unscored (null: score the position). A kept
   *   class is taken only when it may follow the tag chosen before it (else the position is scored),
   *   and it is the previous tag the next position reads, as if it had been chosen there.
   */
  tag(sentence: S, out: string[] = [], margins: number[] | null = null, keep: readonly (string | null)[] | null = null): string[] {
    const n = this.spec.length(sentence);
    out.length = 0;
    if (margins !== null) margins.length = 0;
    if (n === 0) return out;
    if (this.tagIds.length < n) {
      this.tagIds = new Int32Array(n * 2);
      this.attrIds = new Int32Array(n * 2);
      this.directFrom = new Int32Array(n * 2);
      this.directTo = new Int32Array(n * 2);
      this.directSlots = new Int32Array(n * 2);
    }
    if (this.directParts.length > 0) {
      this.directFrom.fill(-1, 0, n);
      this.directUsed = 0;
    }
    const { classes } = this.model;
    const nC = classes.length;
    const tagIds = this.tagIds;
    // Units are looked up when a scored position first reads them: a position
    // that takes its fixed class reads none, and a new word whose whole window
    // is fixed (a rare lower-case word among others) is never packed.
    const nParts = this.parts.length;
    if (this.units.length < n * nParts) this.units = new Array<PackedUnit | undefined>(2 * n * nParts).fill(undefined);
    const units = this.units;
    for (let j = 0, end = n * nParts; j < end; j++) units[j] = undefined;
    this.index.attrIdsOf(sentence, n, this.attrIds);
    const fixedClass = this.spec.fixedClass;
    const mask = this.mask;
    for (let i = 0; i < n; i++) {
      const kept = keep === null ? null : keep[i]!;
      if (kept !== null) {
        // Kept classes are mostly one string ('O'), as fixed ones are: the id is looked up on a change.
        if (kept !== this.lastKept) {
          this.lastKept = kept;
          this.lastKeptId = this.classIds.get(kept) ?? -1;
        }
        const c = this.lastKeptId;
        if (c >= 0 && (mask === null || mask[(i === 0 ? 0 : tagIds[i - 1]! + 1) * nC + c] === 1)) {
          tagIds[i] = c;
          out.push(classes[c]!);
          if (margins !== null) margins.push(UNCONTESTED_MARGIN);
          continue;
        }
      }
      if (fixedClass !== undefined) {
        const fixed = fixedClass(sentence, i);
        // The fixed class is nearly always the same string: its id is kept rather than looked up per position.
        if (fixed !== null && fixed !== this.lastFixed) {
          this.lastFixed = fixed;
          this.lastFixedId = this.classIds.get(fixed) ?? -1;
        }
        const c = fixed === null ? -1 : this.lastFixedId;
        if (c >= 0 && (mask === null || mask[(i === 0 ? 0 : tagIds[i - 1]! + 1) * nC + c] === 1)) {
          tagIds[i] = c;
          out.push(classes[c]!);
          if (margins !== null) margins.push(UNCONTESTED_MARGIN);
          continue;
        }
      }
      const best = this.scorePosition(sentence, i, n, out);
      tagIds[i] = best;
      out.push(classes[best]!);
      if (margins !== null) margins.push(runnerUpMargin(this.scores, nC, mask, i === 0 ? -1 : tagIds[i - 1]!, best));
    }
    return out;
  }

  /**
   * The best allowed class of position i (not a fixed one), given the tags before it
   * (`tagIds`, and `out` for extra features). A method of its own, not the body of tag()'s loop:
   * V8 compiles a function that is still running its loop a second time, on the stack (OSR), and
   * tag() runs its loop over the first sentences while it is being compiled; with the scoring in
   * it, that second compile of the whole body took as long as the first (hundreds of milliseconds
   * of CPU on a fresh process, while the first sentences ran unoptimized).
   */
  private scorePosition(sentence: S, i: number, n: number, out: readonly string[]): number {
    const nC = this.model.classes.length;
    const tagIds = this.tagIds;
    const attrIds = this.attrIds;
    const scores = this.scores;
    const history = this.history;
    const K = this.historyLength;
    const radix = this.index.tagRadix;
    const offsets = this.index.layout.windowOffsets;
    const nSlots = offsets.length;
    const V = this.model.attributes.length;
    const conjFlat = this.conjFlat;
    /** Length of a dense region in 16-bit halves (see halvesFor); -1 when the model's regions have none. */
    const half = halvesFor(nC) ? (nC + 1) >> 1 : -1;
    const nParts = this.parts.length;
    const units = this.units;
    const empty = this.emptyUnit;
    const slotUnits = this.slotUnits;
    const slotOf = this.slotOf;
    // History state: its folded weights (bias included) start the scores.
    let state = 0;
    for (let j = i - K; j < i; j++) state = state * radix + (j < 0 ? nC : tagIds[j]!);
    const hb = state * nC;
    // The units in the window (each part at each slot); up to three dense slot sums are added in
    // the same pass as the history.
    let fused = 0;
    let fusedKind = 0;
    let nd = 0;
    let d1 = history;
    let d2 = history;
    let d3 = history;
    let f1 = 0;
    let f2 = 0;
    let f3 = 0;
    let nRead = 0;
    for (let s = 0; s < nSlots; s++) {
      const p = i + offsets[s]!;
      for (let k = 0; k < nParts; k++) {
        const u = p < 0 ? (k === 0 ? this.startUnit : empty) : p >= n ? (k === 0 ? this.endUnit : empty) : (units[p * nParts + k] ??= this.unitAt(sentence, p, k));
        const q = nRead++;
        slotUnits[q] = u;
        slotOf[q] = s;
        // Fused: dense regions of one kind, full (1) or in halves (2), the kind of the first.
        if (nd === 3) continue;
        const width = u[s + 1]! - u[s]!;
        const kind = width === nC ? 1 : width === half ? 2 : 0;
        if (kind === 0 || (nd > 0 && kind !== fusedKind)) continue;
        fusedKind = kind;
        if (nd === 0) {
          d1 = u;
          f1 = u[s]!;
        } else if (nd === 1) {
          d2 = u;
          f2 = u[s]!;
        } else {
          d3 = u;
          f3 = u[s]!;
        }
        nd++;
        fused |= 1 << q;
      }
    }
    if (nd === 0) for (let c = 0; c < nC; c++) scores[c] = history[hb + c]!;
    else if (fusedKind === 2) {
      // Halves: x holds classes c (low 16 bits) and c + 1 (high), each signed.
      for (let c = 0, j = 0; c < nC; c += 2, j++) {
        const x1 = d1[f1 + j]!;
        const x2 = nd > 1 ? d2[f2 + j]! : 0;
        const x3 = nd > 2 ? d3[f3 + j]! : 0;
        scores[c] = history[hb + c]! + ((x1 << 16) >> 16) + ((x2 << 16) >> 16) + ((x3 << 16) >> 16);
        scores[c + 1] = history[hb + c + 1]! + (x1 >> 16) + (x2 >> 16) + (x3 >> 16);
      }
    } else if (nd === 1) for (let c = 0; c < nC; c++) scores[c] = history[hb + c]! + d1[f1 + c]!;
    else if (nd === 2) for (let c = 0; c < nC; c++) scores[c] = history[hb + c]! + d1[f1 + c]! + d2[f2 + c]!;
    else for (let c = 0; c < nC; c++) scores[c] = history[hb + c]! + d1[f1 + c]! + d2[f2 + c]! + d3[f3 + c]!;
    for (let q = 0; q < nRead; q++) {
      const u = slotUnits[q]!;
      const s = slotOf[q]!;
      if ((fused & (1 << q)) === 0) {
        const from = u[s]!;
        const end = u[s + 1]!;
        if (end - from === nC) for (let c = 0; c < nC; c++) scores[c]! += u[from + c]!;
        else if (end - from === half) {
          for (let c = 0, k = from; c < nC; c += 2, k++) {
            const x = u[k]!;
            scores[c]! += (x << 16) >> 16;
            scores[c + 1]! += x >> 16;
          }
        } else for (let k = from; k < end; k += 2) scores[u[k]!]! += u[k + 1]!;
      }
      for (let k = u[nSlots + 1 + s]!, end = u[nSlots + 2 + s]!; k < end; k += 3 + u[k + 2]!) {
        const q = i + u[k]!;
        const id = u[k + 1] === 1 ? (q < 0 ? V : q >= n ? V + 1 : attrIds[q]!) : q < 0 ? nC : tagIds[q]!;
        for (let j = k + 3, last = k + 3 + u[k + 2]!; j < last; j++) {
          const at = conjFlat[u[j]! + id]!;
          if (at >= 0) this.addConjWeights(scores, at);
        }
      }
    }
    if (this.directParts.length > 0) this.addDirect(sentence, i, n, scores);
    if (this.attrGroups.length > 0) this.addAttrSums(scores, i, n, attrIds);
    const combos = this.index.layout.combos;
    for (const k of this.mixedCombos) {
      const row = this.index.comboRows[k]![this.index.comboIndex(combos[k]!, i, tagIds, attrIds, n)]!;
      if (row >= 0) this.addRow(scores, 0, row);
    }
    const extras = this.spec.extraFeatures;
    if (extras !== undefined) extras(sentence, i, out, this.emitExtra);
    return argmax(scores, nC, this.mask, i === 0 ? -1 : tagIds[i - 1]!);
  }
}
