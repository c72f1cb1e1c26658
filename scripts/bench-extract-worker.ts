/**
 * One extractor over a folder of saved pages, in its own process, so its peak memory is its own
 * (used by `npm run bench`; not a public command).
 *
 *   node dist/scripts/bench-extract-worker.js ours|readability|none PAGES_DIR PASSES
 *
 * Warms up on the first pages, then runs PASSES passes over all pages, each page read from disk
 * when its turn comes (as a batch job reads them; no corpus held in memory to blur the memory
 * figure), timing the extraction calls only, and prints one JSON line: pages, seconds (summed
 * extraction time), pagesPerSecond, cpuSeconds and pagesPerCpuSecond (CPU time of the process during
 * the extraction calls), peakRssMB, loadRssMB (after loading the extractor, before the first page),
 * bodyChars.
 * `readability` is Mozilla Readability (@mozilla/readability) on linkedom's DOM (a dev dependency);
 * `none` only reads the pages (the baseline memory of the harness).
 *
 * The harness is the same code for all three: only the `extract` function differs. It is kept
 * small so that the peak RSS is the extractor's, not the harness's:
 * - each process loads only its own extractor (a dynamic import), so the baseline and Readability's
 *   process do not carry our modules and lexicons, nor ours linkedom;
 * - every page is read into one reused buffer and decoded to a string from there
 *   (`readFileSync(file, 'utf8')` makes a new off-heap Buffer per page: hundreds of MB of them over
 *   the passes, which V8 frees only when a collection happens to run, so the baseline swung
 *   with the garbage collector's timing rather than with anything the harness keeps).
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

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

/** One buffer for every page read, as large as the largest page. */
const buffer = Buffer.alloc(Math.max(1, ...pages.map((file) => statSync(file).size)));
function readPage(file: string): string {
  const fd = openSync(file, 'r');
  try {
    let n = 0;
    for (let got = 1; got > 0 && n < buffer.length; n += got) got = readSync(fd, buffer, n, buffer.length - n, n);
    return buffer.toString('utf8', 0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Peak RSS of this process in MB: VmHWM from /proc/self/status, the high-water mark of this program's
 * own memory. Not getrusage()'s maxRSS: Linux carries the parent's RSS at fork over into it through
 * exec, so a worker started by a large parent (npm run bench, after its other sections) reported at
 * least the parent's size (the 'baseline' of 123-126 MB was that). maxRSS only where /proc is missing.
 */
function peakRssMB(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m?.[1] !== undefined) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

type Extract = (html: string) => number;
let extract: Extract;
if (which === 'none') {
  // Baseline: Node and the page reads alone, to tell the extractors' own memory from the harness's.
  extract = (html) => html.length;
} else if (which === 'ours') {
  const { extractHtmlPage } = await import('../src/extract/html/index.js');
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
const loadRssMB = process.memoryUsage.rss() / (1024 * 1024);

const WARMUP_PAGES = 10;
for (const file of pages.slice(0, WARMUP_PAGES)) extract(readPage(file));
let bodyChars = 0;
let nanos = 0n;
/** CPU time of the process (every thread: the collector's helpers too) during the extraction calls. */
let cpuMicros = 0;
for (let pass = 0; pass < passes; pass++) {
  for (const file of pages) {
    const html = readPage(file);
    // Only extraction is timed: reading the file costs both extractors the same and is not their work.
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    bodyChars += extract(html);
    const c1 = process.cpuUsage(c0);
    nanos += process.hrtime.bigint() - t0;
    cpuMicros += c1.user + c1.system;
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
    // Pages per CPU second: less moved than wall time by other processes on a shared machine.
    cpuSeconds: Number((cpuMicros / 1e6).toFixed(3)),
    pagesPerCpuSecond: Number((n / (cpuMicros / 1e6)).toFixed(1)),
    // The whole process (Node itself included, the same for both).
    peakRssMB: Number(peakRssMB().toFixed(1)),
    loadRssMB: Number(loadRssMB.toFixed(1)),
    bodyChars,
  }),
);
