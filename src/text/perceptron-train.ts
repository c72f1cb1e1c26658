/**
 * Training for the averaged-perceptron tagger (src/text/perceptron.ts).
 *
 * 1. collect the classes, the attribute vocabulary and the feature values
 *    seen at least `minFeatureCount` times (with gold tags);
 * 2. for a fixed number of epochs, shuffle the sentences with a seeded PRNG
 *    and tag each one greedily with the current weights, using the model's
 *    own predicted history; on a wrong tag, +1 to the gold class and -1 to
 *    the guess for every active feature;
 * 3. average the weights over all steps (lazy averaging), quantize them to
 *    integers and drop the small ones.
 *
 * Deterministic: same examples and options, same model, bit for bit.
 *
 * @example
 * const model = trainTagger(spec, [{ input: sentence, tags: ['DT', 'NN'] }], { epochs: 5 });
 * writeFileSync('model.json', JSON.stringify(model.toJSON()));
 */
import { END, FeatureIndex, MAX_CLASSES, MAX_COMBO_TABLE, MAX_QUANTIZED, PerceptronModel, START, argmax, layoutOf, transitionMask } from './perceptron.js';
import type { EmitFeature, TaggerSpec, UnitRows } from './perceptron.js';

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
  /** Unit and extra feature values seen fewer times than this (with gold tags) get no weights. */
  minFeatureCount: number;
  /** Averaged weights are multiplied by this and rounded to integers. */
  weightScale: number;
  /** Quantized weights smaller than this in absolute value are dropped. */
  minWeight: number;
  /** Progress messages (one per epoch). */
  log?: (message: string) => void;
  /** Notes stored in the model (source, script…); keep them deterministic for reproducible files. */
  meta?: Record<string, string | number>;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 8,
  seed: 1,
  minFeatureCount: 2,
  weightScale: 10,
  minWeight: 1,
};

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

/** Feature → row tables for training: values seen often enough (with gold tags), boundaries, all combinations. */
function buildTrainingTables<S>(spec: TaggerSpec<S>, classes: readonly string[], attributes: readonly string[], examples: readonly Example<S>[], minCount: number): Map<string, number>[] {
  const layout = layoutOf(spec);
  const unitCounts = spec.unitTemplates.map(() => new Map<string, number>());
  const extraCounts = (spec.extraTemplates ?? []).map(() => new Map<string, number>());
  const bump = (m: Map<string, number> | undefined, v: string): void => {
    if (m === undefined) throw new Error(`perceptron: spec ${spec.name} emitted an unknown template`);
    m.set(v, (m.get(v) ?? 0) + 1);
  };
  for (const ex of examples) {
    const n = spec.length(ex.input);
    if (n !== ex.tags.length) throw new Error(`perceptron: a training sentence has ${n} positions but ${ex.tags.length} tags`);
    for (let i = 0; i < n; i++) {
      spec.unitFeatures(ex.input, i, (u, v) => {
        // Conjoined values are counted as the position i itself (offset 0) would see them, with gold tags.
        const template = spec.unitTemplates[u];
        if (template?.tag !== undefined) {
          const p = i + template.tag;
          bump(unitCounts[u], `${p < 0 ? START : ex.tags[p]!} ${v}`);
        } else if (template?.attr !== undefined) {
          const p = i + template.attr;
          bump(unitCounts[u], `${p < 0 ? START : p >= n ? END : spec.attribute!(ex.input, p)} ${v}`);
        } else bump(unitCounts[u], v);
      });
      spec.extraFeatures?.(ex.input, i, ex.tags, (x, v) => bump(extraCounts[x], v));
    }
  }
  const tables = layout.names.map(() => new Map<string, number>());
  let row = 0;
  tables[0]!.set('', row++);
  spec.unitTemplates.forEach((u, k) => {
    const kept: string[] = u.tag === undefined && u.attr === undefined ? [START, END] : [];
    for (const [v, c] of unitCounts[k]!) if (c >= minCount && v !== START && v !== END) kept.push(v);
    for (const t of layout.unitSlot[k]!) {
      if (t < 0) continue;
      for (const v of kept) tables[t]!.set(v, row++);
    }
  });
  const index = new FeatureIndex(spec, layout.names.map(() => new Map<string, number>()), classes, attributes);
  layout.combos.forEach((c, k) => {
    const table = tables[layout.comboBase + k]!;
    const size = index.comboSize(c);
    if (size > MAX_COMBO_TABLE) throw new Error(`perceptron: combination template ${layout.names[layout.comboBase + k]} has ${size} values (at most ${MAX_COMBO_TABLE})`);
    for (let idx = 0; idx < size; idx++) {
      const v = index.comboValue(c, idx);
      if (v !== null) table.set(v, row++);
    }
  });
  (spec.extraTemplates ?? []).forEach((_, x) => {
    for (const [v, c] of extraCounts[x]!) if (c >= minCount) tables[layout.extraBase + x]!.set(v, row++);
  });
  return tables;
}

/**
 * Train a model: averaged perceptron, greedy decoding with the model's own
 * predicted history (so training sees the errors tagging will see).
 * Deterministic: same examples and options, same model, bit for bit.
 *
 * @example
 * const model = trainTagger(spec, [{ input: sentence, tags: ['DT', 'NN'] }], { epochs: 5 });
 */
export function trainTagger<S>(spec: TaggerSpec<S>, examples: readonly Example<S>[], options: Partial<TrainOptions> = {}): PerceptronModel {
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const classes = [...new Set(examples.flatMap((e) => e.tags))].sort();
  if (classes.length === 0) throw new Error('perceptron: no training tags');
  if (classes.length > MAX_CLASSES) throw new Error(`perceptron: at most ${MAX_CLASSES} classes, found ${classes.length}`);
  const attribute = spec.attribute;
  const attributes =
    attribute === undefined ? [] : [...new Set(examples.flatMap((e) => Array.from({ length: e.tags.length }, (_, i) => attribute(e.input, i))))].sort();
  const spaced = [...classes, ...attributes].find((v) => v.includes(' ') || v === '');
  if (spaced !== undefined) throw new Error(`perceptron: tags and attributes must be non-empty and contain no space: "${spaced}"`);
  const classId = new Map(classes.map((c, i) => [c, i]));
  const nC = classes.length;
  const tables = buildTrainingTables(spec, classes, attributes, examples, opts.minFeatureCount);
  const nRows = tables.reduce((s, t) => s + t.size, 0);
  const index = new FeatureIndex(spec, tables, classes, attributes);
  const mask = transitionMask(spec, classes);
  const layout = index.layout;
  const extraTables = tables.slice(layout.extraBase);

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

  const unitCache = new Map<string, UnitRows>();
  const rows: number[] = [];
  const emitExtra: EmitFeature = (x, v) => {
    const r = extraTables[x]?.get(v);
    if (r !== undefined) rows.push(r);
  };
  const scores = new Float64Array(nC);
  const order = examples.map((_, i) => i);
  const random = seededRandom(opts.seed);
  const tagNames: string[] = [];
  let tagIds = new Int32Array(64);
  let attrIds = new Int32Array(64);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffle(order, random);
    let correct = 0;
    let total = 0;
    for (const idx of order) {
      const ex = examples[idx]!;
      const n = ex.tags.length;
      if (tagIds.length < n) {
        tagIds = new Int32Array(n * 2);
        attrIds = new Int32Array(n * 2);
      }
      tagNames.length = n;
      const units: UnitRows[] = [];
      for (let i = 0; i < n; i++) {
        const key = spec.unitKey(ex.input, i);
        let u = unitCache.get(key);
        if (u === undefined) unitCache.set(key, (u = index.unitRows(ex.input, i)));
        units.push(u);
      }
      index.attrIdsOf(ex.input, n, attrIds);
      for (let i = 0; i < n; i++) {
        // Collect the rows of position i (same features as SequenceTagger.tag).
        rows.length = 0;
        if (index.biasRow >= 0) rows.push(index.biasRow);
        layout.windowOffsets.forEach((off, s) => {
          const p = i + off;
          const u = p < 0 ? index.startUnit : p >= n ? index.endUnit : units[p]!;
          for (let k = u.starts[s]!; k < u.starts[s + 1]!; k++) rows.push(u.rows[k]!);
          for (let k = u.conjStarts[s]!; k < u.conjStarts[s + 1]!; k++) {
            const r = index.conjRow(u, k, i, n, tagIds, attrIds);
            if (r >= 0) rows.push(r);
          }
        });
        layout.combos.forEach((c, k) => {
          const r = index.comboRows[k]![index.comboIndex(c, i, tagIds, attrIds, n)]!;
          if (r >= 0) rows.push(r);
        });
        spec.extraFeatures?.(ex.input, i, tagNames, emitExtra);

        scores.fill(0);
        for (const r of rows) {
          const base = r * nC;
          for (let c = 0; c < nC; c++) scores[c]! += weights[base + c]!;
        }
        const guess = argmax(scores, nC, mask, i === 0 ? -1 : tagIds[i - 1]!);
        const gold = classId.get(ex.tags[i]!)!;
        step++;
        if (guess !== gold) {
          for (const r of rows) {
            update(r * nC + gold, 1);
            update(r * nC + guess, -1);
          }
        } else correct++;
        total++;
        tagIds[i] = guess;
        tagNames[i] = classes[guess]!;
      }
    }
    opts.log?.(`${spec.name}: epoch ${epoch}/${opts.epochs}, training accuracy ${(correct / total).toFixed(4)}`);
  }

  // Average, quantize, prune.
  const values: string[][] = [];
  const rowSizes: number[] = [];
  const entryClass: number[] = [];
  const entryWeight: number[] = [];
  for (const table of tables) {
    const kept: string[] = [];
    for (const [value, r] of table) {
      let size = 0;
      for (let c = 0; c < nC; c++) {
        const k = r * nC + c;
        const avg = (totals[k]! + (step - stamps[k]!) * weights[k]!) / Math.max(step, 1);
        const q = Math.max(-MAX_QUANTIZED, Math.min(MAX_QUANTIZED, Math.round(avg * opts.weightScale)));
        if (q === 0 || Math.abs(q) < opts.minWeight) continue;
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
    spec: spec.name,
    classes,
    attributes,
    templates: layout.names,
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
