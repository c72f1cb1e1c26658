import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readWarc } from './warc.js';
import { htmlFragmentToText, readFeed } from './feed.js';
import type { InputRecord } from './records.js';
import { generateArticles, toHtml } from '../../../test/corpus/fixtures.js';
import { gzipMembers, httpResponse, warcRecord } from '../../../test/corpus/warc-writer.js';

async function collect(it: AsyncIterable<InputRecord>): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

/** A stream that hands out the bytes in small chunks (so records straddle chunk boundaries). */
function chunked(buf: Buffer, size = 97): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

const [a1, a2, a3] = generateArticles(3, 21);

test('WARC: response and resource records become articles; requests, metadata and non-200 responses are passed over', async () => {
  const file = Buffer.concat([
    warcRecord({ type: 'warcinfo', block: 'software: test\r\n' }),
    warcRecord({ type: 'request', uri: a1!.url, block: 'GET / HTTP/1.1\r\n\r\n' }),
    warcRecord({ type: 'response', uri: a1!.url, id: 'r1', contentType: 'application/http; msgtype=response', block: httpResponse(toHtml(a1!)) }),
    warcRecord({ type: 'response', uri: 'https://x.example/moved', id: 'r2', block: httpResponse('', 'text/html', 301) }),
    warcRecord({ type: 'response', uri: 'https://x.example/pic.jpg', id: 'r3', block: httpResponse('JPEG', 'image/jpeg') }),
    warcRecord({ type: 'resource', uri: a2!.url, id: 'r4', contentType: 'text/plain', block: a2!.text }),
    warcRecord({ type: 'metadata', block: 'outlinks: none' }),
  ]);
  for (const [gzip, bytes] of [[false, file], [true, gzipMembers([file.subarray(0, 300), file.subarray(300)])]] as const) {
    const recs = await collect(readWarc(chunked(bytes as Buffer), { name: 'x.warc', gzip }));
    assert.deepEqual(recs.map((r) => r.kind), ['article', 'article'], `gzip=${gzip}`);
    const [h, t] = recs as Extract<InputRecord, { kind: 'article' }>[];
    assert.equal(h!.format, 'html');
    assert.equal(h!.key, 'warc:<urn:uuid:r1>');
    assert.equal(h!.url, a1!.url);
    assert.ok(h!.content.includes(a1!.title));
    assert.equal(t!.format, 'text');
    assert.equal(t!.content, a2!.text);
  }
});

test('WARC: malformed records are reported and skipped, the rest is read', async () => {
  const file = Buffer.concat([
    warcRecord({ type: 'resource', uri: a1!.url, id: 'ok1', contentType: 'text/plain', block: a1!.text }),
    Buffer.from('garbage between records\r\nmore garbage\r\n'),
    warcRecord({ type: 'resource', uri: 'https://x.example/nolen', id: 'bad1', contentType: 'text/plain', block: 'no length', contentLength: null }),
    warcRecord({ type: 'resource', uri: 'https://x.example/badlen', id: 'bad2', contentType: 'text/plain', block: 'bad', contentLength: 'abc' }),
    warcRecord({ type: 'resource', uri: a2!.url, id: 'ok2', contentType: 'text/plain', block: a2!.text }),
    warcRecord({ type: 'response', uri: 'https://x.example/nothttp', id: 'bad3', block: 'this is not HTTP at all' }),
    warcRecord({ type: 'resource', uri: a3!.url, id: 'ok3', contentType: 'text/plain', block: a3!.text }),
    // Truncated last record: declares more bytes than the file has.
    Buffer.from('WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\nshort'),
  ]);
  const recs = await collect(readWarc(chunked(file, 64), { name: 'bad.warc', gzip: false }));
  const articles = recs.filter((r) => r.kind === 'article').map((r) => (r as { key: string }).key);
  assert.deepEqual(articles, ['warc:<urn:uuid:ok1>', 'warc:<urn:uuid:ok2>', 'warc:<urn:uuid:ok3>']);
  const errors = recs.filter((r) => r.kind === 'error') as Extract<InputRecord, { kind: 'error' }>[];
  assert.ok(errors.length >= 4, JSON.stringify(errors));
  assert.ok(errors.every((e) => e.code === 'BAD_WARC_RECORD'));
  assert.match(errors.at(-1)!.message, /Truncated/);
});

test('WARC.gz: corrupt gzip data ends the file with an error after the records read', async () => {
  const good = gzipMembers([
    warcRecord({ type: 'resource', uri: a1!.url, id: 'g1', contentType: 'text/plain', block: a1!.text }),
    warcRecord({ type: 'resource', uri: a2!.url, id: 'g2', contentType: 'text/plain', block: a2!.text }),
  ]);
  const bad = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x01, 0x02, 0x03]);
  // The file is read in chunks; the records decompressed from the chunks before the corrupt one are kept.
  const recs = await collect(readWarc(Readable.from([good.subarray(0, 500), good.subarray(500), bad]), { name: 'c.warc.gz', gzip: true }));
  assert.deepEqual(recs.slice(0, 2).map((r) => r.kind), ['article', 'article']);
  assert.equal(recs.length, 3);
  assert.equal(recs.at(-1)!.kind, 'error');
  assert.equal((recs.at(-1) as { code: string }).code, 'BAD_WARC_FILE');
});

test('RSS and Atom items become text articles with title, link and date; items without text and non-feeds are reported', () => {
  const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Times</title>
<item><title>${a1!.title}</title><link>${a1!.url}</link><guid>g-1</guid><pubDate>Mon, 06 May 2024 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[${a1!.text.split('\n\n').map((p) => `<p>${p}</p>`).join('')}]]></content:encoded></item>
<item><title>Empty</title><link>https://x.example/empty</link></item>
<item><title>Escaped</title><guid>g-3</guid><description>&lt;p&gt;First &amp;amp; only paragraph.&lt;/p&gt;</description></item>
</channel></rss>`;
  const recs = [...readFeed(rss, { name: 'f.xml' })];
  assert.deepEqual(recs.map((r) => r.kind), ['article', 'error', 'article']);
  const first = recs[0] as Extract<InputRecord, { kind: 'article' }>;
  assert.equal(first.key, 'feed:g-1');
  assert.equal(first.title, a1!.title);
  assert.equal(first.publishedAt, '2024-05-06T08:00:00.000Z');
  assert.equal(first.content, a1!.text);
  assert.equal((recs[1] as { code: string }).code, 'NO_CONTENT');
  assert.equal((recs[2] as { content: string }).content, 'First & only paragraph.');

  const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>
<entry><id>tag:x,2024:1</id><title>${a2!.title}</title><link rel="alternate" href="${a2!.url}"/><published>2024-05-07T09:00:00Z</published>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${a2!.text.split('\n\n').map((p) => `<p>${p}</p>`).join('')}</div></content></entry></feed>`;
  const arecs = [...readFeed(atom, { name: 'a.atom' })];
  assert.equal(arecs.length, 1);
  const e = arecs[0] as Extract<InputRecord, { kind: 'article' }>;
  assert.equal(e.url, a2!.url);
  assert.equal(e.content, a2!.text);

  const notFeed = [...readFeed('<html><body>hello</body></html>', { name: 'n.xml' })];
  assert.deepEqual(notFeed.map((r) => (r as { code: string }).code), ['NOT_A_FEED']);
});

test('htmlFragmentToText keeps paragraphs and drops scripts', () => {
  assert.equal(htmlFragmentToText('<p>One &amp; two.</p><script>x()</script><p>Three.<br>Four.</p>'), 'One & two.\n\nThree.\n\nFour.');
});
