/**
 * HTML extraction on pages written for these tests: furniture out of the body, reading order,
 * captions to the image, metadata from each source, "no article" as a result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractHtmlPage } from './index.js';
import { bylineNames, cleanDocumentTitle, toIsoDate } from './metadata.js';
import { parseHtml, MAX_DEPTH } from './parse.js';

const PROSE = [
  'The harbour council of Portmere voted on Tuesday to rebuild the sea wall, after two winter storms broke it in several places.',
  'Engineers said the work would take two years and cost about twelve million euros, paid mostly by the regional government.',
  'Fishermen asked for the harbour to stay open during the works, and the council agreed to keep one channel clear at all times.',
  'The mayor, Helen Brandt, said the town could not wait for another storm season before acting on the advice of its engineers.',
];

const PAGE = `<!doctype html><html lang="en-GB"><head>
<meta charset="utf-8"><title>Portmere will rebuild its sea wall | Coast Herald</title>
<meta property="og:title" content="Portmere will rebuild its sea wall">
<meta property="og:site_name" content="Coast Herald">
<meta property="og:description" content="Two storms broke the wall last winter.">
<meta property="og:image" content="/img/wall.jpg">
<meta property="article:published_time" content="2024-03-05T09:30:00+0100">
<meta property="article:modified_time" content="2024-03-06">
<meta property="article:section" content="Local">
<meta property="article:tag" content="Storms, Harbours">
<link rel="canonical" href="/news/sea-wall">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Portmere will rebuild its sea wall","author":[{"@type":"Person","name":"Jane Roe"},{"@type":"Person","name":"John Doe"}],"publisher":{"@type":"Organization","name":"Coast Herald"}}</script>
<script>var ads = "<p>not text</p>";</script><style>p{color:red}</style>
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies to continue reading.</div>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<main><article>
<h1>Portmere will rebuild its sea wall</h1>
<p class="byline">By Jane Roe and John Doe</p>
<div class="share-bar"><a href="https://x.invalid/share">Share on X</a> <a href="mailto:?">Email</a></div>
<figure><img src="/img/wall.jpg" alt=""><figcaption>The broken wall in January. <span class="credit">Photo: Ann Lee</span></figcaption></figure>
<p>${PROSE[0]}</p>
<div class="ad-slot">Advertisement</div>
<p>${PROSE[1]}</p>
<h2>What fishermen want</h2>
<blockquote><p>${PROSE[2]}</p></blockquote>
<ul><li>One channel stays open during the works, the council said.</li><li>Night work is banned near the houses by the harbour.</li></ul>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Storm closes ferry</a></li><li><a href="/b">Harbour fees rise</a></li></ul></aside>
<p>${PROSE[3]}</p>
<div class="newsletter-signup"><p>Sign up for our morning newsletter and get the day's news in your inbox every day.</p></div>
</article></main>
<section id="comments"><p>Reader42: This is a disgrace and the council should have acted years ago, frankly.</p></section>
<footer><p>Copyright Coast Herald. All rights reserved. Contact us for licensing of our articles.</p></footer>
</body></html>`;

test('body: paragraphs, heading, quote and list in reading order; furniture out', () => {
  const r = extractHtmlPage(PAGE, { url: 'https://coast.invalid/news/sea-wall?x=1' });
  assert.ok(r.found);
  const { text, blocks } = r.article;
  let last = -1;
  for (const p of [PROSE[0]!, PROSE[1]!, 'What fishermen want', PROSE[2]!, 'One channel stays open', 'Night work is banned', PROSE[3]!]) {
    const at = text.indexOf(p);
    assert.ok(at > last, `"${p.slice(0, 30)}" in order`);
    last = at;
  }
  for (const junk of ['cookies', 'Home', 'Share on X', 'Advertisement', 'Related', 'Storm closes ferry', 'newsletter', 'Reader42', 'Copyright', 'not text', 'color:red', 'By Jane Roe', 'broken wall', 'Ann Lee']) {
    assert.ok(!text.includes(junk), `"${junk}" kept out of the body`);
  }
  assert.deepEqual(
    blocks.map((b) => b.kind),
    ['p', 'p', 'h', 'quote', 'li', 'li', 'p'],
  );
  for (const b of blocks) assert.ok(b.start < b.end && text.slice(b.start, b.end).trim().length > 0);
  assert.equal(r.article.image?.caption, 'The broken wall in January.');
  assert.equal(r.article.image?.credit, 'Photo: Ann Lee');
  assert.equal(r.article.image?.url, 'https://coast.invalid/img/wall.jpg');
});

test('metadata from JSON-LD, OpenGraph and the head', () => {
  const r = extractHtmlPage(PAGE, { url: 'https://coast.invalid/news/sea-wall' });
  assert.ok(r.found);
  const m = r.article.metadata;
  assert.equal(m.title, 'Portmere will rebuild its sea wall');
  assert.deepEqual(m.byline, ['Jane Roe', 'John Doe']);
  assert.equal(m.publisher, 'Coast Herald');
  assert.equal(m.dek, 'Two storms broke the wall last winter.');
  assert.equal(m.publishedAt, '2024-03-05T09:30:00+01:00');
  assert.equal(m.modifiedAt, '2024-03-06');
  assert.equal(m.section, 'Local');
  assert.deepEqual(m.tags, ['Storms', 'Harbours']);
  assert.equal(m.canonicalUrl, 'https://coast.invalid/news/sea-wall');
  assert.equal(m.language, 'en-GB');
});

test('metadata from microdata, Twitter cards and visible text when there is no JSON-LD or OpenGraph', () => {
  const html = `<html><head><title>Dam opens | Valley Post</title><meta name="twitter:title" content="The dam opens at last">
<meta name="twitter:description" content="Ten years late."><meta name="author" content="Valley Post Staff"></head><body>
<div itemscope itemtype="https://schema.org/NewsArticle"><time itemprop="datePublished" datetime="2023-11-02">2 Nov</time>
<span class="byline">By MARIA GONZALEZ, Staff Writer</span>
<div itemprop="articleBody"><p>${PROSE.join('</p><p>')}</p></div></div></body></html>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  const m = r.article.metadata;
  assert.equal(m.title, 'The dam opens at last');
  assert.equal(m.dek, 'Ten years late.');
  assert.equal(m.publishedAt, '2023-11-02');
  assert.deepEqual(m.byline, ['Maria Gonzalez'], 'the meta author "Staff" is not a person; the visible byline is');
});

test('bylines keep people only', () => {
  const rows: [string, string[]][] = [
    ['By Staff', []],
    ['By Jane Roe and John Doe, Staff Writers', ['Jane Roe', 'John Doe']],
    ['By JANE ROE | Updated March 3, 2024', ['Jane Roe']],
    ['Written by Ana de la Cruz', ['Ana de la Cruz']],
    ['Follow @someone', []],
    ['Associated Press', []],
    ['Lakeside Developers', []],
    ['By Marta (Lena Ilse) Okafor', ['Marta (Lena Ilse) Okafor']],
    ['By Marta Okafor (Wire)', ['Marta Okafor']],
    ['Okafor, Marta', ['Okafor, Marta']],
    ['Berg, Pieter van', ['Berg, Pieter van']],
    ['Aalst, P.', ['Aalst, P.']],
    ['Marta Okafor, Pieter Aalst', ['Marta Okafor', 'Pieter Aalst']],
  ];
  for (const [input, expected] of rows) assert.deepEqual(bylineNames(input), expected, input);
});

test('an organisation given as the author is no byline: the byline names people only', () => {
  const body = PROSE.map((p) => `<p>${p}</p>`).join('');
  const typed = `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"@type":"Organization","name":"Lindholm Ferry Authority"}}</script></head><body><article>${body}</article></body></html>`;
  const r1 = extractHtmlPage(typed);
  assert.ok(r1.found);
  assert.deepEqual(r1.article.metadata.byline, []);
  const person = typed.replace('<article>', '<article><p class="byline">By Karin Vos</p>');
  const r2 = extractHtmlPage(person);
  assert.ok(r2.found);
  assert.deepEqual(r2.article.metadata.byline, ['Karin Vos'], 'a person named on the page is the byline');
});

test('a teaser\'s author box is not the byline when the metadata names the author as no person', () => {
  const body = PROSE.map((p) => `<p>${p}</p>`).join('');
  const teaser = '<div class="more"><h3><a href="/other">Another story about the coast</a></h3><span class="author">Pieter Aalst</span></div>';
  const page = (meta: string): string => `<html><head>${meta}</head><body><article>${body}</article>${teaser}</body></html>`;
  const claimed = extractHtmlPage(page('<meta name="author" content="Our Harbour Staff">'));
  assert.ok(claimed.found);
  assert.deepEqual(claimed.article.metadata.byline, []);
  const unclaimed = extractHtmlPage(page(''));
  assert.ok(unclaimed.found);
  assert.deepEqual(unclaimed.article.metadata.byline, ['Pieter Aalst'], 'with no author in the metadata, an author box is the best there is');
});

test('several author meta tags are several authors', () => {
  const body = PROSE.map((p) => `<p>${p}</p>`).join('');
  const r = extractHtmlPage(`<html><head><meta name="author" content="Karin Vos"><meta name="author" content="Anna Berg"></head><body><article>${body}</article></body></html>`);
  assert.ok(r.found);
  assert.deepEqual(r.article.metadata.byline, ['Karin Vos', 'Anna Berg']);
});

test('document titles lose the site part only when a real title remains', () => {
  assert.equal(cleanDocumentTitle('Storm hits the coast again | The Daily', null), 'Storm hits the coast again');
  assert.equal(cleanDocumentTitle('Mozart - Encyclopedia', null), 'Mozart - Encyclopedia');
  assert.equal(cleanDocumentTitle('Storm hits the coast - Coast Herald', 'Coast Herald'), 'Storm hits the coast');
});

test('dates become ISO; unclear dates are not invented', () => {
  assert.equal(toIsoDate('2021-11-01T10:52:50+0100'), '2021-11-01T10:52:50+01:00');
  assert.equal(toIsoDate('2017-11-03 03:01:00.000000'), '2017-11-03T03:01:00');
  assert.equal(toIsoDate('March 25, 2015'), '2015-03-25');
  assert.equal(toIsoDate('13. März 2015'), '2015-03-13');
  assert.equal(toIsoDate('13 de marzo de 2015'), '2015-03-13');
  assert.equal(toIsoDate('Tue, 13 Mar 2015 08:12:31 GMT'), '2015-03-13');
  assert.equal(toIsoDate('2015/03/13'), '2015-03-13');
  assert.equal(toIsoDate('13.03.2015'), '2015-03-13');
  assert.equal(toIsoDate('03/13/2015'), '2015-03-13');
  assert.equal(toIsoDate('03/04/2015'), null, 'day and month could be swapped');
  assert.equal(toIsoDate('February 30, 2015'), null);
  assert.equal(toIsoDate('yesterday'), null);
  assert.equal(toIsoDate('2024-13-40'), null);
});

test('pages without an article: a clear "no article" result, not garbage', () => {
  const home = `<html><body><nav>${Array.from({ length: 30 }, (_, i) => `<a href="/s${i}">Section ${i}</a>`).join(' ')}</nav>
<ul>${Array.from({ length: 20 }, (_, i) => `<li><a href="/story/${i}">Headline number ${i} about something that happened</a></li>`).join('')}</ul></body></html>`;
  const r = extractHtmlPage(home);
  assert.equal(r.found, false);
  if (!r.found) assert.match(r.reason, /no block of running text/);
  assert.equal(extractHtmlPage('').found, false);
  assert.equal(extractHtmlPage('<html><body></body></html>').found, false);
});

test('broken markup: unclosed tags, stray closers, entities', () => {
  const html = `<html><body><div class="content"><p>${PROSE[0]} &amp; more<p>${PROSE[1]}</b></i><div><p>${PROSE[2]} caf&eacute; &#x2014; done`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.ok(r.article.text.includes('& more'));
  assert.ok(r.article.text.includes('café — done'));
  assert.equal(r.article.blocks.length, 3);
});

test('hidden elements and line breaks', () => {
  const html = `<body><div id="story"><p>${PROSE[0]}</p><p hidden>Secret hidden text</p><p style="display: none">Also hidden</p>
<div aria-hidden="true">Hidden too</div><p>First line<br>second line of a long paragraph that continues with words, many words.</p></div></body>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.ok(!/hidden|Hidden/.test(r.article.text));
  assert.ok(r.article.text.includes('First line\nsecond line'));
});

test('nesting deeper than the parser limit is flattened, not a stack overflow', () => {
  const depth = MAX_DEPTH * 50;
  const html = `${'<div>'.repeat(depth)}<p>${PROSE[0]}</p>${'</div>'.repeat(depth)}`;
  const page = parseHtml(html);
  let d = 0;
  for (let e = page.root; ; d++) {
    const next = e.children.find((c) => typeof c !== 'string');
    if (next === undefined || typeof next === 'string') break;
    e = next;
  }
  assert.ok(d <= MAX_DEPTH + 1, `depth ${d}`);
  const r = extractHtmlPage(html);
  assert.ok(r.found && r.article.text.includes('harbour council'));
});

test('old-style pages: paragraphs separated by <br><br> in one element', () => {
  const html = `<body><div id="main"><font face="Arial">${PROSE[0]}<br><br>${PROSE[1]}<br/><br/>${PROSE[2]}</font></div><div><a href="/">Home</a></div></body>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.equal(r.article.blocks.length, 3);
  assert.equal(r.article.text, `${PROSE[0]}\n\n${PROSE[1]}\n\n${PROSE[2]}`);
});

test('teaser lists, author bios and link-only paragraphs stay out; the body split by them is kept whole', () => {
  const teasers = Array.from({ length: 4 }, (_, i) => `<div class="card"><h3><a href="/s/${i}">Other story number ${i} about the region</a></h3><p>A short summary of the other story, number ${i}.</p></div>`).join('');
  const html = `<body><div class="story">
<p>${PROSE[0]}</p><p><a href="/x">READ MORE: Storm closes the ferry line</a></p>
<div class="more-coverage">${teasers}</div>
<p>${PROSE[1]}</p><p>${PROSE[2]}</p>
<div class="author-bio"><p>Helen Okafor is the Coast Herald's local government reporter, covering councils and planning.</p></div>
</div><div class="stream">${teasers}</div></body>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.equal(r.article.text, `${PROSE[0]}\n\n${PROSE[1]}\n\n${PROSE[2]}`);
});

test('entities left in metadata are decoded; JSON-LD in @graph and CDATA is read', () => {
  const html = `<html><head><meta property="og:description" content="Fish &amp;amp; chips &#x1F41F; &quot;fresh&quot;">
<script type="application/ld+json">/*<![CDATA[*/{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},{"@type":"NewsArticle","headline":"Graph headline","datePublished":"2022-02-03T04:05:06.789Z","author":{"@type":"Person","name":"Ana Lima"}}]}/*]]>*/</script>
</head><body><article><p>${PROSE[0]}</p><p>${PROSE[1]}</p></article></body></html>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.equal(r.article.metadata.dek, 'Fish & chips 🐟 "fresh"');
  assert.equal(r.article.metadata.title, 'Graph headline');
  assert.deepEqual(r.article.metadata.byline, ['Ana Lima']);
  assert.equal(r.article.metadata.publishedAt, '2022-02-03T04:05:06Z');
});

test('visible standfirst as the dek when no meta tag gives one', () => {
  const html = `<body><article><h1>Sea wall to be rebuilt</h1><p class="article-standfirst">Two storms broke it; the town pays a third.</p>
<p>${PROSE[0]}</p><p>${PROSE[1]}</p></article></body>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.equal(r.article.metadata.dek, 'Two storms broke it; the town pays a third.');
  assert.equal(r.article.metadata.title, 'Sea wall to be rebuilt');
});

test('a page rendered by scripts: the JSON-LD articleBody is the fallback', () => {
  const body = PROSE.join('\n\n');
  const html = `<html><head><script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Sea wall', articleBody: body })}</script></head>
<body><div id="root"></div><nav><a href="/">Home</a></nav><script>window.render()</script></body></html>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.equal(r.article.text, body);
  assert.equal(r.article.blocks.length, 4);
  // With the text in the HTML too, the HTML wins (it keeps headings, lists and paragraph breaks).
  const both = html.replace('<div id="root"></div>', `<div id="root"><p>${PROSE.join('</p><p>')}</p></div>`);
  const r2 = extractHtmlPage(both);
  assert.ok(r2.found);
  assert.equal(r2.article.text, body);
});

test('soft hyphens and zero-width characters do not split words', () => {
  const html = `<body><article><p>President Vladi&shy;mir Put\u200Bin said the council of Port&shy;mere voted on Tuesday to rebuild the wall.</p><p>${PROSE[1]}</p></article></body>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.ok(r.article.text.startsWith('President Vladimir Putin said the council of Portmere voted'));
});

test('a data table: one line per row, cells joined', () => {
  const html = `<body><article><p>${PROSE[0]}</p><table><tr><th>Town</th><th>Cost</th></tr><tr><td>Portmere</td><td>12 million</td></tr></table><p>${PROSE[1]}</p></article></body>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.equal(r.article.text, `${PROSE[0]}\n\nTown | Cost\n\nPortmere | 12 million\n\n${PROSE[1]}`);
  assert.deepEqual(r.article.blocks.map((b) => b.kind), ['p', 'cell', 'cell', 'p']);
});

test('a body split around a module the cues do not name is kept whole; link-heavy siblings are not', () => {
  const links = Array.from({ length: 8 }, (_, i) => `<a href="/o/${i}">Another story on the regional news pages, number ${i}</a>`).join(' ');
  const html = `<body><div class="wrap"><div class="x1"><p>${PROSE[0]}</p><p>${PROSE[1]}</p></div>
<div class="x7">${links}</div><div class="x2"><p>${PROSE[2]}</p><p>${PROSE[3]}</p></div></div>
<div class="x3">${links}<p>${(PROSE[3] ?? '').replace('mayor', 'reader')}</p></div></body>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.equal(r.article.text, PROSE.join('\n\n'));
});

test('a section front of teaser cards is not an article', () => {
  const cards = Array.from({ length: 12 }, (_, i) => `<div class="c"><h2><a href="/s/${i}">Council votes on plan number ${i} for the harbour</a></h2><p>Officials met on Tuesday to discuss plan ${i}, which would change the harbour.</p></div>`).join('');
  const r = extractHtmlPage(`<html><head><meta property="og:type" content="website"></head><body><nav><a href="/">Home</a></nav><main><div class="grid">${cards}</div></main></body></html>`);
  assert.equal(r.found, false);
});

test('a visible date in an element whose class says so', () => {
  const html = `<body><article><div class="story-info"><span class="datestamp">March 13, 2015</span></div><p>${PROSE[0]}</p><p>${PROSE[1]}</p></article></body>`;
  const r = extractHtmlPage(html);
  assert.ok(r.found);
  assert.equal(r.article.metadata.publishedAt, '2015-03-13');
  const titled = extractHtmlPage(html.replace('<span class="datestamp">March 13, 2015</span>', '<li class="date-and-time" title="2015-03-13T21:00:00+11:00">9:00PM</li>'));
  assert.ok(titled.found);
  assert.equal(titled.article.metadata.publishedAt, '2015-03-13T21:00:00+11:00');
});

test('a javascript: or data: canonical URL or image is dropped, not passed on', () => {
  const html = `<html><head><title>Sea wall</title><link rel="canonical" href="javascript:alert(1)">
<meta property="og:image" content="data:image/png;base64,AAAA"></head><body><article><h1>Sea wall</h1>
<p>Portmere will rebuild its sea wall after two storms broke it last winter, the council said on Tuesday.</p>
<p>Work starts in May and should take two years, according to the harbour office.</p></article></body></html>`;
  const r = extractHtmlPage(html, { url: 'https://coast.invalid/a' });
  assert.ok(r.found);
  if (!r.found) return;
  assert.equal(r.article.metadata.canonicalUrl, null);
  assert.equal(r.article.image?.url ?? null, null);
});

test('JSON-LD wrapped in an HTML comment or a script comment is still read', () => {
  for (const [open, close] of [['<!--', '-->'], ['/*', '*/'], ['  <!--', '-->']]) {
    const html = `<html><head><script type="application/ld+json">${open}{"@type":"NewsArticle","headline":"Tide gauge moved to the north pier","author":{"@type":"Person","name":"Mira Holt"}}${close}</script></head>
<body><article><p>${'The tide gauge that has stood at the old quay since 1962 now reads the sea from the north pier, where the water is deeper. '.repeat(3)}</p></article></body></html>`;
    const r = extractHtmlPage(html);
    assert.ok(r.found);
    assert.equal(r.article.metadata.title, 'Tide gauge moved to the north pier', open);
    assert.deepEqual(r.article.metadata.byline, ['Mira Holt'], open);
  }
});
