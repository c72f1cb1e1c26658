/**
 * `npm run eval:quotes -- [DIR] [--cleanup] [--errors N] [--kind direct,mixed,indirect] [--json]`
 *
 * Explain every article of a PolNeAR split (DIR holds `text/` and
 * `attributions/`; default: the dev split under ../shared/data/quotes-dev)
 * and print precision, recall and F1 for quote content (exact and overlap)
 * and content + speaker, overall and by kind. Definitions are in
 * scripts/eval/quotes-score.ts and are printed with the table.
 *
 * By default articles are explained with `cleanup: false` (the texts are
 * clean articles, the form `--no-cleanup` takes); `--cleanup` runs page
 * cleanup first and maps offsets back through `article.bodyStart`.
 *
 * `--agreement` scores the articles that several people annotated instead:
 * each annotator against each other one (human agreement, the ceiling any
 * system meets on this data), and briefly against each of them, pair for pair.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { explain } from '../src/explain.js';
import { sharedDataDir } from '../src/data/paths.js';
import type { ArticleScore } from './eval/quotes-score.js';
import { annotatorAsPredictions, formatSummary, polnearAnnotations, polnearArticles, predictionsOf, scoreArticle, summarize } from './eval/quotes-score.js';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--errors', '--kind'].includes(args[i - 1]!)));

let dir = positional[0];
if (!dir) {
  const shared = sharedDataDir();
  if (!shared) {
    console.log('eval:quotes skipped: no DIR given and ../shared/data is not here (set BRIEFLY_SHARED_DATA to its path).');
    process.exit(0);
  }
  dir = path.join(shared, 'quotes-dev', 'polnear', 'dev');
}
if (!existsSync(path.join(dir, 'text')) || !existsSync(path.join(dir, 'attributions'))) {
  console.error(`eval:quotes: ${dir} must hold text/ and attributions/ (a PolNeAR split, e.g. ../shared/data/quotes-dev/polnear/dev).`);
  process.exit(2);
}

if (flag('--agreement')) {
  // Every ordered pair of annotators (i as gold, j as prediction), and briefly against annotator i as often,
  // so both rows weigh each article and each gold annotator alike.
  const human: ArticleScore[] = [];
  const ours: ArticleScore[] = [];
  let articles = 0;
  let pairs = 0;
  for (const { text, annotators } of polnearAnnotations(dir)) {
    if (annotators.length < 2) continue;
    articles++;
    const predicted = predictionsOf(explain(text, { cleanup: flag('--cleanup') }));
    annotators.forEach((gold, i) =>
      annotators.forEach((other, j) => {
        if (i === j) return;
        pairs++;
        human.push(scoreArticle(text, gold, annotatorAsPredictions(other)));
        ours.push(scoreArticle(text, gold, predicted));
      }),
    );
  }
  if (articles === 0) {
    console.log(`eval:quotes --agreement ${dir}: no article there has more than one annotation file.`);
    process.exit(0);
  }
  console.log(`eval:quotes --agreement ${dir}: ${articles} articles with several annotators, ${pairs} ordered pairs of annotators\n`);
  console.log(`one annotator scored against another (speaker = the other's Source):\n${formatSummary(summarize(human))}\n`);
  console.log(`briefly scored against each annotator, pair for pair:\n${formatSummary(summarize(ours))}`);
  process.exit(0);
}

const scores: (ArticleScore & { name: string; text: string })[] = [];
let ms = 0;
for (const { name, text, gold } of polnearArticles(dir)) {
  const t0 = performance.now();
  const brief = explain(text, { cleanup: flag('--cleanup') });
  ms += performance.now() - t0;
  scores.push({ ...scoreArticle(text, gold, predictionsOf(brief)), name, text });
}

const summary = summarize(scores);
if (flag('--json')) {
  console.log(JSON.stringify({ dir, articles: scores.length, scores: Object.fromEntries(summary) }, null, 2));
} else {
  console.log(`eval:quotes ${dir}: ${scores.length} articles, ${(ms / Math.max(1, scores.length)).toFixed(1)} ms per article\n`);
  console.log(formatSummary(summary));
  console.log(`
Gold: PolNeAR attributions (content, source, cue); kind from the content's quotation marks.
Overlap: contents share a non-space character (one-to-one, largest first). Exact: equal after trimming
marks and edge punctuation. +speaker: speakerMention overlaps the gold Source. By kind: recall over gold
of that kind, precision over predictions of that kind.`);
}

const showErrors = Number(option('--errors') ?? 0);
// --kind direct,mixed: list only errors of those kinds (gold kind for misses, predicted kind for false hits).
const errorKinds = option('--kind')?.split(',');
const listed = (kind: string): boolean => !errorKinds || errorKinds.includes(kind);
if (showErrors > 0) {
  const clip = (t: string, s: { start: number; end: number }[]): string => s.map((x) => t.slice(x.start, x.end).replace(/\s+/g, ' ')).join(' | ').slice(0, 160);
  let shown = 0;
  for (const s of scores) {
    s.gold.forEach((g, gi) => {
      if (shown >= showErrors || !listed(g.kind)) return;
      const p = s.overlapMatch[gi]!;
      const src = g.source ? clip(s.text, g.source) : '-';
      if (p < 0) {
        // A miss whose content overlaps a prediction lost the one-to-one matching to another gold item (our
        // quote merged two attributions); else nothing was found there.
        const taken = s.predicted.findIndex((pr) => pr.content.some((x) => g.content.some((y) => x.start < y.end && y.start < x.end)));
        const why = taken >= 0 ? `overlaps a prediction matched elsewhere: ${clip(s.text, s.predicted[taken]!.content)}` : 'no prediction overlaps';
        console.log(`MISS  [${g.kind}] ${s.name}\n   content: ${clip(s.text, g.content)}\n   source:  ${src}  cue: ${clip(s.text, g.cue)}\n   ${why}`);
        shown++;
      } else {
        const pr = s.predicted[p]!;
        const ps = pr.speaker ? s.text.slice(pr.speaker.start, pr.speaker.end) : '-';
        const srcOk = g.source ? g.source.some((x) => pr.speaker && x.start < pr.speaker.end && pr.speaker.start < x.end) : !pr.speaker;
        if (!srcOk) {
          console.log(`SPKR  [${g.kind}] ${s.name}\n   content: ${clip(s.text, g.content)}\n   gold source: ${src}  predicted: ${ps}  (${pr.reason ?? ''}; ${clip(s.text, pr.content)})`);
          shown++;
        }
      }
    });
    const matched = new Set(s.overlapMatch);
    s.predicted.forEach((pr, pi) => {
      if (shown >= showErrors || matched.has(pi) || !listed(pr.kind)) return;
      console.log(`FALSE [${pr.kind}] ${s.name}\n   content: ${clip(s.text, pr.content)}\n   speaker: ${pr.speaker ? s.text.slice(pr.speaker.start, pr.speaker.end) : '-'}`);
      shown++;
    });
  }
}
