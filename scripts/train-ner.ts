/**
 * Train the named-entity tagger (`npm run train:ner`).
 *
 * 1. read CoNLL-2003 eng.train and eng.testa (documents) from the shared data folder;
 * 2. build the tagger inputs: normalized words, document flags, gazetteer flags
 *    (data/gazetteers/ner.json, when built);
 * 3. train the averaged perceptron on eng.train (IOB1 entity tags converted to IOB2): the first pass on
 *    each document and on each of its sentences alone, the second pass on each document;
 * 4. score it on eng.testa (entity-level exact match, per type and overall);
 * 5. write data/models/ner.json and its unit records, data/models/ner-records.bin (model format v2).
 *
 * eng.testa is only scored, never trained on. Deterministic: rerunning gives the same bytes.
 * Options:
 *   --out DIR      write the model to DIR instead of <project>/data/models
 *   --no-write     train and score only
 *   --epochs N     override the number of epochs (experiments)
 *   --no-solo      train the first pass on whole documents only, not also on each sentence alone (experiments)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../src/data/paths.js';
import { CONLL_SUBDIR, conllFile, iob1ToIob2, readConllDocuments, scoreChunks } from '../src/text/conll.js';
import { trainTagger } from '../src/text/perceptron-train.js';
import type { Example, TrainOptions } from '../src/text/perceptron-train.js';
import { NER_SPEC, NER_SPEC_2, NER_TYPES, fromBilou, toBilou } from '../src/text/ner-features.js';
import type { NerInput } from '../src/text/ner-features.js';
import { NerTagger, nerInputs, secondPassInputs } from '../src/text/ner.js';
import { SequenceTagger } from '../src/text/perceptron.js';
import { loadGazetteer } from '../src/text/gazetteer.js';
import { formatNerReport, scoreNer } from '../src/text/ner-eval.js';

/**
 * Training options, calibrated on eng.testa (two-pass F1): 10 epochs; features seen once kept
 * (minFeatureCount 1: PER 0.942 / overall 0.910, against 0.938 / 0.912 with 2); weights under
 * 0.2 dropped (minWeight 2 at scale 10). Re-run after changing features.
 */
const NER_OPTIONS: Partial<TrainOptions> = { epochs: 10, seed: 21, minFeatureCount: 1, weightScale: 10, minWeight: 2 };

/** Folds of eng.train (by document) for the first-pass tags the second pass learns from. */
const JACKKNIFE_FOLDS = 4;

const SOURCE_NOTE = 'CoNLL-2003 English eng.train (research-use data; see data/models/README.md)';

function main(argv: readonly string[]): number {
  const log = (m: string): void => console.error(`[train-ner] ${m}`);
  const noWrite = argv.includes('--no-write');
  const outIdx = argv.indexOf('--out');
  const outDir = outIdx >= 0 && argv[outIdx + 1] !== undefined ? path.resolve(argv[outIdx + 1]!) : path.join(projectRoot(), 'data', 'models');
  const epochIdx = argv.indexOf('--epochs');
  const epochs = epochIdx >= 0 ? Number(argv[epochIdx + 1]) : undefined;

  const trainFile = conllFile('eng.train');
  const devFile = conllFile('eng.testa');
  if (trainFile === null || devFile === null) {
    console.error(`train-ner: CoNLL-2003 eng.train / eng.testa not found under the shared data folder (<shared>/${CONLL_SUBDIR}); set BRIEFLY_SHARED_DATA or check ../shared/data. Nothing trained.`);
    return 1;
  }
  const t0 = performance.now();
  const train = readConllDocuments(trainFile);
  const dev = readConllDocuments(devFile);
  const gazetteer = loadGazetteer();
  log(`read ${train.length} training and ${dev.length} dev documents; gazetteer ${gazetteer === null ? 'absent' : gazetteer.categories.join(', ')}`);

  const docInputs = train.map((doc) => nerInputs(doc.map((s) => s.words), gazetteer));
  const docTags = train.map((doc) => doc.map((s) => toBilou(iob1ToIob2(s.ner))));
  const examplesOf = (docs: readonly number[], inputs: readonly (readonly NerInput[])[]): Example<NerInput>[] =>
    docs.flatMap((d) => inputs[d]!.map((input, k) => ({ input, tags: docTags[d]![k]! })));
  // The first pass also learns from every sentence as a document of its own: its document flags are then
  // those a text of one sentence gets (a CoNLL sentence scored alone, a headline), where a name's other
  // mentions are missing, not absent. Trained on whole documents only, it read a surname opening a lone
  // sentence ("Geraghty said …") as an ordinary capitalised word.
  const soloExamples = (docs: readonly number[]): Example<NerInput>[] =>
    argv.includes('--no-solo') ? [] : docs.flatMap((d) => train[d]!.map((s, k) => ({ input: nerInputs([s.words], gazetteer)[0]!, tags: docTags[d]![k]! })));
  const options = { ...NER_OPTIONS, ...(epochs !== undefined && Number.isInteger(epochs) && epochs > 0 ? { epochs } : {}) };
  const meta = { source: SOURCE_NOTE, script: 'scripts/train-ner.ts' };
  const all = train.map((_, d) => d);

  // Pass 1 on all of eng.train; and, for the second pass's training inputs, first-pass tags of each
  // document from a model that did not see it (JACKKNIFE_FOLDS folds by document), as at tagging time.
  const pass1 = trainTagger(NER_SPEC, [...examplesOf(all, docInputs), ...soloExamples(all)], { ...options, log, meta });
  {
    const t = new SequenceTagger(pass1, NER_SPEC);
    const gold = dev.flatMap((doc) => doc.map((s) => s.ner));
    const pred = dev.flatMap((doc) => nerInputs(doc.map((s) => s.words), gazetteer).map((x) => fromBilou(t.tag(x, []))));
    const byType = NER_TYPES.map((type) => `${type} ${scoreChunks(gold, pred, type).f1.toFixed(4)}`).join(', ');
    console.log(`pass 1 alone, eng.testa F1: ${scoreChunks(gold, pred).f1.toFixed(4)} (${byType})`);
    const solo = dev.flatMap((doc) => doc.map((s) => fromBilou(t.tag(nerInputs([s.words], gazetteer)[0]!, []))));
    const soloByType = NER_TYPES.map((type) => `${type} ${scoreChunks(gold, solo, type).f1.toFixed(4)}`).join(', ');
    console.log(`pass 1 alone, one sentence per document, eng.testa F1: ${scoreChunks(gold, solo).f1.toFixed(4)} (${soloByType})`);
    if (argv.includes('--pass1-only')) return 0;
  }
  const firstTags: string[][][] = train.map(() => []);
  for (let fold = 0; fold < JACKKNIFE_FOLDS; fold++) {
    const held = all.filter((d) => d % JACKKNIFE_FOLDS === fold);
    const rest = all.filter((d) => d % JACKKNIFE_FOLDS !== fold);
    const m = trainTagger(NER_SPEC, [...examplesOf(rest, docInputs), ...soloExamples(rest)], { ...options, log: undefined });
    const t = new SequenceTagger(m, NER_SPEC);
    for (const d of held) firstTags[d] = docInputs[d]!.map((x) => t.tag(x, []));
    log(`jackknife fold ${fold + 1}/${JACKKNIFE_FOLDS} done`);
  }
  const secondInputs = docInputs.map((inputs, d) => secondPassInputs(inputs, firstTags[d]!));
  const pass2 = trainTagger(NER_SPEC_2, examplesOf(all, secondInputs), { ...options, log, meta });
  const tagger = new NerTagger(pass1, pass2, gazetteer);
  const report = scoreNer(tagger, dev);
  console.log('eng.testa (entity-level exact match):');
  console.log(formatNerReport(report));
  const dumpIdx = argv.indexOf('--dump');
  if (dumpIdx >= 0 && argv[dumpIdx + 1] !== undefined) {
    const lines: string[] = [];
    let k = 0;
    for (const doc of dev) {
      lines.push('-DOCSTART- O O');
      for (const s of doc) {
        const pred = report.predicted[k++]!;
        s.words.forEach((w, i) => lines.push(`${w} ${s.ner[i]} ${pred[i]}`));
        lines.push('');
      }
    }
    writeFileSync(argv[dumpIdx + 1]!, lines.join('\n'));
  }
  console.log(`weights: pass 1 ${pass1.size}, pass 2 ${pass2.size}`);
  console.log(`dev tagging speed: ${report.tokensPerSecond} tokens/s`);
  if (!noWrite) {
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, 'ner.json');
    const { json, records } = tagger.toFiles();
    const recordsFile = path.join(outDir, json.records.file);
    writeFileSync(recordsFile, records);
    const text = `${JSON.stringify(json)}\n`;
    writeFileSync(file, text);
    console.log(`wrote ${file} (${Buffer.byteLength(text)} bytes) and ${recordsFile} (${records.length} bytes)`);
  }
  log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
