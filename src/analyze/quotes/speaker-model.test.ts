/**
 * The learned speaker ranker and the verb-with-quotation frame, on sentences
 * written for this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPipeline, selectStages } from '../../pipeline.js';
import type { Doc } from '../types.js';
import { analyseQuotes } from './index.js';
import { QUOTE_SPEAKER_FORMAT, QUOTE_SPEAKER_VERSION, SpeakerModel, candidateFeatures, candidatesFor, prepositionalObject, setSpeakerModel, speakerModel } from './speaker-model.js';
import type { Candidate } from './speaker-model.js';

const STAGES = ['paragraphs', 'sentences', 'tokens', 'syntax', 'headings', 'quotations', 'entities'];
const INTRO = 'Lena Ortiz, the mayor of Riverton, and Tomas Hale, a senior engineer at the Harbor Authority, met on Monday.\n\n';

function docOf(text: string): Doc {
  return runPipeline({ text, referenceDate: null, extras: [], layers: {} }, selectStages(STAGES));
}

const mentionOf = (doc: Doc, span: { start: number; end: number } | null): string | null => (span ? doc.text.slice(span.start, span.end) : null);

test('the committed model loads and keeps the name, not its apposition, as the speaker', () => {
  setSpeakerModel(undefined);
  assert.ok(speakerModel(), 'data/models/quote-speaker.json should load');
  const doc = docOf(`${INTRO}“The cables will not last another winter,” says Jane Moreau, a fellow at the Harbor Institute. “Instead, the council should replace them this spring.”`);
  const q = analyseQuotes(doc).records.map((r) => r.quote).find((x) => x.text.includes('cables will not last'));
  assert.ok(q);
  assert.equal(mentionOf(doc, q.speakerMention), 'Jane Moreau');
  assert.equal(q.kind, 'direct');
});

test('candidates: the rules’ choice first, then no source, then noun phrases around the quote but not inside it', () => {
  setSpeakerModel(null);
  const doc = docOf(`${INTRO}Hale inspected the cables on Tuesday. “They are older than the bridge itself,” he said.`);
  const qa = analyseQuotes(doc);
  const r = qa.records.find((x) => x.quote.text.includes('older than'));
  assert.ok(r);
  const cands = candidatesFor(qa.scene, r.quote, r.frame);
  assert.equal(cands[0]!.current, true);
  assert.equal(mentionOf(doc, cands[0]!.span), 'he');
  assert.equal(cands[1]!.span, null);
  const texts = cands.map((c) => mentionOf(doc, c.span));
  assert.ok(texts.includes('Hale'), JSON.stringify(texts));
  assert.ok(!texts.some((t) => t !== null && t.includes('bridge itself')), 'nothing inside the quote is a candidate');
  setSpeakerModel(undefined);
});

test('a model that prefers no source takes the speaker away; without a model the rules’ choice stands', () => {
  const text = `${INTRO}“The vote is on Friday,” Ortiz said.`;
  setSpeakerModel(new SpeakerModel(new Map([['none', 5]])));
  const none = analyseQuotes(docOf(text)).records[0]!.quote;
  assert.equal(none.speakerMention, null);
  setSpeakerModel(null);
  const doc = docOf(text);
  assert.equal(mentionOf(doc, analyseQuotes(doc).records[0]!.quote.speakerMention), 'Ortiz');
  setSpeakerModel(undefined);
  assert.throws(() => SpeakerModel.fromJSON({ format: 'other', version: 1, weights: {} }), /not a briefly-quote-speaker/);
  assert.equal(SpeakerModel.fromJSON({ format: QUOTE_SPEAKER_FORMAT, version: QUOTE_SPEAKER_VERSION, scale: 10, weights: { none: 25 } }).weights.get('none'), 2.5);
});

test('a verb no lexicon lists, with a quotation in its object, attributes the quotation to its subject', () => {
  const doc = docOf(`${INTRO}Ortiz heralded the new agreement with the unions as a “turning point for the whole city.”`);
  const q = analyseQuotes(doc).records.map((r) => r.quote).find((x) => x.text.includes('turning point'));
  assert.ok(q);
  assert.equal(q.kind, 'mixed');
  assert.equal(q.cue, 'heralded');
  assert.equal(mentionOf(doc, q.speakerMention), 'Ortiz');
  assert.ok(q.text.startsWith('the new agreement'), q.text);
});

test('a quotation after a participle phrase or a phrase of place is not taken by the verb before it', () => {
  const doc = docOf(`${INTRO}Both officials released statements underscoring the “friendship” between the towns. The city signaled in its advocacy for “open talks” that it would wait.`);
  const quotes = analyseQuotes(doc).records.map((r) => r.quote).filter((q) => q.kind !== 'indirect');
  assert.deepEqual(quotes.map((q) => q.text), []);
});

test('the subject of a finite cue right before its content keeps the quote (no candidates to rank)', () => {
  const doc = docOf(`${INTRO}Parents have signed a letter against what the school board calls a “modernisation” of the timetable.`);
  const qa = analyseQuotes(doc);
  const r = qa.records.find((x) => x.quote.text.includes('modernisation'));
  assert.ok(r);
  assert.equal(mentionOf(doc, r.quote.speakerMention), 'the school board');
  assert.equal(candidatesFor(qa.scene, r.quote, r.frame).length, 1);
});

test('a subject with a participle, preposition or relative clause after it: the head noun phrase speaks, not the noun inside', () => {
  setSpeakerModel(undefined);
  const doc = docOf(`${INTRO}A source speaking to the Riverton Gazette said the council had “run out of patience with the contractor.” An engineer familiar with the repairs said the cables were “worse than anyone had admitted.” A clerk who asked not to be named because of the inquiry said the files were “never sent to the council.”`);
  const qa = analyseQuotes(doc);
  const gazette = qa.records.find((x) => x.quote.text.includes('run out of patience'));
  assert.ok(gazette);
  assert.equal(mentionOf(doc, gazette.frame.source), 'A source');
  assert.equal(mentionOf(doc, gazette.quote.speakerMention), 'A source');
  const repairs = qa.records.find((x) => x.quote.text.includes('worse than anyone'));
  assert.ok(repairs);
  assert.ok(mentionOf(doc, repairs.frame.source)?.startsWith('An engineer'), mentionOf(doc, repairs.frame.source) ?? 'no source');
  assert.ok(mentionOf(doc, repairs.quote.speakerMention)?.startsWith('An engineer'), mentionOf(doc, repairs.quote.speakerMention) ?? 'no source');
  const clerk = qa.records.find((x) => x.quote.text.includes('never sent'));
  assert.ok(clerk);
  assert.equal(mentionOf(doc, clerk.frame.source), 'A clerk');
  assert.equal(mentionOf(doc, clerk.quote.speakerMention), 'A clerk');
});

test('a share of a group as the subject: the ranker sees every candidate; a place phrase after a subject is not the subject', () => {
  setSpeakerModel(null);
  const doc = docOf(`${INTRO}In the harbor district, a majority of residents call the toll plan “a tax on getting to work.” Residents near the docks said the toll was “the last straw for the harbor.”`);
  const qa = analyseQuotes(doc);
  const share = qa.records.find((x) => x.quote.text.includes('tax on getting'));
  assert.ok(share);
  assert.equal(mentionOf(doc, share.quote.speakerMention), 'a majority of residents');
  const cands = candidatesFor(qa.scene, share.quote, share.frame);
  assert.ok(cands.length > 2, JSON.stringify(cands.map((c) => mentionOf(doc, c.span))));
  const features: string[] = [];
  candidateFeatures(qa.scene, share.quote, share.frame, cands[0]!, (f) => features.push(f));
  assert.ok(features.some((f) => f.startsWith('group|share|')), JSON.stringify(features));
  const docks = qa.records.find((x) => x.quote.text.includes('last straw for'));
  assert.ok(docks);
  assert.equal(mentionOf(doc, docks.frame.source), 'Residents');
  setSpeakerModel(undefined);
  const withModel = analyseQuotes(doc).records.find((x) => x.quote.text.includes('tax on getting'));
  assert.equal(mentionOf(doc, withModel!.quote.speakerMention), 'a majority of residents');
});

/** The features of the candidate whose words are `words` (the first such candidate), for the quote holding `inQuote`. */
function featuresOf(doc: Doc, inQuote: string, words: string, extra?: (qa: ReturnType<typeof analyseQuotes>) => Candidate): string[] {
  const qa = analyseQuotes(doc);
  const r = qa.records.find((x) => x.quote.text.includes(inQuote));
  assert.ok(r, `no quote with ${inQuote}`);
  const cands = candidatesFor(qa.scene, r.quote, r.frame);
  const c = extra ? extra(qa) : cands.find((x) => mentionOf(doc, x.span) === words);
  assert.ok(c, `${words} is not a candidate: ${JSON.stringify(cands.map((x) => mentionOf(doc, x.span)))}`);
  const out: string[] = [];
  candidateFeatures(qa.scene, r.quote, r.frame, c, (f) => out.push(f));
  return out;
}

test('a poll named before a share of a group in its sentence: both candidates see it', () => {
  setSpeakerModel(null);
  const doc = docOf(`${INTRO}In a poll released on Monday by the Riverton Gazette, 52 percent of residents said the toll was “a tax on getting to work.”`);
  const share = featuresOf(doc, 'tax on getting', '52 percent of residents');
  assert.ok(share.includes('group|share|pollbefore|true|B'), JSON.stringify(share));
  const poll = featuresOf(doc, 'tax on getting', 'a poll');
  assert.ok(poll.includes('group|survey|before-share|true|true'), JSON.stringify(poll));
  const later = docOf(`${INTRO}The Riverton Gazette published a poll on Monday. In the harbor district, 52 percent of residents said the toll was “a tax on getting to work.”`);
  assert.ok(featuresOf(later, 'tax on getting', '52 percent of residents').includes('group|share|pollbefore|false|B'), 'a poll in the sentence before is not before the share in its sentence');
  setSpeakerModel(undefined);
});

test('a passive cue is marked on every candidate and on no source', () => {
  setSpeakerModel(null);
  const doc = docOf(`${INTRO}The contractor was seen “laughing at the council” during the inspection.`);
  const none = featuresOf(doc, 'laughing at', '', (qa) => candidatesFor(qa.scene, qa.records.find((x) => x.quote.text.includes('laughing at'))!.quote, qa.records.find((x) => x.quote.text.includes('laughing at'))!.frame).find((c) => c.span === null)!);
  assert.ok(none.some((f) => f.startsWith('none|cform|pass|')), JSON.stringify(none));
  const subject = featuresOf(doc, 'laughing at', 'The contractor');
  assert.ok(subject.some((f) => f.startsWith('cform|pass|L|')), JSON.stringify(subject));
  const active = featuresOf(docOf(`${INTRO}Ortiz thanked the engineers, whom she called “the quiet heroes of the harbor.”`), 'quiet heroes', 'the engineers');
  assert.ok(active.some((f) => f.startsWith('cform|VBD|')), JSON.stringify(active));
  setSpeakerModel(undefined);
});

test('a relative clause: the subject after the relative word, and the relative word with a subject after it', () => {
  setSpeakerModel(null);
  const text = `${INTRO}Ortiz praised the report, which Hale described as “a whitewash from start to finish.”`;
  const doc = docOf(text);
  const hale = featuresOf(doc, 'whitewash', 'Hale');
  assert.ok(hale.some((f) => f.startsWith('relsubj|speech|')), JSON.stringify(hale));
  const at = text.indexOf('which Hale');
  const which: Candidate = { span: { start: at, end: at + 'which'.length }, frame: null, current: false, entityType: null, rank: 0 };
  const rel = featuresOf(doc, 'whitewash', 'which', () => which);
  assert.ok(rel.some((f) => f.startsWith('relobj|')), JSON.stringify(rel));
  setSpeakerModel(undefined);
});

test('a subordinator is not a preposition: its noun phrase is no prepositional object', () => {
  const doc = docOf(`${INTRO}A source close to the talks smiled when Hale said the cables were “older than the bridge itself.”`);
  const qa = analyseQuotes(doc);
  const tok = (w: string): number => qa.ctx.tokenFrom(doc.text.indexOf(w, INTRO.length));
  assert.equal(prepositionalObject(qa.ctx, tok('the talks')), true);
  assert.equal(prepositionalObject(qa.ctx, tok('Hale said')), false);
});

test('a candidate scores the sum of its features’ weights, a feature with a part holding "|" too', () => {
  setSpeakerModel(null);
  const doc = docOf(`${INTRO}“They are older than the bridge itself,” said Hale | the engineer.`);
  const qa = analyseQuotes(doc);
  const r = qa.records.find((x) => x.quote.text.includes('older than'));
  assert.ok(r);
  const cands = candidatesFor(qa.scene, r.quote, r.frame);
  const features = cands.map((c) => {
    const out: string[] = [];
    candidateFeatures(qa.scene, r.quote, r.frame, c, (f) => out.push(f));
    return out;
  });
  assert.ok(features.flat().includes('next||'), 'the word after "Hale" is "|"');
  // Distinct weights per feature, so that a wrong lookup changes the sum.
  const all = [...new Set(features.flat())];
  const model = new SpeakerModel(new Map(all.map((f, i) => [f, 2 ** (i % 20) + i])));
  cands.forEach((c, k) => {
    assert.equal(model.score(qa.scene, r.quote, r.frame, c), features[k]!.reduce((sum, f) => sum + model.weights.get(f)!, 0));
  });
  setSpeakerModel(undefined);
});
