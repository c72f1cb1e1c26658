/**
 * Score the entity tagger on a CoNLL-format file (`npm run eval:ner -- FILE`).
 *
 * Prints entity-level exact-match precision, recall and F1 per type and
 * overall (the conlleval definition: type and both boundaries must match),
 * and the tagging speed. FILE has one token per line, the word first and the
 * entity tag (IOB1 or IOB2, types PER/ORG/LOC/MISC) last; a blank line ends a
 * sentence and `-DOCSTART-` lines separate documents. Without FILE, eng.testa
 * from the shared data folder is scored.
 *
 * Options:
 *   --json            print the report as JSON instead of a table;
 *   --explain         also score the entities of full briefs (explain() without cleanup on each
 *                     document's tokens joined by spaces), as an outside scorer would;
 *   --per-sentence    with --explain: one explain() call per sentence (no document context).
 */
import { existsSync } from 'node:fs';
import { conllFile, readConllDocuments } from '../src/text/conll.js';
import { NerTagger } from '../src/text/ner.js';
import { formatNerReport, scoreNer, scoreNerThroughExplain } from '../src/text/ner-eval.js';
import { explain } from '../src/explain.js';

function main(argv: readonly string[]): number {
  const json = argv.includes('--json');
  const file = argv.find((a) => !a.startsWith('--')) ?? conllFile('eng.testa');
  if (file === null || file === undefined) {
    console.error('eval-ner: give a CoNLL-format FILE (eng.testa was not found in the shared data folder).');
    return 1;
  }
  if (!existsSync(file)) {
    console.error(`eval-ner: no such file: ${file}`);
    return 1;
  }
  const t0 = performance.now();
  const tagger = NerTagger.load();
  const loadMs = performance.now() - t0;
  const docs = readConllDocuments(file, { anyColumns: true });
  const report = scoreNer(tagger, docs);
  // A second run over the same documents shows the speed with the tagger's caches warm.
  const warm = scoreNer(tagger, docs);
  if (json) {
    const { predicted: _p, ...rest } = report;
    console.log(JSON.stringify({ file, ...rest, warmTokensPerSecond: warm.tokensPerSecond, modelLoadMs: Math.round(loadMs) }, null, 2));
    return 0;
  }
  console.log(`${file}: ${docs.length} documents, ${report.tokens} tokens`);
  console.log(formatNerReport(report));
  console.log(`model load: ${Math.round(loadMs)} ms`);
  console.log(`tagging speed: ${report.tokensPerSecond} tokens/s first pass over the file (cold caches), ${warm.tokensPerSecond} tokens/s again (warm)`);
  if (argv.includes('--explain')) {
    const perSentence = argv.includes('--per-sentence');
    const viaExplain = scoreNerThroughExplain((text) => explain(text, { cleanup: false }).entities, docs, perSentence);
    console.log(`\nthrough explain() --no-cleanup, ${perSentence ? 'one call per sentence' : 'one call per document'} (PERSON=PER, PLACE=LOC):`);
    console.log(formatNerReport(viaExplain));
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
