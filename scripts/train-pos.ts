/**
 * Train the part-of-speech tagger and the chunker (`npm run train:pos`).
 *
 * 1. read CoNLL-2003 eng.train and eng.testa from the shared data folder;
 * 2. train the POS model on eng.train (words in the tagger's normalized form);
 * 3. train the chunker on eng.train words and POS tags (IOB1 chunk tags
 *    converted to IOB2). It learns from the file's POS tags, not from our
 *    tagger's: that scored better on eng.testa with predicted POS (NP F1
 *    0.908 against 0.897 with 4-fold jackknifed tags), as the file's tags and
 *    chunks come from the same automatic annotation;
 * 4. score both on eng.testa (POS accuracy, chunk F1 overall and for NP),
 *    the chunker reading our predicted POS tags;
 * 5. write data/models/pos.json and data/models/chunk.json.
 *
 * Deterministic: rerunning gives the same bytes. Options:
 *   --out DIR      write the models to DIR instead of <project>/data/models
 *   --no-write     train and score only
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../src/data/paths.js';
import { CONLL_SUBDIR, conllFile, iob1ToIob2, readConll } from '../src/text/conll.js';
import type { ConllSentence } from '../src/text/conll.js';
import type { PerceptronModel } from '../src/text/perceptron.js';
import { trainTagger } from '../src/text/perceptron-train.js';
import type { Example, TrainOptions } from '../src/text/perceptron-train.js';
import { CHUNK_SPEC, POS_SPEC, chunkInput, normalizeWord, posInput } from '../src/text/pos-features.js';
import type { ChunkInput, PosInput } from '../src/text/pos-features.js';
import { SyntaxTagger } from '../src/text/pos.js';
import { goldPos, scoreSyntax } from '../src/text/pos-eval.js';

/**
 * POS training. Calibrated on eng.testa: accuracy is flat from 8 to 10 epochs
 * (0.955) and 0.954 at 6; dropping weights under 0.3 (minWeight 3 at scale 10)
 * costs under 0.0002 and 4% of the file. Re-run after changing features.
 */
const POS_OPTIONS: Partial<TrainOptions> = { epochs: 8, seed: 11, minFeatureCount: 2, weightScale: 10, minWeight: 3 };
/** Chunk training. Calibrated the same way: NP F1 0.908 at 6-8 epochs, 0.907 at 12. */
const CHUNK_OPTIONS: Partial<TrainOptions> = { epochs: 8, seed: 12, minFeatureCount: 2, weightScale: 10, minWeight: 3 };

const SOURCE_NOTE = 'CoNLL-2003 English eng.train (research-use data; see data/models/README.md)';

function normalizedWords(s: ConllSentence): string[] {
  return s.words.map(normalizeWord);
}

function posExamples(sentences: readonly ConllSentence[]): Example<PosInput>[] {
  return sentences.map((s) => ({ input: posInput(normalizedWords(s)), tags: goldPos(s) }));
}

function chunkExamples(sentences: readonly ConllSentence[]): Example<ChunkInput>[] {
  return sentences.map((s) => ({ input: chunkInput(normalizedWords(s), goldPos(s)), tags: iob1ToIob2(s.chunk) }));
}

function writeModel(dir: string, name: string, model: PerceptronModel): number {
  const file = path.join(dir, name);
  const text = `${JSON.stringify(model.toJSON())}\n`;
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

function main(argv: readonly string[]): number {
  const log = (m: string): void => console.error(`[train-pos] ${m}`);
  const noWrite = argv.includes('--no-write');
  const outIdx = argv.indexOf('--out');
  const outDir = outIdx >= 0 && argv[outIdx + 1] !== undefined ? path.resolve(argv[outIdx + 1]!) : path.join(projectRoot(), 'data', 'models');

  const trainFile = conllFile('eng.train');
  const devFile = conllFile('eng.testa');
  if (trainFile === null || devFile === null) {
    console.error(`train-pos: CoNLL-2003 eng.train / eng.testa not found under the shared data folder (<shared>/${CONLL_SUBDIR}); set BRIEFLY_SHARED_DATA or check ../shared/data. Nothing trained.`);
    return 1;
  }
  const t0 = performance.now();
  const train = readConll(trainFile);
  const dev = readConll(devFile);
  log(`read ${train.length} training and ${dev.length} dev sentences`);

  const posModel = trainTagger(POS_SPEC, posExamples(train), { ...POS_OPTIONS, log, meta: { source: SOURCE_NOTE, script: 'scripts/train-pos.ts' } });
  const chunkModel = trainTagger(CHUNK_SPEC, chunkExamples(train), { ...CHUNK_OPTIONS, log, meta: { source: SOURCE_NOTE, script: 'scripts/train-pos.ts' } });
  const tagger = new SyntaxTagger(posModel, chunkModel);
  const scores = scoreSyntax(tagger, dev);

  console.log(`POS accuracy (eng.testa):      ${scores.posAccuracy.toFixed(4)}`);
  console.log(`chunk tag accuracy:            ${scores.chunkAccuracy.toFixed(4)}`);
  console.log(`chunk F1 (all types):          ${scores.chunkF1.toFixed(4)}`);
  console.log(`NP chunk F1:                   ${scores.npF1.toFixed(4)}`);
  console.log(`VP chunk F1:                   ${scores.vpF1.toFixed(4)}`);
  console.log(`weights: POS ${posModel.size}, chunk ${chunkModel.size}`);
  console.log(`dev tagging speed:             ${scores.tokensPerSecond} tokens/s (normalized input)`);
  if (!noWrite) {
    mkdirSync(outDir, { recursive: true });
    const posBytes = writeModel(outDir, 'pos.json', posModel);
    const chunkBytes = writeModel(outDir, 'chunk.json', chunkModel);
    console.log(`wrote ${path.join(outDir, 'pos.json')} (${posBytes} bytes) and chunk.json (${chunkBytes} bytes)`);
  }
  log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
