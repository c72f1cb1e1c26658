/**
 * Readability's test pages (../shared/data/extraction-dev): extraction must not fall below the
 * scores measured when issue 5's work landed (a regression floor; `npm run eval:extract` prints
 * the full table). Reads ../shared (third-party pages, never copied into the project); skips with
 * a message when it is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDataDir } from '../src/data/paths.js';
import { extractHtmlPage } from '../src/extract/html/index.js';
import { parseHtml, type Node } from '../src/extract/html/parse.js';
import { bylineMatches, titleMatches, tokenPrf } from '../scripts/eval/extract-score.js';

/** Measured: body F1 0.970, title 0.977, byline 0.854 (130 pages); floors a little below. */
const FLOOR = { f1: 0.95, title: 0.95, byline: 0.84 };

const shared = sharedDataDir();
const dir = shared ? path.join(shared, 'extraction-dev', 'readability-test-pages') : null;
const skip = dir && existsSync(dir) ? false : 'skipped: ../shared/data/extraction-dev not found (set BRIEFLY_SHARED_DATA)';

function referenceText(html: string): string {
  const out: string[] = [];
  const visit = (n: Node): void => {
    if (typeof n === 'string') out.push(n);
    else {
      for (const c of n.children) {
        out.push(' ');
        visit(c);
      }
    }
  };
  visit(parseHtml(html).root);
  return out.join('');
}

test('extraction-dev: body F1, title and byline stay above the measured floor', { skip }, () => {
  const pages = readdirSync(dir!).filter((p) => existsSync(path.join(dir!, p, 'expected.html')));
  let f1 = 0;
  let title = 0;
  let byline = 0;
  for (const page of pages) {
    const source = readFileSync(path.join(dir!, page, 'source.html'), 'utf8');
    const expected = JSON.parse(readFileSync(path.join(dir!, page, 'expected-metadata.json'), 'utf8')) as { title?: string | null; byline?: string | null };
    const r = extractHtmlPage(source, { url: 'http://fakehost/test/page.html' });
    const meta = r.found ? r.article.metadata : r.metadata;
    f1 += tokenPrf(r.found ? r.article.text : '', referenceText(readFileSync(path.join(dir!, page, 'expected.html'), 'utf8'))).f1;
    if (titleMatches(meta.title, expected.title ?? null)) title++;
    if (bylineMatches(meta.byline, expected.byline ?? null)) byline++;
  }
  const n = pages.length;
  assert.ok(n >= 100, `${n} pages`);
  const got = { f1: f1 / n, title: title / n, byline: byline / n };
  assert.ok(got.f1 >= FLOOR.f1 && got.title >= FLOOR.title && got.byline >= FLOOR.byline, `measured ${JSON.stringify(got)}, floor ${JSON.stringify(FLOOR)}`);
});
