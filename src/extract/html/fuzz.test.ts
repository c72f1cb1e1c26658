/**
 * Property test: random and mutated HTML never crashes extraction, and no page takes unbounded time.
 * Inputs come from a seeded generator (reproducible): tag soup, mutations of a real-shaped page,
 * deep nesting, a 10 MB attribute, binary bytes. The time bound is a guard against pathological
 * (super-linear) behaviour, not a speed test: speed is measured by `npm run bench`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractHtmlPage } from './index.js';
import { explainHtml } from '../../explain.js';
import { isBrieflyError } from '../../errors.js';
import { seededRandom } from '../../text/perceptron-train.js';

/** Generous per-page bound (ms): the largest inputs here take well under a second. */
const MAX_MS_PER_PAGE = 10_000;
const SEED = 20_240_506;

const TAGS = ['div', 'p', 'span', 'a', 'article', 'section', 'nav', 'aside', 'footer', 'header', 'ul', 'li', 'table', 'tr', 'td', 'h1', 'h2', 'blockquote', 'pre', 'br', 'img', 'script', 'style', 'figure', 'figcaption', 'main', 'form', 'svg', 'template', 'noscript', 'b', 'i', 'q', 'font', 'center', 'xmp', 'plaintext', 'textarea', 'title', 'iframe'];
const ATTRS = ['class="content"', 'class="comments"', 'id="share"', 'hidden', 'aria-hidden="true"', 'style="display:none"', 'itemprop="articleBody"', 'role="navigation"', 'href="/x"', 'href="javascript:void(0)"', 'class', '="="', "'"];
const WORDS = 'the council voted on tuesday to rebuild sea wall after storms said mayor & &amp; &#0; &#x110000; &bogus; < > " \' — 日本 العربية'.split(' ');

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function tagSoup(r: () => number, size: number): string {
  let out = '';
  for (let i = 0; i < size; i++) {
    const x = r();
    if (x < 0.3) out += `<${pick(r, TAGS)}${r() < 0.5 ? ` ${pick(r, ATTRS)}` : ''}>`;
    else if (x < 0.45) out += `</${pick(r, TAGS)}>`;
    else if (x < 0.5) out += pick(r, ['<!--', '-->', '<![CDATA[', ']]>', '<!doctype html>', '<', '</', '/>', '<?xml?>']);
    else out += `${pick(r, WORDS)} `;
  }
  return out;
}

const BASE = `<!doctype html><html><head><title>A | B</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"name":"Jane Roe"}}</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>H</h1><p class="byline">By Jane Roe</p>
<p>The council voted on Tuesday to rebuild the sea wall, after storms broke it twice last winter, the mayor said.</p>
<p>Engineers said the work would take two years and cost about twelve million euros, paid by the region.</p>
<figure><img src="a.jpg"><figcaption>The wall. <span class="credit">Photo: A</span></figcaption></figure></article></body></html>`;

function mutate(r: () => number, s: string, edits: number): string {
  let out = s;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (out.length + 1));
    const op = r();
    if (op < 0.4) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 20));
    else if (op < 0.7) out = out.slice(0, at) + pick(r, ['<', '>', '</p>', '<div>', '"', '&', '\u0000', '\uFFFD', '<script>']) + out.slice(at);
    else {
      const from = Math.floor(r() * out.length);
      out = out.slice(0, at) + out.slice(from, from + Math.floor(r() * 200)) + out.slice(at);
    }
  }
  return out;
}

function checkPage(html: string, label: string): void {
  const t0 = performance.now();
  let result;
  try {
    result = extractHtmlPage(html, { url: 'https://example.invalid/a' });
  } catch (e) {
    assert.fail(`${label}: extraction threw ${(e as Error).stack ?? String(e)}`);
  }
  const ms = performance.now() - t0;
  assert.ok(ms < MAX_MS_PER_PAGE, `${label}: ${Math.round(ms)} ms`);
  assert.equal(typeof result.found, 'boolean');
  if (result.found) {
    assert.equal(typeof result.article.text, 'string');
    for (const b of result.article.blocks) assert.ok(b.start >= 0 && b.end <= result.article.text.length && b.start < b.end, `${label}: block range`);
  } else {
    assert.ok(result.reason.length > 0);
  }
}

test('random tag soup', () => {
  const r = seededRandom(SEED);
  for (let i = 0; i < 300; i++) checkPage(tagSoup(r, 1 + Math.floor(r() * 400)), `soup #${i}`);
});

test('mutations of a real-shaped page', () => {
  const r = seededRandom(SEED + 1);
  for (let i = 0; i < 300; i++) checkPage(mutate(r, BASE, 1 + Math.floor(r() * 30)), `mutation #${i}`);
});

test('deep nesting, unclosed tags, huge attributes and text, binary bytes', () => {
  checkPage(`${'<div>'.repeat(100_000)}<p>deep text here, with words.</p>`, 'deep unclosed divs');
  checkPage(`${'<span><b><i>'.repeat(30_000)}x${'</i></b></span>'.repeat(30_000)}`, 'deep inline');
  checkPage(`${'<table><tr><td>'.repeat(20_000)}cell`, 'deep tables');
  checkPage(`<div class="${'a'.repeat(10_000_000)}"><p>The council voted on Tuesday to rebuild the sea wall, the mayor said.</p></div>`, '10 MB attribute');
  checkPage(`<p>${'word '.repeat(2_000_000)}</p>`, '10 MB paragraph');
  checkPage(`${'<p>a</p>'.repeat(200_000)}`, 'many tiny blocks');
  checkPage(`<script>${'x'.repeat(5_000_000)}`, 'unclosed script');
  checkPage(`<script type="application/ld+json">${'['.repeat(100_000)}</script><p>text</p>`, 'deep JSON-LD');
  const r = seededRandom(SEED + 2);
  for (let i = 0; i < 20; i++) {
    const bytes = Buffer.alloc(1 + Math.floor(r() * 200_000));
    for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(r() * 256);
    checkPage(bytes.toString('latin1'), `binary latin1 #${i}`);
    checkPage(bytes.toString('utf8'), `binary utf8 #${i}`);
  }
});

test('explainHtml on fuzzed pages: a brief or a typed error, never a crash', () => {
  const r = seededRandom(SEED + 3);
  for (let i = 0; i < 40; i++) {
    const html = i % 2 === 0 ? mutate(r, BASE, 10) : tagSoup(r, 300);
    try {
      explainHtml(html);
    } catch (e) {
      assert.ok(isBrieflyError(e), `page #${i}: ${(e as Error).stack ?? String(e)}`);
    }
  }
});
