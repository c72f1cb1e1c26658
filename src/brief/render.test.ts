/** Markdown and HTML renderers: reading order, grouping, omissions and escaping of hostile text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BriefSchema, SCHEMA_VERSION, type Brief } from './schema.js';
import { renderMarkdown, escapeMarkdown } from './render-markdown.js';
import { renderHtml, escapeHtml, CSP } from './render-html.js';
import { sortTimeline } from './render-view.js';

const HOSTILE = `<script>alert(1)</script>" onload="alert(2)" javascript:alert(3) <img src=x onerror=alert(4)>`;

/** A complete, schema-valid brief written by hand; `overrides` replace top-level fields. */
function makeBrief(overrides: Partial<Brief> = {}): Brief {
  const brief: Brief = {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'briefly', version: '0.0.0-test' },
    referenceDate: '2024-05-06',
    article: {
      title: 'Leaders meet in Geneva',
      dek: 'Talks on water rights resume',
      byline: ['Ana Ruiz'],
      publisher: 'Daily Test',
      publishedAt: '2024-05-06',
      bodyStart: 0,
      section: 'World',
      image: { caption: 'The delegations arrive', credit: 'PHOTO CREDIT SHOULD NOT SHOW' },
      authorBio: 'AUTHOR BIO SHOULD NOT SHOW',
      headings: [],
      residue: [{ text: 'RESIDUE SHOULD NOT SHOW', kind: 'ui-label' }],
      text: 'Body text.',
    },
    summary: 'Two ministers resumed talks on a shared river.',
    entities: [
      { id: 'e1', type: 'PERSON', name: 'Maria Lind', aliases: ['Lind'], role: 'foreign minister', affiliation: 'Government of Norland', country: 'Norland', countryCode: null, mentions: [{ start: 0, end: 10 }] },
      { id: 'e2', type: 'PERSON', name: 'Omar Haddad', aliases: [], role: null, affiliation: 'River Council', country: null, countryCode: null, mentions: [] },
      { id: 'e3', type: 'ORG', name: 'United Nations', aliases: ['UN'], role: null, affiliation: null, country: null, countryCode: null, mentions: [] },
      { id: 'e4', type: 'PLACE', name: 'Geneva', aliases: [], role: null, affiliation: null, country: null, countryCode: null, mentions: [] },
      { id: 'e5', type: 'MISC', name: 'Water Accord', aliases: [], role: null, affiliation: null, country: null, countryCode: null, mentions: [] },
    ],
    quotes: [
      { text: '“We want a fair share,”', kind: 'direct', speaker: 'e1', speakerName: 'Maria Lind', speakerMention: null, cue: 'said', cueSpan: null, cueType: 'speech', fragments: [], reason: 'test', start: 100, end: 123 },
      { text: 'the dam would be shared', kind: 'indirect', speaker: 'e2', speakerName: 'Omar Haddad', speakerMention: null, cue: 'said', cueSpan: null, cueType: 'speech', fragments: [], reason: 'test' },
      { text: 'Talks must go on', kind: 'direct', speaker: 'e1', speakerName: 'Maria Lind', speakerMention: null, cue: 'added', cueSpan: null, cueType: 'speech', fragments: [], reason: 'test', start: 200, end: 216 },
    ],
    sources: [{ text: 'the dam cost $2 billion', source: 'Reuters', sourceEntity: null, cue: 'according to', attribution: null, start: 300, end: 323 }],
    figures: [{ text: '$2 billion', value: 2e9, unit: 'USD', about: 'the cost of the dam', source: 'Reuters', date: '2023', start: 310, end: 320 }],
    wants: [
      { text: 'a fair share of the river', actor: 'e1', actorName: 'Maria Lind', cue: 'wants', start: 400, end: 425 },
      { text: 'more time', actor: 'e2', actorName: 'Omar Haddad', cue: 'seeks' },
      { text: 'an independent survey', actor: 'e1', actorName: 'Maria Lind', cue: 'pushes for' },
    ],
    timeline: [
      { text: 'Talks resume', date: null, dateText: 'next week', dateSpan: null, relative: true },
      { text: 'The dam opened', date: '2023-02', dateText: 'February 2023', dateSpan: null, relative: false, start: 500, end: 514 },
      { text: 'The first treaty', date: '1999', dateText: '1999', dateSpan: null, relative: false },
    ],
    outlook: [{ text: 'A vote is expected in June', cue: 'is expected', start: 600, end: 626 }],
  };
  return { ...brief, ...overrides };
}

/** Replace every string in a brief by the hostile string (keeping enums, ids and dates valid). */
function hostileBrief(): Brief {
  const b = makeBrief();
  return BriefSchema.parse({
    ...b,
    article: { ...b.article, title: HOSTILE, dek: HOSTILE, byline: [HOSTILE], publisher: HOSTILE },
    summary: HOSTILE,
    entities: b.entities.map((e) => ({ ...e, name: `${e.name} ${HOSTILE}`, role: HOSTILE, affiliation: HOSTILE, country: HOSTILE })),
    quotes: b.quotes.map((q) => ({ ...q, text: HOSTILE, speakerName: HOSTILE })),
    sources: b.sources.map((s) => ({ ...s, text: HOSTILE, source: HOSTILE, cue: HOSTILE })),
    figures: b.figures.map((f) => ({ ...f, text: HOSTILE, about: HOSTILE, source: HOSTILE })),
    wants: b.wants.map((w) => ({ ...w, text: HOSTILE, actorName: HOSTILE })),
    timeline: b.timeline.map((t) => ({ ...t, text: HOSTILE, dateText: HOSTILE })),
    outlook: b.outlook.map((o) => ({ ...o, text: HOSTILE })),
  });
}

function indexOfAll(haystack: string, needles: string[]): number[] {
  return needles.map((n) => {
    const i = haystack.indexOf(n);
    assert.notEqual(i, -1, `missing ${JSON.stringify(n)}`);
    return i;
  });
}

function assertAscending(positions: number[], what: string): void {
  for (let i = 1; i < positions.length; i++) {
    assert.ok((positions[i] ?? 0) > (positions[i - 1] ?? 0), `${what} out of order: ${positions.join(', ')}`);
  }
}

const SECTION_TITLES = ["Who's involved", 'What each side wants', 'What they said', 'Key numbers', 'Reported by', 'Timeline', 'What to watch'];

test('the hand-built brief is schema-valid', () => {
  BriefSchema.parse(makeBrief());
});

test('markdown: sections in explainer order after title, dek and gist', () => {
  const md = renderMarkdown(makeBrief());
  assert.ok(md.startsWith('# Leaders meet in Geneva\n'));
  assertAscending(indexOfAll(md, ['# Leaders meet', 'Talks on water rights resume', 'Two ministers resumed', ...SECTION_TITLES.map((t) => `## ${t}`)]), 'sections');
});

test('markdown: who is involved lists people with role, affiliation and country, then organisations and places', () => {
  const md = renderMarkdown(makeBrief());
  assert.match(md, /- \*\*Maria Lind\*\*, foreign minister, Government of Norland \(Norland\)/);
  assert.match(md, /- \*\*Omar Haddad\*\*, River Council\n/);
  assert.match(md, /\*Organisations:\* United Nations/);
  assert.match(md, /\*Places:\* Geneva/);
});

test('markdown: quotes grouped by speaker with role and affiliation; direct quoted once, indirect as paraphrase', () => {
  const md = renderMarkdown(makeBrief());
  const said = md.slice(md.indexOf('## What they said'), md.indexOf('## Key numbers'));
  assert.equal(said.match(/### \*\*Maria Lind\*\*/g)?.length, 1, 'one group per speaker');
  assert.match(said, /### \*\*Maria Lind\*\* \(foreign minister, Government of Norland\)/);
  assert.match(said, /- “We want a fair share,”\n/, 'existing quote marks are not doubled');
  assert.match(said, /- “Talks must go on”/);
  assert.match(said, /### \*\*Omar Haddad\*\* \(River Council\)\n\n- the dam would be shared \(paraphrase\)/);
});

test('markdown: wants grouped by actor in order of first appearance', () => {
  const md = renderMarkdown(makeBrief());
  const wants = md.slice(md.indexOf('## What each side wants'), md.indexOf('## What they said'));
  assert.match(wants, /### \*\*Maria Lind\*\*[^\n]*\n\n- a fair share of the river\n- an independent survey\n/);
  assert.ok(wants.indexOf('Maria Lind') < wants.indexOf('Omar Haddad'));
});

test('markdown: key numbers show text, about, source and date', () => {
  const md = renderMarkdown(makeBrief());
  assert.match(md, /- \*\*\$2 billion\*\* — the cost of the dam \(source: Reuters; date: 2023\)/);
  assert.match(md, /- \*\*Reuters\*\* \(according to\): the dam cost \$2 billion/);
});

test('markdown: timeline sorted by date, unresolved items last and marked', () => {
  const md = renderMarkdown(makeBrief());
  const timeline = md.slice(md.indexOf('## Timeline'), md.indexOf('## What to watch'));
  assertAscending(indexOfAll(timeline, ['1999', '2023-02', 'Talks resume']), 'timeline');
  assert.match(timeline, /- Talks resume \(date unresolved: next week\)/);
});

test('sortTimeline keeps equal and unresolved items in input order', () => {
  const [later, feb, early] = makeBrief().timeline;
  assert.ok(later !== undefined && feb !== undefined && early !== undefined);
  const items = [later, feb, early, { ...feb, text: 'Second Feb item' }];
  assert.deepEqual(sortTimeline(items).map((x) => x.text), ['The first treaty', 'The dam opened', 'Second Feb item', 'Talks resume']);
});

test('residue, image credit and author bio are not shown; byline and publisher only in the footer', () => {
  for (const out of [renderMarkdown(makeBrief()), renderHtml(makeBrief())]) {
    assert.doesNotMatch(out, /RESIDUE SHOULD NOT SHOW|PHOTO CREDIT SHOULD NOT SHOW|AUTHOR BIO SHOULD NOT SHOW/);
    assert.match(out, /Byline: Ana Ruiz, Publisher: Daily Test/);
  }
});

test('empty sections are omitted; a brief with nothing has just a title', () => {
  const empty = makeBrief({ summary: '', entities: [], quotes: [], sources: [], figures: [], wants: [], timeline: [], outlook: [] });
  const bare = { ...empty, article: { ...empty.article, title: null, dek: null, byline: [], publisher: null } };
  const md = renderMarkdown(bare);
  assert.equal(md, '# News brief\n');
  const html = renderHtml(bare);
  for (const title of SECTION_TITLES) assert.ok(!html.includes(escapeHtml(title)), `${title} should be omitted`);
  assert.doesNotMatch(html, /<footer>/);
  const onlyQuotes = renderMarkdown(makeBrief({ wants: [], figures: [] }));
  assert.ok(!onlyQuotes.includes('## What each side wants'));
  assert.ok(!onlyQuotes.includes('## Key numbers'));
  assert.ok(onlyQuotes.includes('## What they said'));
});

test('html: a complete page with the CSP, inline style only, no script', () => {
  const html = renderHtml(makeBrief());
  assert.ok(html.startsWith('<!doctype html>\n<html lang="en">'));
  assert.ok(html.trimEnd().endsWith('</html>'));
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">`));
  assert.equal(CSP, "default-src 'none'; style-src 'unsafe-inline'");
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|\bhref=|\bsrc=/i);
  assertAscending(indexOfAll(html, ['<h1>Leaders meet', 'class="dek"', 'class="gist"', ...SECTION_TITLES.map((t) => `<h2>${escapeHtml(t)}</h2>`)]), 'html sections');
});

test('html: items with offsets carry data-start/data-end, others do not', () => {
  const html = renderHtml(makeBrief());
  assert.match(html, /<li data-start="100" data-end="123">“We want a fair share,”<\/li>/);
  assert.match(html, /<li data-start="500" data-end="514"><strong>2023-02<\/strong>: The dam opened<\/li>/);
  assert.match(html, /<li>the dam would be shared<span class="muted"> \(paraphrase\)<\/span><\/li>/);
  assert.equal(html.match(/data-start=/g)?.length, 7);
});

/** Every tag in the output, as [name, attribute string]. */
function tagsOf(html: string): Array<[string, string]> {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)].map((m) => [(m[1] ?? '').toLowerCase(), m[2] ?? '']);
}

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'article', 'header', 'h1', 'h2', 'h3', 'p', 'section', 'ul', 'li', 'strong', 'em', 'span', 'footer']);
const ALLOWED_ATTRS = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'data-start', 'data-end']);

test('html: hostile strings in every field produce no live markup', () => {
  const html = renderHtml(hostileBrief());
  for (const [name, attrs] of tagsOf(html)) {
    assert.ok(ALLOWED_TAGS.has(name), `unexpected tag <${name}>`);
    for (const m of attrs.matchAll(/([^\s=]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)) {
      assert.ok(ALLOWED_ATTRS.has((m[1] ?? '').toLowerCase()), `unexpected attribute ${m[1] ?? ''} in <${name}${attrs}>`);
      assert.match(m[2] ?? '', /^"[^"<>]*"$/, `attribute value not safely quoted in <${name}${attrs}>`);
      assert.doesNotMatch(m[2] ?? '', /javascript:/i);
    }
  }
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /" onload=/);
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;alert(2)&quot; javascript:alert(3)'));
  // The hostile title reaches <title> escaped too.
  assert.match(html, /<title>&lt;script&gt;/);
});

test('markdown: hostile strings cannot inject HTML or Markdown', () => {
  const md = renderMarkdown(hostileBrief());
  assert.doesNotMatch(md, /(^|[^\\])</m, 'every < is backslash-escaped');
  assert.ok(md.includes('\\<script\\>alert(1)\\</script\\>'));
  assert.equal(escapeMarkdown('[x](javascript:alert(1))'), '\\[x\\](javascript:alert(1))');
  assert.equal(escapeMarkdown('*a* _b_ `c` a|b ~~d~~'), '\\*a\\* \\_b\\_ \\`c\\` a\\|b \\~\\~d\\~\\~');
  assert.equal(escapeMarkdown('- not a list'), '\\- not a list');
  assert.equal(escapeMarkdown('# not a heading'), '\\# not a heading');
  assert.equal(escapeMarkdown('1984. A year'), '1984\\. A year');
  assert.equal(escapeMarkdown('AT&T &amp; co'), 'AT&T \\&amp; co');
});

test('a summary equal to the dek is not repeated', () => {
  const b = makeBrief({ summary: 'Talks on water rights resume' });
  const md = renderMarkdown(b);
  assert.equal(md.split('Talks on water rights resume').length, 2);
  assert.ok(!md.includes('In short'));
});

test('markdown: newlines in data cannot start new blocks', () => {
  const md = renderMarkdown(makeBrief({ summary: 'line one\n# injected heading\n- injected item' }));
  assert.match(md, /\*\*In short:\*\* line one # injected heading - injected item\n/);
});
