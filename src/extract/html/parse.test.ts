/**
 * The tree the parser builds from the tokenizer: the tag-soup rules extraction relies on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHtml, type El, type Node } from './parse.js';
import { CUE, classIdCues } from './cues.js';

/** The tree as nested arrays: [tag, ...children], text as strings. */
function shape(n: Node): unknown {
  return typeof n === 'string' ? n : [n.tag, ...n.children.map(shape)];
}
const body = (html: string): unknown => (parseHtml(html).root.children.map(shape));

test('void elements hold nothing; an open <p> is closed by a block or another <p>', () => {
  assert.deepEqual(body('<p>a<br>b<img src=x>c<p>d<div>e</div>'), [['p', 'a', ['br'], 'b', ['img'], 'c'], ['p', 'd'], ['div', 'e']]);
});

test('list items, cells and rows close the one before', () => {
  assert.deepEqual(body('<ul><li>one<li>two</ul>'), [['ul', ['li', 'one'], ['li', 'two']]]);
  assert.deepEqual(body('<table><tr><td>a<td>b<tr><td>c</table>'), [['table', ['tr', ['td', 'a'], ['td', 'b']], ['tr', ['td', 'c']]]]);
});

test('a closing tag closes what was opened after its match; an unmatched one is ignored', () => {
  assert.deepEqual(body('<div><span><b>x</div>y</i>'), [['div', ['span', ['b', 'x']]], 'y']);
});

test('a stray </p> is an empty paragraph and </br> a line break', () => {
  assert.deepEqual(body('a</p>b</br>c'), ['a', ['p'], 'b', ['br'], 'c']);
});

test('SVG is dropped whole, its self-closed children included; the page after it is kept', () => {
  assert.deepEqual(body('<svg><path d="M0"/><g><circle/></g></svg><p>after</p><svg/><p>end</p>'), [['p', 'after'], ['p', 'end']]);
});

test('only the attributes extraction reads are kept; entities are decoded in text and attributes', () => {
  const page = parseHtml('<div class="share&amp;bar" onclick="x()" data-foo="1" id=main>Tom &amp; Jerry&#33;</div>');
  const div = page.root.children[0] as El;
  // Class and id are read into cues (both words of the class, and the id), not kept as attributes.
  assert.deepEqual(div.attrs, {});
  assert.equal(div.cues, classIdCues('share bar', 'main'));
  assert.ok((div.cues & CUE.STRONG_BOILERPLATE) !== 0 && (div.cues & CUE.CONTENT) !== 0);
  assert.deepEqual(div.children, ['Tom & Jerry!']);
});

test('an attribute is kept where a step reads it: href on links, src on microdata items, title and datetime on dates', () => {
  const page = parseHtml(
    '<p><a href="/next" title="Next">n</a><img src="a.jpg" alt="x"><img itemprop="image" src="b.jpg"><span title="Tip">t</span>' +
      '<span class="date" title="2024-05-01" role="note">d</span><time datetime="2024-05-02" title="x">t</time></p>',
  );
  const attrs = (page.root.children[0] as El).children.map((c) => (c as El).attrs);
  assert.deepEqual(attrs, [
    { href: '/next' },
    {},
    { itemprop: 'image', src: 'b.jpg' },
    {},
    { role: 'note', title: '2024-05-01' },
    { datetime: '2024-05-02' },
  ]);
});

test('head: title, meta, link, JSON-LD and lang are read; scripts and styles are not content', () => {
  const page = parseHtml(`<html lang="en"><head><title> A  title </title><meta property="og:title" content="T"><link rel="canonical" href="/c">
<script type="application/ld+json">{"@type":"NewsArticle"}</script><script>var x = "<p>no</p>";</script><style>p{}</style></head><body><p>yes</p></body></html>`);
  assert.equal(page.title, 'A title');
  assert.equal(page.lang, 'en');
  assert.deepEqual(page.metas, [{ property: 'og:title', content: 'T' }]);
  assert.deepEqual(page.links, [{ rel: 'canonical', href: '/c' }]);
  assert.deepEqual(page.jsonLd, ['{"@type":"NewsArticle"}']);
  assert.deepEqual(JSON.stringify(page.root.children.map(shape)).includes('no'), false);
});

test('thousands of unclosed tags and stray closing tags parse in linear time', () => {
  const html = '<b><i>'.repeat(20_000) + '</u>'.repeat(100_000) + '<p>end</p>';
  const t0 = performance.now();
  const page = parseHtml(html);
  assert.ok(performance.now() - t0 < 5000);
  assert.ok(page.root.children.length > 0);
});

test('JSON-LD text is kept as a copy: holding it does not keep the page alive', async () => {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // A page of about 4 MB whose JSON-LD script is one text node: the tokenizer reports it as one
  // range of the page, and a slice of it would be a pointer into the whole page.
  const filler = '<p>The ferry to Lindholm runs twice a day in winter.</p>\n'.repeat(70_000);
  const makePage = (i: number): string =>
    `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour works, part ${i}"}</script></head><body>${filler}<p>${i}</p></body></html>`;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < 5; i++) kept.push(...parseHtml(makePage(i)).jsonLd);
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.deepEqual(kept.map((t) => (JSON.parse(t) as { headline: string }).headline), [0, 1, 2, 3, 4].map((i) => `Harbour works, part ${i}`));
  // Five pinned pages would be 20 MB; five short copies are nothing.
  assert.ok(grown < 5 * 1024 * 1024, `heap grew by ${(grown / 1048576).toFixed(1)} MB while holding five JSON-LD texts`);
});
