/**
 * Throughput and memory benchmark (`npm run bench`).
 *
 * 1. build a corpus from every test/cases/<slug>/input.txt (or a built-in article when there are none),
 *    repeated until it has at least MIN_ARTICLES articles and MIN_CORPUS_CHARS characters;
 * 2. warm up, then time explain() on each article (in process);
 * 3. time the quotes stage alone, and the entity tagger alone (on the corpus, warm; on eng.testa
 *    from the shared data with a fresh tagger: unseen text, cold caches; and on a stream of real news
 *    from the shared data: PolNeAR's train articles, then its dev articles);
 * 4. time the CLI's JSONL path on the same corpus (a child process, stdout to /dev/null), and on real
 *    news articles it has not seen (PolNeAR's dev articles from the shared data, skipped when absent);
 * 5. HTML extraction: ours and Mozilla Readability on linkedom over the same saved pages
 *    (../shared/data/extraction-dev, skipped when absent), each in its own child process
 *    (scripts/bench-extract-worker.ts) so that each peak RSS is its own, EXTRACT_RUNS times; compare
 *    the ratios of one run, and their spread over the runs;
 * 6. print a table and write bench/results.json (committed: it is the baseline to compare with);
 * 7. the corpus sections (scripts/bench-store.ts): ingest rate, query latency over a synthetic corpus,
 *    peak memory, HTTP load. `npm run bench -- --only store` (or --only ingest,query,memory,http) runs
 *    only those and writes bench/store-results.json; --corpus N makes the synthetic corpus smaller.
 * The events stage is timed alone too (after the stages before it): `npm run bench -- --events` runs only that section,
 * `npm run bench -- --ner` only the entity tagger's, `npm run bench -- --extraction` only section 5
 * (`--extraction-runs N` for N runs rather than EXTRACT_RUNS);
 * `npm run bench -- --skip-store` runs everything but the corpus sections.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { explain } from '../src/explain.js';
import { projectRoot, sharedDataDir } from '../src/data/paths.js';
import { PIPELINE, runPipeline } from '../src/pipeline.js';
import { quotesStage } from '../src/analyze/quotes/index.js';
import { entitiesStage } from '../src/analyze/entities/index.js';
import { conllFile, readConllDocuments } from '../src/text/conll.js';
import { NerTagger } from '../src/text/ner.js';
import { SyntaxTagger } from '../src/text/pos.js';
import { syntaxStage } from '../src/analyze/syntax/index.js';
import type { Doc } from '../src/analyze/types.js';
import { parseStoreArgs, printStoreResults, runStoreBench, STORE_SECTIONS } from './bench-store.js';
import { eventsStage } from '../src/analyze/events/index.js';
import { loadDictionarySet } from '../src/analyze/events/dictionary.js';

/** Enough articles for a stable p95. */
export const MIN_ARTICLES = 300;
/** About 1.5 MB of text: long enough that per-call overheads do not dominate. */
export const MIN_CORPUS_CHARS = 1_500_000;
/** Warm-up calls before timing (lets V8 optimise the hot paths). */
export const WARMUP_ARTICLES = 50;
/** heapUsed is sampled every this many articles (sampling costs a little). */
export const HEAP_SAMPLE_EVERY = 10;
/** Reference date given to explain(), so relative dates are resolved as in normal use. */
export const BENCH_REFERENCE_DATE = '2024-05-06';

const TIME_BIN = '/usr/bin/time';

const BUILTIN_ARTICLE = `Coastal towns back new ferry timetable

LINDHOLM — Officials from three island towns agreed on Thursday to a new ferry timetable that adds two evening crossings from June.

"People who work late have been stranded for years," said Karin Vos, the mayor of Lindholm. "This fixes that."

The operator, Nordsund Ferries, carried 1.2 million passengers last year, according to the regional transport office. Its chief executive, Pieter Aalst, said the extra crossings would cost about 3 million euros a year.

Fishermen want the early crossing kept for deliveries, said Anna Berg, who chairs the local fishing cooperative. The timetable will be reviewed in 2025.
`;

interface Corpus {
  articles: string[];
  uniqueArticles: number;
  chars: number;
  source: string;
}

function loadCorpus(root: string): Corpus {
  const casesDir = path.join(root, 'test', 'cases');
  const inputs: string[] = [];
  if (existsSync(casesDir)) {
    for (const slug of readdirSync(casesDir).sort()) {
      const file = path.join(casesDir, slug, 'input.txt');
      if (existsSync(file)) {
        const text = readFileSync(file, 'utf8');
        if (text.trim() !== '') inputs.push(text);
      }
    }
  }
  const source = inputs.length > 0 ? `test/cases/*/input.txt (${inputs.length} files)` : 'built-in article';
  const unique = inputs.length > 0 ? inputs : [BUILTIN_ARTICLE];
  const articles: string[] = [];
  let chars = 0;
  for (let i = 0; articles.length < MIN_ARTICLES || chars < MIN_CORPUS_CHARS; i++) {
    const text = unique[i % unique.length] ?? BUILTIN_ARTICLE;
    articles.push(text);
    chars += text.length;
  }
  return { articles, uniqueArticles: unique.length, chars, source };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
const mb = (bytes: number): number => round(bytes / (1024 * 1024), 1);

interface InProcessResult {
  articles: number;
  chars: number;
  seconds: number;
  articlesPerSecond: number;
  charsPerSecond: number;
  msPerArticleMean: number;
  msPerArticleP95: number;
  peakRssMB: number;
  peakHeapUsedMB: number;
}

function benchInProcess(corpus: Corpus): InProcessResult {
  const options = { referenceDate: BENCH_REFERENCE_DATE };
  for (let i = 0; i < Math.min(WARMUP_ARTICLES, corpus.articles.length); i++) explain(corpus.articles[i] ?? '', options);
  const times: number[] = [];
  let peakHeap = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  corpus.articles.forEach((text, i) => {
    const t0 = process.hrtime.bigint();
    explain(text, options);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (i % HEAP_SAMPLE_EVERY === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(times.length, 1);
  return {
    articles: corpus.articles.length,
    chars: corpus.chars,
    seconds: round(seconds, 3),
    articlesPerSecond: round(corpus.articles.length / seconds, 1),
    charsPerSecond: Math.round(corpus.chars / seconds),
    msPerArticleMean: round(mean, 3),
    msPerArticleP95: round(percentile(sorted, 95), 3),
    // resourceUsage().maxRSS is in kilobytes.
    peakRssMB: round(process.resourceUsage().maxRSS / 1024, 1),
    peakHeapUsedMB: mb(peakHeap),
  };
}

interface QuotesResult {
  articles: number;
  seconds: number;
  articlesPerSecond: number;
  charsPerSecond: number;
  msPerArticleMean: number;
  quotesFound: number;
}

/**
 * Quotation extraction alone: the layers it reads are built first (untimed),
 * then only the quotes stage is timed on each article.
 */
function benchQuotes(corpus: Corpus): QuotesResult {
  const before = PIPELINE.slice(0, PIPELINE.indexOf(quotesStage));
  const docs: Doc[] = corpus.articles.map((text) => runPipeline({ text, referenceDate: BENCH_REFERENCE_DATE, extras: [], layers: {} }, before));
  for (let i = 0; i < Math.min(WARMUP_ARTICLES, docs.length); i++) quotesStage.run(docs[i]!);
  let quotesFound = 0;
  const started = process.hrtime.bigint();
  for (const doc of docs) quotesFound += quotesStage.run(doc).length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    articles: docs.length,
    seconds: round(seconds, 3),
    articlesPerSecond: round(docs.length / seconds, 1),
    charsPerSecond: Math.round(corpus.chars / seconds),
    msPerArticleMean: round((seconds * 1000) / Math.max(docs.length, 1), 3),
    quotesFound,
  };
}

/** Event coding: what the events stage adds, per sentence. */
interface EventsResult {
  articles: number;
  sentences: number;
  events: number;
  seconds: number;
  /** Time of the events stage (including the part-of-speech tagging it asks for that no earlier stage did) per sentence of the corpus. */
  msPerSentence: number;
  msPerArticleMean: number;
  /** Loading the compiled Phoenix dictionaries (once per process). */
  dictionaryLoadMs: number;
}

/**
 * The events stage alone: every earlier stage runs first (untimed; the lazy
 * syntax layer keeps only what they tagged), then the events stage is timed
 * on each article, so the figure is what event coding adds to explain().
 */
function benchEvents(corpus: Corpus): EventsResult {
  const loadStart = process.hrtime.bigint();
  loadDictionarySet('phoenix');
  const dictionaryLoadMs = round(Number(process.hrtime.bigint() - loadStart) / 1e6, 1);
  const before = PIPELINE.slice(0, PIPELINE.indexOf(eventsStage));
  const warm = corpus.articles.slice(0, WARMUP_ARTICLES).map((text) => runPipeline({ text, referenceDate: BENCH_REFERENCE_DATE, extras: [], layers: {} }, before));
  for (const doc of warm) eventsStage.run(doc);
  const docs: Doc[] = corpus.articles.map((text) => runPipeline({ text, referenceDate: BENCH_REFERENCE_DATE, extras: [], layers: {} }, before));
  let sentences = 0;
  for (const doc of docs) sentences += doc.layers.sentences?.length ?? 0;
  let events = 0;
  const started = process.hrtime.bigint();
  for (const doc of docs) events += eventsStage.run(doc).length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    articles: docs.length,
    sentences,
    events,
    seconds: round(seconds, 3),
    msPerSentence: round((seconds * 1000) / Math.max(sentences, 1), 4),
    msPerArticleMean: round((seconds * 1000) / Math.max(docs.length, 1), 3),
    dictionaryLoadMs,
  };
}

function eventsRows(events: EventsResult): Array<[string, string]> {
  return [
    ['events stage ms/sentence (target ≤ 1)', String(events.msPerSentence)],
    ['events stage ms/article mean', String(events.msPerArticleMean)],
    ['events stage sentences / events coded', `${events.sentences} / ${events.events}`],
    ['event dictionaries load (ms, once)', String(events.dictionaryLoadMs)],
  ];
}

/** Replace one entry of bench/results.json (a run of one section), keeping the others' last figures. */
function writeResultsEntry(root: string, key: string, value: object): void {
  const file = path.join(root, 'bench', 'results.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...previous, [key]: { ...value, generatedAt: new Date().toISOString() } }, null, 2)}\n`);
  console.log(`\nwrote the ${key} entry of bench/results.json`);
}

/** `npm run bench -- --events`: the events section alone; its figures replace the `events` entry of bench/results.json. */
function mainEventsOnly(): void {
  const root = projectRoot();
  const corpus = loadCorpus(root);
  console.log(`corpus: ${corpus.articles.length} articles, ${corpus.chars.toLocaleString('en-US')} chars, from ${corpus.source}\n`);
  const events = benchEvents(corpus);
  printTable(eventsRows(events));
  writeResultsEntry(root, 'events', events);
}

/** `npm run bench -- --ner`: the entity tagger section alone; its figures replace the `ner` entry of bench/results.json. */
function mainNerOnly(): void {
  const root = projectRoot();
  const ner = benchNer(loadCorpus(root));
  printTable(nerRows(ner));
  writeResultsEntry(root, 'ner', ner);
}

/** A tagger's speed on the bench corpus (warm) and on eng.testa (cold). */
interface TaggerResult {
  /** The bench corpus (its few distinct articles repeated: the tagger's caches are warm). */
  corpusTokens: number;
  corpusTokensPerSecond: number;
  corpusMsPer1000Tokens: number;
  /** CoNLL-2003 eng.testa from the shared data, tagged by a freshly loaded tagger (unseen text, cold caches), or null when absent. */
  testaTokens: number | null;
  testaColdTokensPerSecond: number | null;
  testaColdMsPer1000Tokens: number | null;
  modelLoadMs: number;
}

/** Timed passes of the entity tagger over the corpus; the fastest is reported. */
export const NER_REPEATS = 3;

/** Sentences of a document as word lists, as the entity stage gives them to the tagger. */
function sentenceWords(doc: Doc): string[][] {
  const tokens = doc.layers.tokens ?? [];
  const out: string[][] = [];
  let ti = 0;
  for (const s of doc.layers.sentences ?? []) {
    while (ti < tokens.length && tokens[ti]!.start < s.start) ti++;
    const words: string[] = [];
    for (; ti < tokens.length && tokens[ti]!.end <= s.end; ti++) words.push(tokens[ti]!.text);
    if (words.length > 0) out.push(words);
  }
  return out;
}

/** How to load one tagger and run it on the bench corpus (units C) and on eng.testa (units X). */
interface TaggerRun<T, C, X> {
  load: () => T;
  corpus: readonly C[];
  corpusTokens: (unit: C) => number;
  tagCorpus: (tagger: T, unit: C) => unknown;
  /** eng.testa in the tagger's units, or null when the shared data is absent. */
  testa: readonly X[] | null;
  testaTokens: (unit: X) => number;
  tagTesta: (tagger: T, unit: X) => unknown;
}

const secondsSince = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;

/**
 * One tagger alone: load it, tag eng.testa once with the fresh tagger (every
 * new word is packed on first sight: the cost of unseen text), then warm up
 * on the corpus and keep the best of NER_REPEATS passes over it.
 */
function benchTagger<T, C, X>(run: TaggerRun<T, C, X>): TaggerResult {
  const loadStarted = process.hrtime.bigint();
  const tagger = run.load();
  const modelLoadMs = secondsSince(loadStarted) * 1000;
  let testaTokens: number | null = null;
  let testaSeconds = 0;
  if (run.testa !== null) {
    testaTokens = run.testa.reduce((n, u) => n + run.testaTokens(u), 0);
    const started = process.hrtime.bigint();
    for (const u of run.testa) run.tagTesta(tagger, u);
    testaSeconds = secondsSince(started);
  }
  for (let i = 0; i < Math.min(WARMUP_ARTICLES, run.corpus.length); i++) run.tagCorpus(tagger, run.corpus[i]!);
  const tokens = run.corpus.reduce((n, u) => n + run.corpusTokens(u), 0);
  // Best of NER_REPEATS passes: the machine is shared, and the fastest pass is the least disturbed.
  let best = Infinity;
  for (let r = 0; r < NER_REPEATS; r++) {
    const started = process.hrtime.bigint();
    for (const u of run.corpus) run.tagCorpus(tagger, u);
    best = Math.min(best, secondsSince(started));
  }
  return {
    corpusTokens: tokens,
    corpusTokensPerSecond: Math.round(tokens / best),
    corpusMsPer1000Tokens: round((best * 1e6) / tokens, 3),
    testaTokens,
    testaColdTokensPerSecond: testaTokens === null ? null : Math.round(testaTokens / testaSeconds),
    testaColdMsPer1000Tokens: testaTokens === null ? null : round((testaSeconds * 1e6) / testaTokens, 3),
    modelLoadMs: round(modelLoadMs, 0),
  };
}

/** eng.testa as documents of sentences of words, or null when the shared data is absent. */
function testaDocuments(): string[][][] | null {
  const testa = conllFile('eng.testa');
  return testa === null ? null : readConllDocuments(testa).map((d) => d.map((sentence) => sentence.words));
}

const wordsIn = (sentences: readonly (readonly string[])[]): number => sentences.reduce((n, s) => n + s.length, 0);

/**
 * The entity tagger on a stream of real news it was not trained on, as a
 * long batch sees it: a freshly loaded tagger over the PolNeAR train articles
 * (840 US political news articles of 2016, from the shared quotation corpus),
 * then the dev articles (84), then the dev articles again. The dev figure is
 * the steady state: common words are cached, while names and rare words new
 * to the stream are not. The second dev pass packs nothing new, so the gap
 * between the two is the cost of first sight, and the rest is per-token work.
 * Each document is split into sentences and tokens by the pipeline first (not timed).
 */
interface NewsStreamResult {
  source: string;
  streamTokens: number;
  /** The whole stream from a fresh tagger: train, then dev. */
  streamMsPer1000Tokens: number;
  devTokens: number;
  devAfterTrainMsPer1000Tokens: number;
  devAfterTrainTokensPerSecond: number;
  /**
   * The dev articles once more, every word now packed and cached: what is left is the per-token work on text
   * of real variety (thousands of distinct words, whose memo entries, packed units and weights no longer fit
   * in the CPU's caches), apart from packing words on first sight.
   */
  devCachedMsPer1000Tokens: number;
}

/** The text files of one PolNeAR split in the shared data (sorted), or null when absent. */
function polnearTexts(split: 'train' | 'dev'): { dir: string; files: string[] } | null {
  const shared = sharedDataDir();
  const dir = shared === null ? null : path.join(shared, 'quotes-dev', 'polnear', split, 'text');
  if (dir === null || !existsSync(dir)) return null;
  return { dir, files: readdirSync(dir).filter((f) => f.endsWith('.txt')).sort() };
}

function newsStream(): { train: string[][][]; dev: string[][][]; source: string } | null {
  const train = polnearTexts('train');
  const dev = polnearTexts('dev');
  if (train === null || dev === null) return null;
  const before = PIPELINE.slice(0, PIPELINE.indexOf(entitiesStage));
  const split = ({ dir, files }: { dir: string; files: string[] }): string[][][] =>
    files.map((f) => sentenceWords(runPipeline({ text: readFileSync(path.join(dir, f), 'utf8'), referenceDate: null, extras: [], layers: {} }, before)));
  return { train: split(train), dev: split(dev), source: path.relative(projectRoot(), path.dirname(path.dirname(dev.dir))) };
}

function benchNewsStream(): NewsStreamResult | null {
  const stream = newsStream();
  if (stream === null) return null;
  const tagger = NerTagger.load();
  const trainTokens = stream.train.reduce((n, d) => n + wordsIn(d), 0);
  const devTokens = stream.dev.reduce((n, d) => n + wordsIn(d), 0);
  const started = process.hrtime.bigint();
  for (const d of stream.train) tagger.tagDocument(d);
  const trainSeconds = secondsSince(started);
  const devStarted = process.hrtime.bigint();
  for (const d of stream.dev) tagger.tagDocument(d);
  const devSeconds = secondsSince(devStarted);
  const againStarted = process.hrtime.bigint();
  for (const d of stream.dev) tagger.tagDocument(d);
  const againSeconds = secondsSince(againStarted);
  return {
    source: `${stream.source}: ${stream.train.length} train articles, then ${stream.dev.length} dev articles`,
    streamTokens: trainTokens + devTokens,
    streamMsPer1000Tokens: round(((trainSeconds + devSeconds) * 1e6) / (trainTokens + devTokens), 3),
    devTokens,
    devAfterTrainMsPer1000Tokens: round((devSeconds * 1e6) / devTokens, 3),
    devAfterTrainTokensPerSecond: Math.round(devTokens / devSeconds),
    devCachedMsPer1000Tokens: round((againSeconds * 1e6) / devTokens, 3),
  };
}

/** The entity tagger's rows of the printed table. */
function nerRows(ner: ReturnType<typeof benchNer>): [string, string][] {
  return [
      ['entity tagger tokens/s (bench corpus, warm)', ner.corpusTokensPerSecond.toLocaleString('en-US')],
      ['entity tagger ms/1,000 tokens (bench corpus, warm)', String(ner.corpusMsPer1000Tokens)],
      ['entity tagger tokens/s (eng.testa, cold)', ner.testaColdTokensPerSecond === null ? 'n/a (no shared data)' : ner.testaColdTokensPerSecond.toLocaleString('en-US')],
      ['entity tagger ms/1,000 tokens (eng.testa, cold)', ner.testaColdMsPer1000Tokens === null ? 'n/a' : String(ner.testaColdMsPer1000Tokens)],
      ['entity tagger ms/1,000 tokens (news stream: PolNeAR train, then dev)', ner.newsStream === null ? 'n/a (no shared data)' : String(ner.newsStream.streamMsPer1000Tokens)],
      ['entity tagger ms/1,000 tokens (news stream: PolNeAR dev after train)', ner.newsStream === null ? 'n/a' : String(ner.newsStream.devAfterTrainMsPer1000Tokens)],
      ['entity tagger ms/1,000 tokens (news stream: PolNeAR dev again, all cached)', ner.newsStream === null ? 'n/a' : String(ner.newsStream.devCachedMsPer1000Tokens)],
      ['entity model load (ms)', String(ner.modelLoadMs)],
  ];
}

/** The entity tagger alone (both passes, flags and gazetteer included), document by document. */
function benchNer(corpus: Corpus): TaggerResult & { newsStream: NewsStreamResult | null } {
  const before = PIPELINE.slice(0, PIPELINE.indexOf(entitiesStage));
  const docs = corpus.articles.map((text) => sentenceWords(runPipeline({ text, referenceDate: BENCH_REFERENCE_DATE, extras: [], layers: {} }, before)));
  const result = benchTagger({
    load: () => NerTagger.load(),
    corpus: docs, corpusTokens: wordsIn, tagCorpus: (tagger, d) => tagger.tagDocument(d),
    testa: testaDocuments(), testaTokens: wordsIn, tagTesta: (tagger, d) => tagger.tagDocument(d),
  });
  return { ...result, newsStream: benchNewsStream() };
}

/** The syntax stage's tagger alone (part of speech, then chunks), sentence by sentence. */
function benchSyntax(corpus: Corpus): TaggerResult {
  const before = PIPELINE.slice(0, PIPELINE.indexOf(syntaxStage));
  const docs = corpus.articles.map((text) => runPipeline({ text, referenceDate: BENCH_REFERENCE_DATE, extras: [], layers: {} }, before));
  return benchTagger({
    load: () => SyntaxTagger.load(),
    corpus: docs, corpusTokens: (d: Doc) => d.layers.tokens!.length, tagCorpus: (tagger, d) => tagger.tagTokens(d.text, d.layers.tokens!, d.layers.sentences!),
    testa: testaDocuments()?.flat() ?? null, testaTokens: (words) => words.length, tagTesta: (tagger, words) => tagger.tagSentence(words),
  });
}

interface CliResult {
  /** What was fed to the CLI. */
  input: string;
  articles: number;
  chars: number;
  command: string;
  exitCode: number | null;
  seconds: number;
  articlesPerSecond: number;
  peakRssMB: number | null;
  note: string | null;
}

/**
 * Real news articles for the CLI's JSONL path, as an outside evaluator runs it: PolNeAR's 84 dev
 * articles (US political news, 2016; about 5,000 characters each) from the shared data, or null.
 * The bench corpus is a few short articles repeated, which a fresh process soon knows by heart;
 * these show what unseen articles of real length cost.
 */
function newsArticles(): { source: string; articles: string[] } | null {
  const dev = polnearTexts('dev');
  if (dev === null) return null;
  return { source: path.relative(projectRoot(), dev.dir), articles: dev.files.map((f) => readFileSync(path.join(dev.dir, f), 'utf8')) };
}

function benchCli(root: string, input: string, articles: readonly string[]): CliResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-bench-'));
  const jsonl = path.join(dir, 'corpus.jsonl');
  writeFileSync(jsonl, articles.map((text, i) => JSON.stringify({ id: `a${i}`, text })).join('\n') + '\n');
  const cliArgs = [path.join(root, 'bin', 'briefly.js'), 'explain', jsonl, '--jsonl', '--format', 'json', '--date', BENCH_REFERENCE_DATE];
  const useTime = existsSync(TIME_BIN) && spawnSync(TIME_BIN, ['-v', 'true']).status === 0;
  const devNull = openSync('/dev/null', 'w');
  try {
    const started = process.hrtime.bigint();
    const r = useTime
      ? spawnSync(TIME_BIN, ['-v', process.execPath, ...cliArgs], { stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      : spawnSync(process.execPath, cliArgs, { stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rss = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '') : null;
    return {
      input,
      articles: articles.length,
      chars: articles.reduce((n, a) => n + a.length, 0),
      command: `node bin/briefly.js explain corpus.jsonl --jsonl --format json --date ${BENCH_REFERENCE_DATE} > /dev/null`,
      exitCode: r.status,
      seconds: round(seconds, 3),
      articlesPerSecond: round(articles.length / seconds, 1),
      peakRssMB: rss?.[1] !== undefined ? round(Number(rss[1]) / 1024, 1) : null,
      note: useTime ? null : `${TIME_BIN} -v not available: wall time only`,
    };
  } finally {
    closeSync(devNull);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Passes over the extraction pages: about 390 pages per extractor, enough for a stable rate. */
export const EXTRACT_PASSES = 3;
/**
 * Runs of the extraction section. A process's peak RSS moves with when V8's collector happens to
 * run (Readability's from about 200 to 520 MB between runs on the same pages, ours less): each run
 * starts every process afresh, and the figures are given per run and as medians over the runs.
 */
export const EXTRACT_RUNS = 3;

/** `--extraction-runs N` (N >= 1) sets the number of runs; EXTRACT_RUNS otherwise. */
function extractRuns(argv: string[]): number {
  const at = argv.indexOf('--extraction-runs');
  const n = at < 0 ? NaN : Number(argv[at + 1]);
  return Number.isInteger(n) && n >= 1 ? n : EXTRACT_RUNS;
}

interface ExtractResult {
  extractor: string;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  cpuSeconds: number;
  pagesPerCpuSecond: number;
  peakRssMB: number;
  /** RSS once the extractor is loaded, before the first page. */
  loadRssMB: number;
  bodyChars: number;
}

interface ExtractRun {
  /** 1-minute load average when the run started (the machine is shared). */
  loadAverage: number;
  /** Which extractor ran first in this run (they alternate). */
  first: 'ours' | 'readability';
  baselineRssMB: number | null;
  ours: ExtractResult;
  readability: ExtractResult | null;
  speedRatio: number | null;
  /** The same in pages per CPU second (less moved by the machine's load). */
  cpuSpeedRatio: number | null;
  memoryRatio: number | null;
  memoryAboveBaselineRatio: number | null;
  /**
   * Each process's growth over its own RSS once its extractor is loaded (peakRssMB - loadRssMB),
   * ours over Readability's: the memory the pages cost each, without the modules either loads.
   */
  memoryAboveLoadRatio: number | null;
}

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median, 2), min: round(sorted[0]!, 2), max: round(sorted[sorted.length - 1]!, 2) };
}

interface ExtractionBench {
  source: string;
  /** How each process was started: the same for the three. */
  command: string;
  runs: ExtractRun[];
  speedRatio: Spread | null;
  cpuSpeedRatio: Spread | null;
  memoryRatio: Spread | null;
  memoryAboveBaselineRatio: Spread | null;
  memoryAboveLoadRatio: Spread | null;
  oursPeakRssMB: Spread | null;
  readabilityPeakRssMB: Spread | null;
  baselineRssMB: Spread | null;
  note: string | null;
}

/**
 * Ours and Readability on the same pages, each in its own process started the same way (the same
 * Node binary, no V8 or Node flags, the same environment, the same harness: only the extract
 * function differs, see scripts/bench-extract-worker.ts), EXTRACT_RUNS times, alternating which
 * goes first; plus the harness alone (Node + page reads), the baseline the two have in common.
 */
function benchExtraction(root: string, runCount = extractRuns(process.argv)): ExtractionBench | null {
  const shared = sharedDataDir();
  const dir = shared === null ? null : path.join(shared, 'extraction-dev', 'readability-test-pages');
  if (dir === null || !existsSync(dir)) return null;
  const worker = path.join(root, 'dist', 'scripts', 'bench-extract-worker.js');
  const run = (which: string): ExtractResult | string => {
    const r = spawnSync(process.execPath, [worker, which, dir, String(EXTRACT_PASSES)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0) return `${which} failed: ${(r.stderr ?? '').slice(0, 500)}`;
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ExtractResult;
  };
  const runs: ExtractRun[] = [];
  let note: string | null = null;
  for (let i = 0; i < runCount; i++) {
    const loadAverage = round(loadavg()[0] ?? 0, 2);
    const first = i % 2 === 0 ? 'ours' : 'readability';
    let ours: ExtractResult | string;
    let readability: ExtractResult | string;
    if (first === 'ours') {
      ours = run('ours');
      readability = run('readability');
    } else {
      readability = run('readability');
      ours = run('ours');
    }
    if (typeof ours === 'string') throw new Error(ours);
    const baseline = run('none');
    const baselineRssMB = typeof baseline === 'string' ? null : baseline.peakRssMB;
    if (typeof readability === 'string') note = readability;
    const r = typeof readability === 'string' ? null : readability;
    runs.push({
      loadAverage,
      first,
      baselineRssMB,
      ours,
      readability: r,
      speedRatio: r === null ? null : round(ours.pagesPerSecond / r.pagesPerSecond, 2),
      cpuSpeedRatio: r === null ? null : round(ours.pagesPerCpuSecond / r.pagesPerCpuSecond, 2),
      memoryRatio: r === null ? null : round(ours.peakRssMB / r.peakRssMB, 2),
      memoryAboveBaselineRatio:
        r === null || baselineRssMB === null ? null : round((ours.peakRssMB - baselineRssMB) / Math.max(1, r.peakRssMB - baselineRssMB), 2),
      memoryAboveLoadRatio: r === null ? null : round((ours.peakRssMB - ours.loadRssMB) / Math.max(1, r.peakRssMB - r.loadRssMB), 2),
    });
  }
  const values = (f: (r: ExtractRun) => number | null | undefined): number[] => runs.map(f).filter((v): v is number => typeof v === 'number');
  const pages = readdirSync(dir).filter((p) => existsSync(path.join(dir, p, 'source.html'))).length;
  return {
    source: `${path.relative(root, dir)} (${pages} pages × ${EXTRACT_PASSES} passes, ${runCount} runs)`,
    command: `${path.basename(process.execPath)} dist/scripts/bench-extract-worker.js ours|readability|none PAGES ${EXTRACT_PASSES}`,
    runs,
    speedRatio: spread(values((r) => r.speedRatio)),
    cpuSpeedRatio: spread(values((r) => r.cpuSpeedRatio)),
    memoryRatio: spread(values((r) => r.memoryRatio)),
    memoryAboveBaselineRatio: spread(values((r) => r.memoryAboveBaselineRatio)),
    memoryAboveLoadRatio: spread(values((r) => r.memoryAboveLoadRatio)),
    oursPeakRssMB: spread(values((r) => r.ours.peakRssMB)),
    readabilityPeakRssMB: spread(values((r) => r.readability?.peakRssMB)),
    baselineRssMB: spread(values((r) => r.baselineRssMB)),
    note,
  };
}

function printExtraction(extraction: ExtractionBench): void {
  console.log(`\nHTML extraction, ${extraction.source}, each extractor in its own process:`);
  const fmt = (s: Spread | null, unit = ''): string => (s === null ? 'n/a' : `${s.median}${unit} (${s.min}–${s.max})`);
  extraction.runs.forEach((r, i) => {
    const rd = r.readability;
    console.log(
      `run ${i + 1} (load ${r.loadAverage}, ${r.first} first): briefly ${r.ours.pagesPerSecond} pages/s ${r.ours.peakRssMB} MB; ` +
        `Readability ${rd ? `${rd.pagesPerSecond} pages/s ${rd.peakRssMB} MB` : 'n/a'}; baseline ${r.baselineRssMB ?? 'n/a'} MB; ` +
        `speed ${r.speedRatio ?? 'n/a'}× (CPU ${r.cpuSpeedRatio ?? 'n/a'}×), memory ${r.memoryRatio ?? 'n/a'} (above baseline ${r.memoryAboveBaselineRatio ?? 'n/a'}, above own load ${r.memoryAboveLoadRatio ?? 'n/a'})`,
    );
  });
  printTable([
    ['speed ratio (ours / Readability), median (min–max)', fmt(extraction.speedRatio, '×')],
    ['speed ratio in pages per CPU second, median (min–max)', fmt(extraction.cpuSpeedRatio, '×')],
    ['memory ratio (ours / Readability), median (min–max)', fmt(extraction.memoryRatio)],
    ['memory above baseline ratio, median (min–max)', fmt(extraction.memoryAboveBaselineRatio)],
    ['memory above own load RSS ratio, median (min–max)', fmt(extraction.memoryAboveLoadRatio)],
    ['briefly extract peak RSS (MB)', fmt(extraction.oursPeakRssMB)],
    ['Readability+linkedom peak RSS (MB)', fmt(extraction.readabilityPeakRssMB)],
    ['baseline peak RSS (MB): Node + page reads only', fmt(extraction.baselineRssMB)],
  ]);
  if (extraction.note !== null) console.log(`note: ${extraction.note}`);
}

function printTable(rows: Array<[string, string]>): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

async function main(): Promise<void> {
  const root = projectRoot();
  const storeArgs = parseStoreArgs(process.argv.slice(2));
  if (storeArgs.only.length > 0) {
    if (!storeArgs.only.every((s) => s === 'store' || (STORE_SECTIONS as readonly string[]).includes(s))) {
      throw new Error(`--only takes store or ${STORE_SECTIONS.join(', ')} (comma-separated); got ${storeArgs.only.join(',')}`);
    }
    const store = await runStoreBench(storeArgs);
    printStoreResults(store);
    const outDir = path.join(root, 'bench');
    mkdirSync(outDir, { recursive: true });
    // A run of some sections replaces those sections only: the others keep their last figures (and their dates).
    const file = path.join(outDir, 'store-results.json');
    const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    const now = new Date().toISOString();
    const runAt = { ...((previous.sectionsRunAt as Record<string, string> | undefined) ?? {}) };
    for (const key of Object.keys(store)) if (key !== 'options') runAt[key] = now;
    const merged = { ...previous, generatedAt: now, node: process.version, cpus: cpus().length, ...store, sectionsRunAt: runAt };
    writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
    console.log(`\nwrote bench/store-results.json (sections ${Object.keys(store).filter((k) => k !== 'options').join(', ')}; the others kept)`);
    return;
  }
  const skipStore = process.argv.includes('--skip-store');
  const corpus = loadCorpus(root);
  console.log(`corpus: ${corpus.articles.length} articles, ${corpus.chars.toLocaleString('en-US')} chars, from ${corpus.source}\n`);
  const inProcess = benchInProcess(corpus);
  const quotes = benchQuotes(corpus);
  const events = benchEvents(corpus);
  const ner = benchNer(corpus);
  const syntax = benchSyntax(corpus);
  const cli = benchCli(root, `the bench corpus (${corpus.source})`, corpus.articles);
  const news = newsArticles();
  const cliNews = news === null ? null : benchCli(root, `real news, unseen by the process: ${news.source}`, news.articles);
  const extraction = benchExtraction(root);
  printTable([
    ['explain() articles/s', String(inProcess.articlesPerSecond)],
    ['explain() chars/s', inProcess.charsPerSecond.toLocaleString('en-US')],
    ['ms/article mean', String(inProcess.msPerArticleMean)],
    ['ms/article p95', String(inProcess.msPerArticleP95)],
    ['peak RSS (MB)', String(inProcess.peakRssMB)],
    ['peak heapUsed (MB, sampled)', String(inProcess.peakHeapUsedMB)],
    ['quotes stage articles/s', String(quotes.articlesPerSecond)],
    ['quotes stage chars/s', quotes.charsPerSecond.toLocaleString('en-US')],
    ['quotes stage ms/article mean', String(quotes.msPerArticleMean)],
    ...eventsRows(events),
    ...nerRows(ner),
    ['syntax tagger tokens/s (bench corpus, warm)', syntax.corpusTokensPerSecond.toLocaleString('en-US')],
    ['syntax tagger ms/1,000 tokens (bench corpus, warm)', String(syntax.corpusMsPer1000Tokens)],
    ['syntax tagger ms/1,000 tokens (eng.testa, cold)', syntax.testaColdMsPer1000Tokens === null ? 'n/a' : String(syntax.testaColdMsPer1000Tokens)],
    ['syntax models load (ms)', String(syntax.modelLoadMs)],
    ['CLI --jsonl articles/s', String(cli.articlesPerSecond)],
    ['CLI --jsonl wall time (s)', String(cli.seconds)],
    ['CLI --jsonl peak RSS (MB)', cli.peakRssMB === null ? 'n/a' : String(cli.peakRssMB)],
    ['CLI exit code', String(cli.exitCode)],
    ['CLI --jsonl on real news (PolNeAR dev, 84 articles) articles/s', cliNews === null ? 'n/a (no shared data)' : String(cliNews.articlesPerSecond)],
    ['CLI --jsonl on real news: wall time (s), process start included', cliNews === null ? 'n/a' : String(cliNews.seconds)],
    ['CLI --jsonl on real news: peak RSS (MB)', cliNews === null || cliNews.peakRssMB === null ? 'n/a' : String(cliNews.peakRssMB)],
  ]);
  if (cli.note !== null) console.log(`note: ${cli.note}`);
  if (extraction === null) {
    console.log('\nextraction bench skipped: ../shared/data/extraction-dev is not here (set BRIEFLY_SHARED_DATA).');
  } else {
    printExtraction(extraction);
  }
  const results = {
    generatedAt: new Date().toISOString(),
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length },
    corpus: { source: corpus.source, uniqueArticles: corpus.uniqueArticles, articles: corpus.articles.length, chars: corpus.chars },
    explain: inProcess,
    quotes,
    events,
    ner,
    syntax,
    cliJsonl: cli,
    cliJsonlNews: cliNews,
    extraction,
    // --skip-store: the corpus sections take minutes (a 100,000-article build); their last figures stay in bench/store-results.json.
    store: skipStore ? { skipped: 'run without --skip-store, or npm run bench -- --only store (bench/store-results.json)' } : await runStoreBench(storeArgs),
  };
  if ('skipped' in results.store) console.log(`\ncorpus sections skipped: ${results.store.skipped}`);
  else printStoreResults(results.store);
  const outDir = path.join(root, 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwrote bench/results.json');
  if (cli.exitCode !== 0 || (cliNews !== null && cliNews.exitCode !== 0)) process.exitCode = 1;
}

/** `npm run bench -- --extraction`: the HTML extraction section alone; its figures replace the `extraction` entry of bench/results.json. */
function mainExtractionOnly(): void {
  const root = projectRoot();
  const extraction = benchExtraction(root);
  if (extraction === null) {
    console.log('extraction bench skipped: ../shared/data/extraction-dev is not here (set BRIEFLY_SHARED_DATA).');
    return;
  }
  printExtraction(extraction);
  writeResultsEntry(root, 'extraction', extraction);
}

if (process.argv.includes('--ner')) mainNerOnly();
else if (process.argv.includes('--events')) mainEventsOnly();
else if (process.argv.includes('--extraction')) mainExtractionOnly();
else await main();
