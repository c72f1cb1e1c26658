/**
 * Fixture cases: one folder per article under test/cases/<slug>/ with the
 * input text and hand-written expectations (expected.json). Every folder is
 * discovered and becomes one test. Articles are written by the briefly team.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { explain } from '../src/explain.js';
import { projectRoot } from '../src/data/paths.js';
import type { Brief } from '../src/brief/schema.js';
import { BriefSchema } from '../src/brief/schema.js';
import { collapseWhitespace } from '../src/text/span.js';

interface Expected {
  referenceDate?: string;
  article?: { title?: string; dek?: string; byline?: string[]; bodyStartsWith?: string };
  quotes?: { contains: string; speaker: string; kind: string; cueType?: string; fragments?: number; alsoContains?: string[]; speakerMentionText?: string }[];
  noQuotes?: boolean;
  /** No quoted speech and no reported speech (intentions and stances may still be attributed). */
  noSpeech?: boolean;
  notQuotes?: string[];
  entities?: { name: string; type: string; role?: string; affiliation?: string; country?: string }[];
  sources?: { source: string; contains: string }[];
  figures?: { contains: string; value: number; unit: string; source?: string; date?: string }[];
  wants?: { actor: string; contains: string }[];
  timeline?: { contains: string; date: string }[];
  outlook?: string[];
  unresolvedWithoutDate?: string[];
}

const has = (hay: string, needle: string): boolean => collapseWhitespace(hay).includes(collapseWhitespace(needle));

/** Every item with offsets must carry exactly the text its offsets point at. */
function assertOffsetsMatchText(brief: Brief): void {
  const body = brief.article.text;
  const single = brief.quotes.filter((q) => q.fragments.length === 1); // split quotes join their fragments' text
  const items = [...single, ...brief.sources, ...brief.figures, ...brief.wants, ...brief.timeline, ...brief.outlook, ...brief.article.headings];
  for (const item of items) {
    if (item.start === undefined || item.end === undefined) continue;
    assert.equal(body.slice(item.start, item.end), item.text, `offsets of "${item.text.slice(0, 40)}" point at other text`);
  }
  for (const q of brief.quotes) for (const f of q.fragments) assert.ok(has(q.text, body.slice(f.start, f.end)), 'each fragment is part of its quote');
  for (const e of brief.entities) for (const m of e.mentions) assert.ok(m.start >= 0 && m.end <= body.length && m.start < m.end, `mention of ${e.name} out of range`);
}

const casesDir = path.join(projectRoot(), 'test', 'cases');
for (const slug of readdirSync(casesDir).filter((d) => existsSync(path.join(casesDir, d, 'expected.json'))).sort()) {
  test(`case ${slug}`, () => {
    const input = readFileSync(path.join(casesDir, slug, 'input.txt'), 'utf8');
    const exp = JSON.parse(readFileSync(path.join(casesDir, slug, 'expected.json'), 'utf8')) as Expected;
    const brief = explain(input, { referenceDate: exp.referenceDate ?? '2026-03-10' });
    BriefSchema.parse(brief);
    assertOffsetsMatchText(brief);

    if (exp.article?.title !== undefined) assert.equal(brief.article.title, exp.article.title);
    if (exp.article?.dek !== undefined) assert.equal(brief.article.dek, exp.article.dek);
    if (exp.article?.byline) assert.deepEqual(brief.article.byline, exp.article.byline);
    if (exp.article?.bodyStartsWith) assert.ok(brief.article.text.startsWith(exp.article.bodyStartsWith), `body starts "${brief.article.text.slice(0, 40)}"`);

    if (exp.noQuotes) assert.deepEqual(brief.quotes, [], 'an article without quotations has no quotes');
    if (exp.noSpeech) {
      const speech = brief.quotes.filter((q) => q.kind !== 'indirect' || q.cueType === 'speech');
      assert.deepEqual(speech.map((q) => q.text), [], 'an article without quotations or reported speech has no spoken quotes');
    }
    for (const q of exp.quotes ?? []) {
      const got = brief.quotes.find((x) => has(x.text, q.contains));
      assert.ok(got, `quote "${q.contains}" not found`);
      assert.equal(got.speakerName, q.speaker, `speaker of "${q.contains}"`);
      assert.equal(got.kind, q.kind, `kind of "${q.contains}"`);
      if (q.cueType) assert.equal(got.cueType, q.cueType, `cue type of "${q.contains}"`);
      if (q.fragments !== undefined) assert.equal(got.fragments.length, q.fragments, `fragments of "${q.contains}"`);
      for (const more of q.alsoContains ?? []) assert.ok(has(got.text, more), `quote "${q.contains}" also holds "${more}"`);
      if (q.speakerMentionText) assert.equal(got.speakerMention && brief.article.text.slice(got.speakerMention.start, got.speakerMention.end), q.speakerMentionText);
    }
    for (const nq of exp.notQuotes ?? []) assert.ok(!brief.quotes.some((x) => has(x.text, nq) && x.kind !== 'indirect'), `"${nq}" is not speech`);
    for (const e of exp.entities ?? []) {
      const got = brief.entities.find((x) => x.name === e.name);
      assert.ok(got, `entity ${e.name} not found`);
      assert.equal(got.type, e.type, `type of ${e.name}`);
      if (e.role) assert.equal(got.role, e.role, `role of ${e.name}`);
      if (e.affiliation) assert.equal(got.affiliation, e.affiliation, `affiliation of ${e.name}`);
      if (e.country) assert.equal(got.country, e.country, `country of ${e.name}`);
    }
    for (const s of exp.sources ?? []) assert.ok(brief.sources.some((x) => x.source === s.source && has(x.text, s.contains)), `source ${s.source}: ${s.contains}`);
    for (const f of exp.figures ?? []) {
      const got = brief.figures.find((x) => has(x.text, f.contains));
      assert.ok(got, `figure ${f.contains} not found`);
      assert.equal(got.value, f.value, `value of ${f.contains}`);
      assert.equal(got.unit, f.unit, `unit of ${f.contains}`);
      if (f.source) assert.equal(got.source, f.source, `source of ${f.contains}`);
      if (f.date) assert.equal(got.date, f.date, `date of ${f.contains}`);
    }
    for (const w of exp.wants ?? []) assert.ok(brief.wants.some((x) => x.actorName === w.actor && has(x.text, w.contains)), `want of ${w.actor}: ${w.contains}`);
    for (const t of exp.timeline ?? []) assert.ok(brief.timeline.some((x) => x.date === t.date && has(x.text, t.contains)), `timeline ${t.date}: ${t.contains}`);
    for (const o of exp.outlook ?? []) assert.ok(brief.outlook.some((x) => has(x.text, o)), `outlook: ${o}`);

    if (exp.unresolvedWithoutDate) {
      const undated = explain(input);
      for (const expr of exp.unresolvedWithoutDate) {
        const item = undated.timeline.find((x) => x.dateText.includes(expr));
        assert.ok(item, `date expression "${expr}" not found`);
        assert.equal(item.date, null, `"${expr}" must stay unresolved without a reference date`);
        assert.equal(item.relative, true);
      }
    }
  });
}
