/**
 * `npm run eval:extract -- [DIR] [--worst N] [--json] [--pages a,b]`
 *
 * Extract every page of DIR (default ../shared/data/extraction-dev/readability-test-pages; each
 * page folder holds source.html, expected.html and expected-metadata.json) and print, per page and
 * overall, body token precision/recall/F1 and metadata accuracy (title, byline, excerpt, published
 * date, site name). Definitions: scripts/eval/extract-score.ts (printed under the table).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDataDir } from '../src/data/paths.js';
import { extractHtmlPage } from '../src/extract/html/index.js';
import { parseHtml, type Node } from '../src/extract/html/parse.js';
import { toIsoDate } from '../src/extract/html/metadata.js';
import { bylineMatches, dayMatches, excerptMatches, siteMatches, titleMatches, tokenPrf, type Prf } from './eval/extract-score.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--worst', '--pages'].includes(args[i - 1]!)));

let dir = positional[0];
if (!dir) {
  const shared = sharedDataDir();
  if (!shared) {
    console.log('eval:extract skipped: no DIR given and ../shared/data is not here (set BRIEFLY_SHARED_DATA to its path).');
    process.exit(0);
  }
  dir = path.join(shared, 'extraction-dev', 'readability-test-pages');
}
if (existsSync(path.join(dir, 'readability-test-pages'))) dir = path.join(dir, 'readability-test-pages');
if (!existsSync(dir)) {
  console.error(`eval:extract: ${dir} does not exist (expected a folder of page folders with source.html and expected.html).`);
  process.exit(2);
}

/** Text of the reference HTML with blocks separated by spaces (so words from two elements never merge). */
function referenceText(html: string): string {
  const out: string[] = [];
  const visit = (n: Node): void => {
    if (typeof n === 'string') out.push(n);
    else {
      out.push(' ');
      for (const c of n.children) visit(c);
      out.push(' ');
    }
  };
  visit(parseHtml(html).root);
  return out.join('');
}

interface ExpectedMeta {
  title?: string | null;
  byline?: string | null;
  excerpt?: string | null;
  siteName?: string | null;
  publishedTime?: string | null;
}

interface PageScore extends Prf {
  page: string;
  found: boolean;
  title: boolean;
  byline: boolean;
  excerpt: boolean;
  date: boolean;
  site: boolean;
  expected: ExpectedMeta;
  got: { title: string | null; byline: string[]; excerpt: string | null; date: string | null; site: string | null };
  ms: number;
}

const only = option('--pages')?.split(',');
const pages = readdirSync(dir)
  .filter((p) => existsSync(path.join(dir, p, 'source.html')) && existsSync(path.join(dir, p, 'expected.html')))
  .filter((p) => only === undefined || only.includes(p))
  .sort();
const scores: PageScore[] = [];
for (const page of pages) {
  const source = readFileSync(path.join(dir, page, 'source.html'), 'utf8');
  const reference = referenceText(readFileSync(path.join(dir, page, 'expected.html'), 'utf8'));
  const metaFile = path.join(dir, page, 'expected-metadata.json');
  const expected = (existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {}) as ExpectedMeta;
  const t0 = performance.now();
  const result = extractHtmlPage(source, { url: 'http://fakehost/test/page.html' });
  const ms = performance.now() - t0;
  const meta = result.found ? result.article.metadata : result.metadata;
  const body = result.found ? result.article.text : '';
  const prf = tokenPrf(body, reference);
  scores.push({
    page,
    ...prf,
    found: result.found,
    title: titleMatches(meta.title, expected.title ?? null),
    byline: bylineMatches(meta.byline, expected.byline ?? null),
    excerpt: excerptMatches(meta.dek, expected.excerpt ?? null),
    date: dayMatches(meta.publishedAt, toIsoDate(expected.publishedTime ?? null)),
    site: siteMatches(meta.publisher, expected.siteName ?? null),
    expected,
    got: { title: meta.title, byline: meta.byline, excerpt: meta.dek, date: meta.publishedAt, site: meta.publisher },
    ms,
  });
}

const n = scores.length;
const mean = (f: (s: PageScore) => number): number => (n === 0 ? 0 : scores.reduce((a, s) => a + f(s), 0) / n);
const acc = (key: 'title' | 'byline' | 'excerpt' | 'date' | 'site', has: (s: PageScore) => boolean): string => {
  const all = scores.filter((s) => s[key]).length / Math.max(1, n);
  const withRef = scores.filter(has);
  const sub = withRef.filter((s) => s[key]).length / Math.max(1, withRef.length);
  return `${all.toFixed(3)} (${sub.toFixed(3)} of ${withRef.length} with a reference)`;
};
const summary = {
  pages: n,
  precision: mean((s) => s.precision),
  recall: mean((s) => s.recall),
  f1: mean((s) => s.f1),
  title: scores.filter((s) => s.title).length / Math.max(1, n),
  byline: scores.filter((s) => s.byline).length / Math.max(1, n),
  excerpt: scores.filter((s) => s.excerpt).length / Math.max(1, n),
  publishedDate: scores.filter((s) => s.date).length / Math.max(1, n),
  siteName: scores.filter((s) => s.site).length / Math.max(1, n),
  noArticle: scores.filter((s) => !s.found).map((s) => s.page),
  msPerPage: mean((s) => s.ms),
};

if (args.includes('--json')) {
  console.log(JSON.stringify({ summary, pages: scores }, null, 2));
} else {
  const pct = (x: number): string => x.toFixed(3);
  const mark = (b: boolean): string => (b ? 'ok' : '--');
  console.log(`page                                      P      R      F1     title byline excerpt date  site`);
  for (const s of scores) {
    console.log(`${s.page.padEnd(40)} ${pct(s.precision)}  ${pct(s.recall)}  ${pct(s.f1)}  ${mark(s.title).padEnd(5)} ${mark(s.byline).padEnd(6)} ${mark(s.excerpt).padEnd(7)} ${mark(s.date).padEnd(5)} ${mark(s.site)}`);
  }
  console.log('');
  console.log(`pages ${n}; no article found on: ${summary.noArticle.join(', ') || 'none'}`);
  console.log(`body tokens  P ${pct(summary.precision)}  R ${pct(summary.recall)}  F1 ${pct(summary.f1)}  (mean over pages)`);
  console.log(`title        ${acc('title', (s) => !!s.expected.title)}`);
  console.log(`byline       ${acc('byline', (s) => !!s.expected.byline)}`);
  console.log(`excerpt      ${acc('excerpt', (s) => !!s.expected.excerpt)}`);
  console.log(`published    ${acc('date', (s) => !!s.expected.publishedTime)}`);
  console.log(`site name    ${acc('site', (s) => !!s.expected.siteName)}`);
  console.log(`extraction   ${summary.msPerPage.toFixed(1)} ms/page (mean, single run, includes warm-up)`);
  const worst = Number(option('--worst') ?? 10);
  const sorted = [...scores].sort((a, b) => a.f1 - b.f1).slice(0, worst);
  console.log(`\nworst ${worst} by F1: ${sorted.map((s) => `${s.page} ${pct(s.f1)} (P ${pct(s.precision)} R ${pct(s.recall)})`).join('; ')}`);
  console.log('\nDefinitions: scripts/eval/extract-score.ts. Reference bodies are Readability\'s output (captions in the body).');
}
