/**
 * A greedy averaged-perceptron sequence tagger, generic over what a "sentence"
 * is and which features describe a position. The part-of-speech tagger and the
 * chunker (src/text/pos.ts) are two feature specs over it; a named-entity
 * tagger can be a third.
 *
 * Features are (template, string value) pairs, of three kinds, declared by a
 * {@link TaggerSpec}:
 *
 * - **unit features**: properties of one position alone (its word, suffixes,
 *   shape…), used at several offsets (`lower` at -2…+2). They depend only on
 *   the position's `unitKey`, so they are resolved to weight rows once per
 *   distinct key and cached: tagging a known word costs one Map lookup;
 * - **history features**: the tags already predicted at fixed negative offsets
 *   (`tag@-1`, `tag@-2,-1`), resolved through integer tables, no strings;
 * - **extra features**: anything else (conjunctions), emitted per position by
 *   a callback and looked up by string. Keep these few: they are the slow path.
 *
 * Training ({@link trainTagger}) is deterministic: a fixed-seed shuffle, a
 * fixed number of epochs, averaged weights, rare features dropped before
 * training and small weights dropped after. Weights are quantized to 16-bit
 * integers, so prediction is integer arithmetic and the model serializes
 * compactly ({@link PerceptronModel.toJSON}).
 *
 * @example
 * const model = trainTagger(spec, examples, { epochs: 8, seed: 1 });
 * const tagger = new SequenceTagger(model, spec);
 * tagger.tag(sentence); // ['DT', 'NN', ...]
 */
import { z } from 'zod';

/** Value of every unit feature at positions before the sentence. */
export const START = '-START-';
/** Value of every unit feature at positions after the sentence. */
export const END = '-END-';
/** Serialization format name, checked on load. */
export const MODEL_FORMAT = 'briefly-perceptron';
/** Serialization format version, checked on load. */
export const MODEL_VERSION = 1;

/** Largest number of classes a model can have (class ids and row sizes are stored as bytes). */
const MAX_CLASSES = 255;
/** Longest history template (its integer table has (classes+1)^length slots). */
const MAX_HISTORY_LENGTH = 3;
/** Quantized weights are clamped to the Int16 range. */
const MAX_QUANTIZED = 32767;
/** Distinct unit keys cached per tagger before the cache is cleared (bounds memory on long runs). */
export const MAX_CACHED_UNITS = 100_000;

/** Emit one feature: the template's index in its list and a value. */
export type EmitFeature = (template: number, value: string) => void;

/** A property of one position, used as a feature at each of `offsets`. */
export interface UnitTemplate {
  readonly name: string;
  /** Offsets, relative to the position being tagged, at which this property is a feature (e.g. [-1, 0, 1]). */
  readonly offsets: readonly number[];
}

/** What a tagger looks at. `S` is the caller's sentence type (arrays precomputed once per sentence). */
export interface TaggerSpec<S> {
  /** Names the feature set; stored in the model and checked when a model is bound to a spec. */
  readonly name: string;
  readonly unitTemplates: readonly UnitTemplate[];
  /**
   * History templates: each is a list of negative offsets whose predicted tags, joined by a space
   * (START before the sentence), form the value: `[-1]`, `[-2, -1]`.
   */
  readonly historyTemplates: readonly (readonly number[])[];
  /** Names of the templates emitted by `extraFeatures`. */
  readonly extraTemplates: readonly string[];
  /** Number of positions. */
  length(sentence: S): number;
  /** Cache key of position i: two positions with the same key must emit the same unit features. */
  unitKey(sentence: S, i: number): string;
  /** Emit the unit features of position i (template = index into `unitTemplates`). */
  unitFeatures(sentence: S, i: number, emit: EmitFeature): void;
  /**
   * Emit the extra features of position i (template = index into `extraTemplates`).
   * `tags[0..i-1]` are the tags predicted so far; later entries are meaningless.
   */
  extraFeatures?(sentence: S, i: number, tags: readonly string[], emit: EmitFeature): void;
  /** Whether tag `next` may follow `prev` (null at the sentence start). Used in training and tagging. */
  isAllowed?(prev: string | null, next: string): boolean;
}

/** One training sentence with its gold tags (one per position). */
export interface Example<S> {
  readonly input: S;
  readonly tags: readonly string[];
}

export interface TrainOptions {
  /** Passes over the training data. */
  epochs: number;
  /** Seed of the shuffle before each epoch. */
  seed: number;
  /** Unit and extra feature values seen fewer times than this (with gold history) get no weights. */
  minFeatureCount: number;
  /** Averaged weights are multiplied by this and rounded to integers. */
  weightScale: number;
  /** Quantized weights smaller than this in absolute value are dropped. */
  minWeight: number;
  /** Progress messages (one per epoch). */
  log?: (message: string) => void;
  /** Free-form notes stored in the model (source, date…); must be deterministic for reproducible files. */
  meta?: Record<string, string | number>;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 8,
  seed: 1,
  minFeatureCount: 2,
  weightScale: 10,
  minWeight: 1,
};

/** Serialized model (JSON). Numeric arrays are base64 of little-endian typed arrays. */
export const PerceptronModelJsonSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  spec: z.string(),
  classes: z.array(z.string()).min(1).max(MAX_CLASSES),
  templates: z.array(z.string()),
  /** Per template: the feature values that have weights, in row order. */
  values: z.array(z.array(z.string())),
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
  readonly templates: readonly string[];
  /** Per template: value → row. */
  readonly tables: readonly Map<string, number>[];
  /** Row r's entries are [rowStart[r], rowStart[r+1]). */
  readonly rowStart: Int32Array;
  readonly entryClass: Uint8Array;
  readonly entryWeight: Int16Array;
  readonly meta: Readonly<Record<string, string | number>>;

  constructor(parts: {
    spec: string;
    classes: readonly string[];
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
    this.templates = [...templates];
    this.meta = { ...(parts.meta ?? {}) };
    const tables: Map<string, number>[] = [];
    let row = 0;
    for (const list of values) {
      const table = new Map<string, number>();
      for (const v of list) table.set(v, row++);
      tables.push(table);
    }
    if (row !== rowSizes.length) throw new Error(`perceptron: ${row} feature values but ${rowSizes.length} rows`);
    const rowStart = new Int32Array(row + 1);
    for (let r = 0; r < row; r++) rowStart[r + 1] = rowStart[r]! + rowSizes[r]!;
    if (rowStart[row] !== entryClass.length) throw new Error(`perceptron: rows hold ${rowStart[row]} entries but ${entryClass.length} are stored`);
    for (const c of entryClass) if (c >= classes.length) throw new Error(`perceptron: class index ${c} out of range`);
    this.tables = tables;
    this.rowStart = rowStart;
    this.entryClass = entryClass;
    this.entryWeight = entryWeight;
  }

  /** Number of (value, class) weights. */
  get size(): number {
    return this.entryClass.length;
  }

  /** Serialize; `fromJSON(JSON.parse(JSON.stringify(m.toJSON())))` gives an equal model. */
  toJSON(): PerceptronModelJson {
    const values = this.tables.map((t) => [...t.keys()]);
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
      templates: [...this.templates],
      values,
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
    for (let i = 0; i < entryWeight.length; i++) entryWeight[i] = weightBytes.readInt16LE(i * 2);
    return new PerceptronModel({
      spec: json.spec,
      classes: json.classes,
      templates: json.templates,
      values: json.values,
      rowSizes: new Uint8Array(Buffer.from(json.rowSizes, 'base64')),
      entryClass: new Uint8Array(Buffer.from(json.entryClasses, 'base64')),
      entryWeight,
      meta: json.meta,
    });
  }
}

/** The full template list a spec produces, and where each kind of template starts in it. */
interface Layout {
  names: string[];
  /** Sorted distinct offsets used by unit templates. */
  windowOffsets: number[];
  /** unitSlot[u][s]: full template of unit template u at windowOffsets[s], or -1. */
  unitSlot: number[][];
  historyBase: number;
  extraBase: number;
}

/** Full template names: `bias`, `<unit>@<offset>`, `tag@<offsets>`, `x:<extra>`. */
function layoutOf<S>(spec: TaggerSpec<S>): Layout {
  const names = ['bias'];
  const windowOffsets = [...new Set(spec.unitTemplates.flatMap((u) => u.offsets))].sort((a, b) => a - b);
  const unitSlot = spec.unitTemplates.map((u) => {
    const slots = windowOffsets.map(() => -1);
    for (const off of u.offsets) {
      slots[windowOffsets.indexOf(off)] = names.length;
      names.push(`${u.name}@${off}`);
    }
    return slots;
  });
  const historyBase = names.length;
  for (const h of spec.historyTemplates) {
    if (h.length === 0 || h.length > MAX_HISTORY_LENGTH || h.some((o) => !Number.isInteger(o) || o >= 0)) {
      throw new Error(`perceptron: history template [${h.join(', ')}] must list 1-${MAX_HISTORY_LENGTH} negative offsets`);
    }
    names.push(`tag@${h.join(',')}`);
  }
  const extraBase = names.length;
  for (const x of spec.extraTemplates) names.push(`x:${x}`);
  return { names, windowOffsets, unitSlot, historyBase, extraBase };
}

/** Weight rows of one unit (a position's key), grouped by window slot. */
interface UnitRows {
  rows: Int32Array;
  /** Slot s's rows are rows[starts[s]..starts[s+1]). */
  starts: Int32Array;
}

/**
 * Turns positions into weight rows, given the feature → row tables of a
 * model (or of a model being trained). Shared by training and tagging so
 * both see exactly the same features.
 */
class FeatureRows<S> {
  readonly nClasses: number;
  private readonly layout: Layout;
  private readonly unitCache = new Map<string, UnitRows>();
  private readonly startRows: UnitRows;
  private readonly endRows: UnitRows;
  private readonly biasRow: number;
  /** Per history template: combination index → row or -1. */
  private readonly historyRows: Int32Array[];
  private readonly emitExtra: EmitFeature;
  private readonly slotLists: number[][];
  buffer = new Int32Array(256);
  count = 0;

  constructor(
    private readonly spec: TaggerSpec<S>,
    private readonly tables: readonly Map<string, number>[],
    private readonly classes: readonly string[],
  ) {
    this.layout = layoutOf(spec);
    if (tables.length !== this.layout.names.length) throw new Error(`perceptron: ${tables.length} tables for ${this.layout.names.length} templates`);
    this.nClasses = classes.length;
    this.biasRow = tables[0]!.get('') ?? -1;
    this.slotLists = this.layout.windowOffsets.map(() => []);
    this.startRows = this.boundaryRows(START);
    this.endRows = this.boundaryRows(END);
    this.historyRows = spec.historyTemplates.map((h, k) => this.historyTable(h.length, tables[this.layout.historyBase + k]!));
    this.emitExtra = (template, value) => {
      const row = this.tables[this.layout.extraBase + template]?.get(value);
      if (row !== undefined) this.push(row);
    };
  }

  private historyTable(length: number, table: Map<string, number>): Int32Array {
    const radix = this.nClasses + 1;
    const out = new Int32Array(radix ** length).fill(-1);
    const names = [...this.classes, START];
    for (let idx = 0; idx < out.length; idx++) {
      const parts: string[] = [];
      for (let k = length - 1, rest = idx; k >= 0; k--, rest = Math.floor(rest / radix)) parts[k] = names[rest % radix]!;
      out[idx] = table.get(parts.join(' ')) ?? -1;
    }
    return out;
  }

  private boundaryRows(value: string): UnitRows {
    return this.packUnit((emit) => this.spec.unitTemplates.forEach((_, u) => emit(u, value)));
  }

  private packUnit(produce: (emit: EmitFeature) => void): UnitRows {
    const lists = this.slotLists;
    for (const l of lists) l.length = 0;
    produce((u, value) => {
      const slots = this.layout.unitSlot[u];
      if (slots === undefined) throw new Error(`perceptron: spec ${this.spec.name} emitted unknown unit template ${u}`);
      for (let s = 0; s < slots.length; s++) {
        const t = slots[s]!;
        if (t < 0) continue;
        const row = this.tables[t]!.get(value);
        if (row !== undefined) lists[s]!.push(row);
      }
    });
    const starts = new Int32Array(lists.length + 1);
    lists.forEach((l, s) => (starts[s + 1] = starts[s]! + l.length));
    const rows = new Int32Array(starts[lists.length]!);
    lists.forEach((l, s) => rows.set(l, starts[s]!));
    return { rows, starts };
  }

  /** Weight rows of every position of a sentence (cached by unit key). */
  unitsOf(sentence: S, n: number): UnitRows[] {
    const out: UnitRows[] = new Array<UnitRows>(n);
    for (let i = 0; i < n; i++) {
      const key = this.spec.unitKey(sentence, i);
      let entry = this.unitCache.get(key);
      if (entry === undefined) {
        entry = this.packUnit((emit) => this.spec.unitFeatures(sentence, i, emit));
        if (this.unitCache.size >= MAX_CACHED_UNITS) this.unitCache.clear();
        this.unitCache.set(key, entry);
      }
      out[i] = entry;
    }
    return out;
  }

  private push(row: number): void {
    if (this.count === this.buffer.length) {
      const bigger = new Int32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.count++] = row;
  }

  /** Collect the rows of position i into `buffer[0..count)`. `tagIds`/`tagNames` hold the tags of 0..i-1. */
  collect(sentence: S, i: number, n: number, units: readonly UnitRows[], tagIds: Int32Array, tagNames: readonly string[]): void {
    this.count = 0;
    if (this.biasRow >= 0) this.push(this.biasRow);
    const offsets = this.layout.windowOffsets;
    for (let s = 0; s < offsets.length; s++) {
      const p = i + offsets[s]!;
      const unit = p < 0 ? this.startRows : p >= n ? this.endRows : units[p]!;
      for (let k = unit.starts[s]!, end = unit.starts[s + 1]!; k < end; k++) this.push(unit.rows[k]!);
    }
    const hist = this.spec.historyTemplates;
    const radix = this.nClasses + 1;
    for (let h = 0; h < hist.length; h++) {
      const offs = hist[h]!;
      let idx = 0;
      for (let k = 0; k < offs.length; k++) {
        const p = i + offs[k]!;
        idx = idx * radix + (p < 0 ? this.nClasses : tagIds[p]!);
      }
      const row = this.historyRows[h]![idx]!;
      if (row >= 0) this.push(row);
    }
    this.spec.extraFeatures?.(sentence, i, tagNames, this.emitExtra);
  }
}

/** allowed[(prev + 1) * nClasses + next] (prev = -1 at the start); null when the spec has no rule. */
function transitionMask<S>(spec: TaggerSpec<S>, classes: readonly string[]): Uint8Array | null {
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
function argmax(scores: ArrayLike<number>, n: number, mask: Uint8Array | null, prev: number): number {
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
 * A model bound to its feature spec: tags sentences greedily, left to right.
 * Not re-entrant (it reuses buffers), which is fine in single-threaded JS.
 *
 * @example
 * const tagger = new SequenceTagger(PerceptronModel.fromJSON(json), spec);
 * const tags = tagger.tag(sentence);
 */
export class SequenceTagger<S> {
  private readonly rows: FeatureRows<S>;
  private readonly scores: Int32Array;
  private readonly mask: Uint8Array | null;
  private tagIds = new Int32Array(64);

  constructor(
    readonly model: PerceptronModel,
    private readonly spec: TaggerSpec<S>,
  ) {
    const expected = layoutOf(spec).names;
    if (model.spec !== spec.name) throw new Error(`perceptron: model was trained for spec "${model.spec}", not "${spec.name}"`);
    if (expected.join('\n') !== model.templates.join('\n')) {
      throw new Error(`perceptron: model templates differ from spec "${spec.name}" (retrain the model): expected ${expected.join(', ')}; found ${model.templates.join(', ')}`);
    }
    this.rows = new FeatureRows(spec, model.tables, model.classes);
    this.scores = new Int32Array(model.classes.length);
    this.mask = transitionMask(spec, model.classes);
  }

  /** Tags of every position of `sentence`, written into `out` when given. */
  tag(sentence: S, out: string[] = []): string[] {
    const n = this.spec.length(sentence);
    out.length = n;
    if (n === 0) return out;
    if (this.tagIds.length < n) this.tagIds = new Int32Array(Math.max(n, this.tagIds.length * 2));
    const { rowStart, entryClass, entryWeight, classes } = this.model;
    const nClasses = classes.length;
    const units = this.rows.unitsOf(sentence, n);
    const scores = this.scores;
    const tagIds = this.tagIds;
    for (let i = 0; i < n; i++) {
      this.rows.collect(sentence, i, n, units, tagIds, out);
      scores.fill(0);
      const buf = this.rows.buffer;
      for (let j = 0, count = this.rows.count; j < count; j++) {
        const r = buf[j]!;
        for (let e = rowStart[r]!, end = rowStart[r + 1]!; e < end; e++) scores[entryClass[e]!]! += entryWeight[e]!;
      }
      const best = argmax(scores, nClasses, this.mask, i === 0 ? -1 : tagIds[i - 1]!);
      tagIds[i] = best;
      out[i] = classes[best]!;
    }
    return out;
  }
}

/** Deterministic 32-bit PRNG (mulberry32): same seed, same sequence, on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with the given random source. */
function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}

/** Count unit and extra feature values over the training data (gold history). */
function countFeatures<S>(spec: TaggerSpec<S>, examples: readonly Example<S>[]): { units: Map<string, number>[]; extras: Map<string, number>[] } {
  const units = spec.unitTemplates.map(() => new Map<string, number>());
  const extras = spec.extraTemplates.map(() => new Map<string, number>());
  const bump = (maps: Map<string, number>[], t: number, v: string): void => {
    const m = maps[t];
    if (m === undefined) throw new Error(`perceptron: spec ${spec.name} emitted unknown template ${t}`);
    m.set(v, (m.get(v) ?? 0) + 1);
  };
  for (const ex of examples) {
    const n = spec.length(ex.input);
    if (n !== ex.tags.length) throw new Error(`perceptron: a training sentence has ${n} positions but ${ex.tags.length} tags`);
    for (let i = 0; i < n; i++) {
      spec.unitFeatures(ex.input, i, (t, v) => bump(units, t, v));
      spec.extraFeatures?.(ex.input, i, ex.tags, (t, v) => bump(extras, t, v));
    }
  }
  return { units, extras };
}

/** Feature → row tables for training: every value seen often enough, boundaries and all tag histories. */
function buildTrainingTables<S>(spec: TaggerSpec<S>, classes: readonly string[], examples: readonly Example<S>[], minCount: number): Map<string, number>[] {
  const layout = layoutOf(spec);
  const counts = countFeatures(spec, examples);
  const tables = layout.names.map(() => new Map<string, number>());
  let row = 0;
  tables[0]!.set('', row++);
  spec.unitTemplates.forEach((_, u) => {
    const kept = [START, END];
    for (const [v, c] of counts.units[u]!) if (c >= minCount && v !== START && v !== END) kept.push(v);
    for (const t of layout.unitSlot[u]!) {
      if (t < 0) continue;
      for (const v of kept) tables[t]!.set(v, row++);
    }
  });
  const names = [...classes, START];
  spec.historyTemplates.forEach((h, k) => {
    const table = tables[layout.historyBase + k]!;
    const combos = (prefix: string[]): void => {
      if (prefix.length === h.length) {
        table.set(prefix.join(' '), row++);
        return;
      }
      for (const name of names) combos([...prefix, name]);
    };
    combos([]);
  });
  spec.extraTemplates.forEach((_, x) => {
    for (const [v, c] of counts.extras[x]!) if (c >= minCount) tables[layout.extraBase + x]!.set(v, row++);
  });
  return tables;
}

/**
 * Train a model: averaged perceptron, greedy decoding with the model's own
 * predicted history (so training sees the errors tagging will see).
 * Deterministic: same examples and options, same model, bit for bit.
 *
 * @example
 * const model = trainTagger(spec, [{ input: sentence, tags: ['DT', 'NN'] }], { ...DEFAULT_TRAIN_OPTIONS, epochs: 5 });
 */
export function trainTagger<S>(spec: TaggerSpec<S>, examples: readonly Example<S>[], options: Partial<TrainOptions> = {}): PerceptronModel {
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const classes = [...new Set(examples.flatMap((e) => e.tags))].sort();
  if (classes.length === 0) throw new Error('perceptron: no training tags');
  if (classes.length > MAX_CLASSES) throw new Error(`perceptron: at most ${MAX_CLASSES} classes, found ${classes.length}`);
  const classId = new Map(classes.map((c, i) => [c, i]));
  const nC = classes.length;
  const tables = buildTrainingTables(spec, classes, examples, opts.minFeatureCount);
  const nRows = tables.reduce((s, t) => s + t.size, 0);
  const features = new FeatureRows(spec, tables, classes);
  const mask = transitionMask(spec, classes);

  // Dense training weights with lazy averaging: totals[k] accumulates weights[k] × steps it was in force.
  const weights = new Float32Array(nRows * nC);
  const totals = new Float64Array(nRows * nC);
  const stamps = new Int32Array(nRows * nC);
  let step = 0;
  const update = (k: number, delta: number): void => {
    totals[k]! += (step - stamps[k]!) * weights[k]!;
    stamps[k] = step;
    weights[k]! += delta;
  };

  const scores = new Float64Array(nC);
  const order = examples.map((_, i) => i);
  const random = seededRandom(opts.seed);
  const tagNames: string[] = [];
  let tagIds = new Int32Array(64);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffle(order, random);
    let correct = 0;
    let total = 0;
    for (const idx of order) {
      const ex = examples[idx]!;
      const n = ex.tags.length;
      if (tagIds.length < n) tagIds = new Int32Array(n * 2);
      tagNames.length = n;
      const units = features.unitsOf(ex.input, n);
      for (let i = 0; i < n; i++) {
        features.collect(ex.input, i, n, units, tagIds, tagNames);
        const buf = features.buffer;
        const count = features.count;
        scores.fill(0);
        for (let j = 0; j < count; j++) {
          const base = buf[j]! * nC;
          for (let c = 0; c < nC; c++) scores[c]! += weights[base + c]!;
        }
        const guess = argmax(scores, nC, mask, i === 0 ? -1 : tagIds[i - 1]!);
        const gold = classId.get(ex.tags[i]!)!;
        step++;
        if (guess !== gold) {
          for (let j = 0; j < count; j++) {
            const base = buf[j]! * nC;
            update(base + gold, 1);
            update(base + guess, -1);
          }
        } else correct++;
        total++;
        tagIds[i] = guess;
        tagNames[i] = classes[guess]!;
      }
    }
    opts.log?.(`${spec.name}: epoch ${epoch}/${opts.epochs}, training accuracy ${(correct / total).toFixed(4)}`);
  }
  return finalize(spec.name, classes, layoutOf(spec).names, tables, weights, totals, stamps, step, opts);
}

/** Average, quantize and prune the training weights into a compact model. */
function finalize(
  specName: string,
  classes: readonly string[],
  templates: readonly string[],
  tables: readonly Map<string, number>[],
  weights: Float32Array,
  totals: Float64Array,
  stamps: Int32Array,
  step: number,
  opts: TrainOptions,
): PerceptronModel {
  const nC = classes.length;
  const values: string[][] = [];
  const rowSizes: number[] = [];
  const entryClass: number[] = [];
  const entryWeight: number[] = [];
  for (const table of tables) {
    const kept: string[] = [];
    for (const [value, row] of table) {
      let size = 0;
      for (let c = 0; c < nC; c++) {
        const k = row * nC + c;
        const avg = (totals[k]! + (step - stamps[k]!) * weights[k]!) / Math.max(step, 1);
        const q = Math.max(-MAX_QUANTIZED, Math.min(MAX_QUANTIZED, Math.round(avg * opts.weightScale)));
        if (Math.abs(q) < opts.minWeight || q === 0) continue;
        entryClass.push(c);
        entryWeight.push(q);
        size++;
      }
      if (size > 0) {
        kept.push(value);
        rowSizes.push(size);
      }
    }
    values.push(kept);
  }
  return new PerceptronModel({
    spec: specName,
    classes,
    templates,
    values,
    rowSizes: Uint8Array.from(rowSizes),
    entryClass: Uint8Array.from(entryClass),
    entryWeight: Int16Array.from(entryWeight),
    meta: {
      ...(opts.meta ?? {}),
      epochs: opts.epochs,
      seed: opts.seed,
      minFeatureCount: opts.minFeatureCount,
      weightScale: opts.weightScale,
      minWeight: opts.minWeight,
    },
  });
}
