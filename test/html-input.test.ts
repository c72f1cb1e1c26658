/**
 * HTML input through the CLI: a saved page (detected by extension or content, any encoding),
 * a URL fetched from a local server started here (the guard refuses it without --allow-private),
 * and HTML lines in the JSONL batch sharing the downstream pipeline with text lines.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BriefSchema } from '../src/brief/schema.js';
import { projectRoot } from '../src/data/paths.js';

const BIN = path.join(projectRoot(), 'bin', 'briefly.js');

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Portmere will rebuild its sea wall - Coast Herald</title>
<meta property="og:site_name" content="Coast Herald">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<meta name="author" content="Helen Okafor">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Portmere will rebuild its sea wall</h1>
<p>The council of Portmere voted on Tuesday to rebuild the town's sea wall, after storms damaged it twice last winter.</p>
<p>"We cannot wait for the next storm," said Helen Brandt, the mayor of Portmere. She said the work would start in March.</p>
<p>The project will cost 12 million euros, according to the regional planning office. Engineers expect it to take two years.</p>
<div class="share"><a href="https://x.invalid/s">Share</a></div></article>
<footer>© Coast Herald</footer></body></html>`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI asynchronously (the test's own HTTP server must keep serving meanwhile). */
function run(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: projectRoot() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

let server: http.Server;
let base = '';
let dir = '';

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'briefly-html-'));
  server = http.createServer((req, res) => {
    if (req.url === '/story') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else if (req.url === '/old') {
      res.writeHead(301, { location: '/story' });
      res.end();
    } else if (req.url === '/home') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body><nav>${Array.from({ length: 20 }, (_, i) => `<a href="/s${i}">Section ${i}</a>`).join(' ')}</nav></body></html>`);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function checkBrief(stdout: string): ReturnType<typeof BriefSchema.parse> {
  const brief = BriefSchema.parse(JSON.parse(stdout));
  assert.equal(brief.article.source, 'html');
  assert.equal(brief.article.title, 'Portmere will rebuild its sea wall');
  assert.deepEqual(brief.article.byline, ['Helen Okafor']);
  assert.equal(brief.article.publisher, 'Coast Herald');
  assert.equal(brief.article.publishedAt, '2024-03-05T09:30:00Z');
  assert.ok(brief.article.text.startsWith('The council of Portmere voted'));
  assert.ok(!/Home|Share|©/.test(brief.article.text), 'furniture out of the body');
  assert.ok(brief.quotes.some((q) => q.speakerName === 'Helen Brandt'), 'the downstream pipeline ran');
  return brief;
}

test('a saved .html file', async () => {
  const file = path.join(dir, 'story.html');
  writeFileSync(file, PAGE);
  const r = await run(['explain', file, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  checkBrief(r.stdout);
});

test('HTML on stdin is detected; a legacy encoding is decoded from its meta charset', async () => {
  const legacy = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("town's", 'town\u2019s');
  const bytes = Buffer.from(legacy.replace('\u2019', '\u0092'), 'latin1');
  const r = await run(['explain', '--format', 'json'], bytes as unknown as string);
  assert.equal(r.status, 0, r.stderr);
  const brief = checkBrief(r.stdout);
  assert.ok(brief.article.text.includes('town\u2019s sea wall'));
});

test('a URL: refused on a private address by default (exit 3), fetched with --allow-private, redirects followed', async () => {
  const blocked = await run(['explain', `${base}/story`, '--format', 'json']);
  assert.equal(blocked.status, 3);
  assert.match(blocked.stderr, /^briefly: Refusing to fetch .* loopback or private-network address\. Pass --allow-private/);
  const r = await run(['explain', `${base}/old`, '--format', 'json', '--allow-private']);
  assert.equal(r.status, 0, r.stderr);
  const brief = checkBrief(r.stdout);
  assert.equal(brief.article.url, `${base}/story`);
});

test('a page that is not an article: "no article found" (exit 3)', async () => {
  const r = await run(['explain', `${base}/home`, '--allow-private']);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /^briefly: No article found in the page/);
  const missing = await run(['explain', `${base}/nothing`, '--allow-private']);
  assert.equal(missing.status, 4);
  assert.match(missing.stderr, /HTTP 404/);
});

test('an HTML page over --max-html-bytes is refused with the flag named', async () => {
  const file = path.join(dir, 'big.html');
  writeFileSync(file, PAGE);
  const r = await run(['explain', file, '--max-html-bytes', '100']);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /--max-html-bytes/);
});

test('JSONL: text and html lines side by side, one brief each, in order', async () => {
  const file = path.join(dir, 'batch.jsonl');
  const text = 'Harbour city agrees to rebuild its sea wall\n\n"We cannot wait for the next storm," said Helen Brandt, the mayor of Portmere, on Tuesday.';
  writeFileSync(file, [JSON.stringify({ id: 't', text }), JSON.stringify({ id: 'h', html: PAGE, url: 'https://coast.invalid/story' })].join('\n') + '\n');
  const r = await run(['explain', file, '--jsonl', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const [t, h] = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; article: { source: string; url: string | null } });
  assert.equal(t?.id, 't');
  assert.equal(t?.article.source, 'text');
  assert.equal(h?.id, 'h');
  const { id: _id, ...brief } = h as unknown as Record<string, unknown>;
  checkBrief(JSON.stringify(brief));
  assert.equal(h?.article.url, 'https://coast.invalid/story');
});

test('HTML edge cases: empty page, binary bytes, --input forcing, a URL with --jsonl', async () => {
  const empty = path.join(dir, 'empty.html');
  writeFileSync(empty, '   \n');
  const e = await run(['explain', empty]);
  assert.equal(e.status, 3);
  assert.match(e.stderr, /is empty/);
  const bin = path.join(dir, 'bin.html');
  writeFileSync(bin, Buffer.from([0x3c, 0x70, 0x3e, 0x00, 0x01, 0x02, 0xff]));
  const b = await run(['explain', bin]);
  assert.equal(b.status, 3);
  assert.match(b.stderr, /binary/);
  const txt = path.join(dir, 'page.txt');
  writeFileSync(txt, PAGE);
  const forced = await run(['explain', txt, '--input', 'html', '--format', 'json']);
  assert.equal(forced.status, 0, forced.stderr);
  checkBrief(forced.stdout);
  const asText = await run(['explain', path.join(dir, 'story.html'), '--input', 'text', '--format', 'json']);
  assert.equal(asText.status, 0, asText.stderr);
  assert.equal((JSON.parse(asText.stdout) as { article: { source: string } }).article.source, 'text');
  const u = await run(['explain', `${base}/story`, '--jsonl']);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /--jsonl reads a JSON-lines file or stdin, not a URL/);
});
