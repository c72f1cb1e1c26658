/**
 * One extractor over a folder of saved pages, in its own process, so its peak memory is its own
 * (used by `npm run bench`; not a public command).
 *
 *   node dist/scripts/bench-extract-worker.js ours|readability PAGES_DIR PASSES
 *
 * Warms up on the first pages, then runs PASSES passes over all pages, each page read from disk
 * when its turn comes (as a batch job reads them; no corpus held in memory to blur the memory
 * figure), timing the extraction calls only, and prints one JSON line: pages, seconds (summed
 * extraction time), pagesPerSecond, peakRssMB, bodyChars.
 * `readability` is Mozilla Readability (@mozilla/readability) on linkedom's DOM (a dev dependency);
 * `none` only reads the pages (the baseline memory of the harness).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractHtmlPage } from '../src/extract/html/index.js';

const [, , which, dir, passesArg] = process.argv;
if ((which !== 'ours' && which !== 'readability' && which !== 'none') || dir === undefined) {
  console.error('usage: bench-extract-worker ours|readability|none PAGES_DIR [PASSES]');
  process.exit(2);
}
const passes = Math.max(1, Number(passesArg ?? 1));
const pages = readdirSync(dir)
  .filter((p) => existsSync(path.join(dir, p, 'source.html')))
  .sort()
  .map((p) => path.join(dir, p, 'source.html'));

type Extract = (html: string) => number;
let extract: Extract;
if (which === 'none') {
  // Baseline: Node and the page reads alone, to tell the extractors' own memory from the harness's.
  extract = (html) => html.length;
} else if (which === 'ours') {
  extract = (html) => {
    const r = extractHtmlPage(html, { url: 'http://fakehost/test/page.html' });
    return r.found ? r.article.text.length : 0;
  };
} else {
  const [{ Readability }, { parseHTML }] = await Promise.all([import('@mozilla/readability'), import('linkedom')]);
  extract = (html) => {
    const { document } = parseHTML(html);
    const article = new Readability(document as unknown as Document).parse();
    return article?.textContent?.length ?? 0;
  };
}

const WARMUP_PAGES = 10;
for (const file of pages.slice(0, WARMUP_PAGES)) extract(readFileSync(file, 'utf8'));
let bodyChars = 0;
let nanos = 0n;
for (let pass = 0; pass < passes; pass++) {
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    // Only extraction is timed: reading the file costs both extractors the same and is not their work.
    const t0 = process.hrtime.bigint();
    bodyChars += extract(html);
    nanos += process.hrtime.bigint() - t0;
  }
}
const seconds = Number(nanos) / 1e9;
const n = pages.length * passes;
console.log(
  JSON.stringify({
    extractor: which,
    pages: n,
    seconds: Number(seconds.toFixed(3)),
    pagesPerSecond: Number((n / seconds).toFixed(1)),
    // resourceUsage().maxRSS is in kilobytes; it covers the whole process (Node itself included, the same for both).
    peakRssMB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    bodyChars,
  }),
);
