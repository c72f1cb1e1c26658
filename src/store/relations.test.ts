/** Relations between actors (dyad series, GDELT rows) and the events table of the SQLite store. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Brief, Event } from '../brief/schema.js';
import { explain } from '../explain.js';
import { createApp } from '../server/app.js';
import { RelationsResponseSchema } from '../server/schemas.js';
import { dyadSeries, GDELT_COLUMNS, gdeltRow, periodOf, resolveActor } from './relations.js';
import { openSqliteStore } from './sqlite.js';
import type { EventRow } from './types.js';

function row(over: Partial<EventRow>): EventRow {
  return {
    articleId: 'a1', date: '2023-03-21', sourceCode: 'CHNGOV', targetCode: 'RUS', sourceName: null, targetName: null, code: '040', root: '04',
    quadClass: 1, goldstein: 1, negated: false, modality: 'asserted', text: 'China met Russia', start: 0, end: 16, outlet: null, url: null, ...over,
  };
}

test('actors: country names, demonyms and codes resolve to a three-letter prefix; unknown ones are a clear error', () => {
  assert.equal(resolveActor('China'), 'CHN');
  assert.equal(resolveActor('chinese'), 'CHN');
  assert.equal(resolveActor('rus'), 'RUS');
  assert.equal(resolveActor('UKRMIL'), 'UKR');
  assert.throws(() => resolveActor(''), /empty/);
  assert.throws(() => resolveActor('Atlantis Republic'), /Unknown actor 'Atlantis Republic'/);
});

test('dyad series: both directions by quad class; negated and expected events are counted apart from the index', () => {
  const events = [
    row({}),
    row({ date: '2023-03-22', code: '057', root: '05', quadClass: 1, goldstein: 8 }),
    row({ sourceCode: 'RUS', targetCode: 'CHN', date: '2023-03-30', code: '111', root: '11', quadClass: 3, goldstein: -2 }),
    row({ date: '2023-03-23', code: '070', root: '07', quadClass: 2, goldstein: 7, negated: true }),
    row({ date: '2023-04-02', code: '036', root: '03', quadClass: 1, goldstein: 4, modality: 'expected' }),
    row({ date: '2023', code: '040' }),
    row({ sourceCode: 'USA', targetCode: 'RUS' }),
  ];
  const s = dyadSeries(events, 'CHN', 'RUS', 'month');
  assert.equal(s.total, 6, 'the USA event is not in the dyad');
  assert.equal(s.undated, 1, 'a year alone has no month');
  assert.deepEqual(s.periods.map((p) => p.period), ['2023-03', '2023-04']);
  const march = s.periods[0]!;
  assert.deepEqual(march.aToB.quad, [2, 1, 0, 0]);
  assert.deepEqual(march.bToA.quad, [0, 0, 1, 0]);
  assert.equal(march.aToB.negated, 1);
  assert.equal(march.aToB.done, 2);
  // (1 + 8 - 2) / 3 events done
  assert.equal(march.index, 2.33);
  assert.equal(s.periods[1]!.aToB.notYet, 1);
  assert.equal(s.periods[1]!.index, null);
  const weeks = dyadSeries(events, 'CHN', 'RUS', 'week');
  assert.deepEqual(weeks.periods.map((p) => p.period), ['2023-03-20', '2023-03-27']);
  assert.equal(periodOf('2023-03-26', 'week'), '2023-03-20', 'a Sunday belongs to the week of the Monday before');
  assert.equal(periodOf('2023-03', 'week'), null);
});

test('GDELT rows: one field per column, codes split as GDELT does, tabs and newlines removed from text', () => {
  const fields = gdeltRow(row({ text: 'China\tmet\nRussia', url: 'https://example.org/a' }), 3);
  assert.equal(fields.length, GDELT_COLUMNS.length);
  const at = (name: (typeof GDELT_COLUMNS)[number]): string => fields[GDELT_COLUMNS.indexOf(name)]!;
  assert.equal(at('GLOBALEVENTID'), 'a1-3');
  assert.equal(at('SQLDATE'), '20230321');
  assert.equal(at('Actor1Code'), 'CHNGOV');
  assert.equal(at('Actor1CountryCode'), 'CHN');
  assert.equal(at('EventCode'), '040');
  assert.equal(at('EventRootCode'), '04');
  assert.equal(at('QuadClass'), '1');
  assert.equal(at('Text'), 'China met Russia');
  assert.equal(at('SOURCEURL'), 'https://example.org/a');
});

/** An article we wrote, explained, with its events as the coder made them. */
function briefWithEvents(): Brief {
  const text = [
    'Harbour City, March 3, 2023 — China condemned Russia for the strike on the dam on Friday.',
    'Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on March 21, 2023.',
  ].join('\n\n');
  return explain(text, { referenceDate: '2023-03-25' });
}

test('SQLite store: events are stored with the article, queried by dyad, exported, and drawn as country edges', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-events-'));
  const store = openSqliteStore(path.join(dir, 'e.db'));
  try {
    const brief = briefWithEvents();
    const coded: Event[] = brief.events ?? [];
    // A synthetic event makes the test independent of what the coder finds in the text above.
    const extra: Event = {
      sourceCode: 'RUSGOV', targetCode: 'CHN', source: null, target: null, code: '036', root: '03', quadClass: 1, goldstein: 4, negated: false,
      modality: 'expected', date: '2023-04-05', text: 'Russia expects to meet China', start: 0, end: 10,
    };
    brief.events = [...coded, extra];
    const o = await store.addArticle({ key: 'test:events', source: 'Harbour Post', url: 'https://example.org/e', title: 'Dam strike', publishedAt: '2023-03-25', brief });
    assert.equal(o.status, 'ingested');
    const dyad = brief.events.filter((e) => new Set([e.sourceCode.slice(0, 3), e.targetCode.slice(0, 3)]).size === 2
      && ['CHN', 'RUS'].includes(e.sourceCode.slice(0, 3)) && ['CHN', 'RUS'].includes(e.targetCode.slice(0, 3)));
    const stored = await store.eventsBetween('CHN', 'RUS');
    assert.equal(stored.length, dyad.length);
    assert.ok(stored.every((e) => e.outlet === 'Harbour Post' && typeof e.negated === 'boolean'));
    assert.ok(stored.some((e) => e.code === '036' && e.modality === 'expected'));
    const exported: Record<string, unknown>[] = [];
    for await (const r of store.exportRows('events')) exported.push(r);
    assert.equal(exported.length, brief.events.length);
    const graph = await store.graph({});
    assert.ok(graph.edges.some((e) => e.kind === 'event' && e.source === 'cRUS' && e.target === 'cCHN'), JSON.stringify(graph.edges));
    assert.ok(graph.nodes.some((n) => n.id === 'cCHN' && n.type === 'COUNTRY' && n.label === 'China'));
    const app = createApp({ store });
    const res = await app.request('/api/relations?a=China&b=Russia&by=month&events=1');
    assert.equal(res.status, 200);
    const body = RelationsResponseSchema.parse(await res.json());
    assert.equal(body.total, dyad.length);
    assert.equal(body.events?.length, dyad.length);
    const bad = await app.request('/api/relations?a=Atlantis&b=Russia');
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /Unknown actor/);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
