/** The event coder on sentences written for this test, with a small dictionary set written here and with the compiled Phoenix set. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptySet, loadDictionarySet, parseActorFile, parseAgentFile, parseDiscardFile, parseVerbDictionary } from './dictionary.js';
import { codeSentence } from './index.js';
import { actorCodesFor, codeWords } from './coder.js';
import type { Word } from './coder.js';
import { seededRandom } from '../../text/perceptron-train.js';

const set = emptySet('test', 'written for this test');
parseVerbDictionary([
  '--- SHIP  [070]  ---',
  'SHIP {SHIPS SHIPPED SHIPPING}',
  '- * GRAIN [073]',
  '--- VISIT  [042:043]  ---',
  'VISIT',
  '--- CRITICIZE  [121]  ---',
  'CRITICIZE',
  '--- SAY  [010]  ---',
  'SAY {SAYS SAID SAYING}',
].join('\n'), set);
parseActorFile(['LINDHOLM_ [LHM]', '+LINDHOLMIAN', 'NORDSUND [NRD]', 'VESTMARK [VST]', 'KARIN_VOS', '\t[LHMGOV 20150101-20221231]', '\t[LHMELI]'].join('\n'), set);
parseAgentFile(['MINISTER [~GOV]', 'FISHERMAN {FISHERMEN} [~AGR]'].join('\n'), set);
parseDiscardFile('FERRY RACE', set);

const code = (text: string, date = '2020-05-01'): string[] =>
  codeSentence(text, { date, set }).events.map((e) => `${e.sourceCode}>${e.targetCode}:${e.code}`);

test('source, target and the most specific pattern', () => {
  assert.deepEqual(code('Lindholm shipped medicine to Nordsund on Monday.'), ['LHM>NRD:070']);
  assert.deepEqual(code('Lindholm shipped grain to Nordsund on Monday.'), ['LHM>NRD:073']);
});

test('agents join their country; dated roles follow the date', () => {
  assert.deepEqual(code('The Lindholmian minister criticized Nordsund.'), ['LHMGOV>NRD:121']);
  assert.deepEqual(code('Fishermen from Vestmark criticized Nordsund.'), ['VSTAGR>NRD:121']);
  assert.deepEqual(code('Karin Vos criticized Nordsund.', '2020-05-01'), ['LHMGOV>NRD:121']);
  assert.deepEqual(code('Karin Vos criticized Nordsund.', '2024-05-01'), ['LHMELI>NRD:121']);
  assert.deepEqual(actorCodesFor([['LHMGOV', '2015-01-01', '2022-12-31'], ['LHMELI', null, null]], '2010-01-01'), ['LHMELI']);
});

test('compound actors, paired codes, passives', () => {
  assert.deepEqual(code('Lindholm and Vestmark criticized Nordsund.'), ['LHM>NRD:121', 'VST>NRD:121']);
  assert.deepEqual(code('Lindholm will visit Nordsund next week.'), ['LHM>NRD:042', 'NRD>LHM:043']);
  assert.deepEqual(code('Nordsund was criticized by Lindholm on Friday.'), ['LHM>NRD:121']);
});

test('no event without a dyad, and none in a discarded sentence', () => {
  assert.deepEqual(code('Lindholm criticized the weather.'), []);
  assert.deepEqual(code('Lindholm criticized Nordsund before the ferry race on Sunday.'), []);
  // As in PETRARCH-2, a discard phrase glued to punctuation is not matched.
  assert.deepEqual(code('Lindholm criticized Nordsund before the ferry race, officials said.'), ['LHM>NRD:121']);
});

test('negation and modality', () => {
  const one = (text: string): { negated: boolean; modality: string } => {
    const e = codeSentence(text, { date: '2020-05-01', set }).events[0]!;
    return { negated: e.negated, modality: e.modality };
  };
  assert.deepEqual(one('Lindholm criticized Nordsund.'), { negated: false, modality: 'asserted' });
  assert.deepEqual(one('Lindholm did not criticize Nordsund.'), { negated: true, modality: 'asserted' });
  assert.deepEqual(one('Lindholm stopped short of criticizing Nordsund.'), { negated: true, modality: 'asserted' });
  assert.deepEqual(one('Lindholm is expected to criticize Nordsund.'), { negated: false, modality: 'expected' });
  assert.deepEqual(one('Lindholm would criticize Nordsund if asked.'), { negated: false, modality: 'hypothetical' });
  assert.deepEqual(one('Lindholm reportedly criticized Nordsund.'), { negated: false, modality: 'reported' });
});

test('the compiled Phoenix set: negated aid, an expected call, dated leaders', () => {
  const phoenix = loadDictionarySet('phoenix');
  const run = (text: string, date: string) => codeSentence(text, { date, set: phoenix }).events;
  const aid = run('China has stopped short of offering Russia lethal aid.', '2023-03-20');
  assert.equal(aid.length, 1);
  assert.equal(`${aid[0]!.sourceCode}>${aid[0]!.targetCode}`, 'CHN>RUS');
  assert.equal(aid[0]!.negated, true);
  const call = run('Xi Jinping is expected to hold an online call with the Ukrainian president.', '2023-03-20');
  assert.equal(call.length, 1);
  assert.equal(call[0]!.sourceCode, 'CHNGOV');
  assert.equal(call[0]!.targetCode.slice(0, 3), 'UKR');
  assert.equal(call[0]!.modality, 'expected');
  assert.equal(call[0]!.negated, false);
  assert.deepEqual(run('Canada criticized us on Monday.', '2023-03-20'), [], '"us" in lower case is not the United States');
  assert.deepEqual(run('Canada criticized the US on Monday.', '2023-03-20').map((e) => `${e.sourceCode}>${e.targetCode}`), ['CAN>USA']);
  assert.deepEqual(run('The mother said the ferry took her to hospital.', '2023-03-20'), [], 'no event between two actors of unknown country');
  const attack = run('Russian troops attacked Ukrainian positions near the border.', '2023-03-20');
  assert.deepEqual(attack.map((e) => `${e.sourceCode}>${e.targetCode}:${e.code.slice(0, 2)}`), ['RUSMIL>UKR:19']);
});

test('never throws on odd word sequences (seeded random sentences over dictionary words, tags and punctuation)', () => {
  const phoenix = loadDictionarySet('phoenix');
  const vocab = ['Lindholm', 'Nordsund', 'minister', 'fishermen', 'shipped', 'grain', 'visit', 'criticized', 'said', 'not', "won't", 'he', 'it', 'the', 'latter',
    'former', 'and', ',', '.', 'by', 'was', 'to', 'of', 'from', 'in', 'since', 'ferry', 'race', 'China', 'Russia', 'attacked', 'expected', 'would', 'ever', "'s", '-', 'anti-'];
  const tags = ['NN', 'NNP', 'VB', 'VBD', 'VBN', 'VBG', 'MD', 'RB', 'DT', 'IN', 'JJ', 'PRP', ',', '.', 'TO', 'CC', ''];
  const r = seededRandom(8);
  for (let n = 0; n < 400; n++) {
    const len = Math.floor(r() * 14);
    const words: Word[] = [];
    let at = 0;
    for (let k = 0; k < len; k++) {
      const w = vocab[Math.floor(r() * vocab.length)]!.toLowerCase();
      words.push({ w, pos: tags[Math.floor(r() * tags.length)]!, start: at, end: at + w.length });
      at += w.length + (r() < 0.8 ? 1 : 0);
    }
    for (const s of [set, phoenix]) {
      const events = codeWords(words, s, { date: r() < 0.5 ? null : '2020-05-01', requireDyad: r() < 0.8, state: { subject: r() < 0.5 ? null : ['LHM'] } });
      for (const e of events) {
        assert.ok(e.verbWords[0] >= 0 && e.verbWords[1] <= words.length);
        assert.match(e.code, /\d/u);
      }
    }
  }
});

test('a wire dateline is no actor: the sentence after it is coded from its own subject', async () => {
  const { explain } = await import('../../explain.js');
  const brief = explain('TALLINN, Estonia — The leaders of Estonia and Latvia met on Monday to plan a shared power grid, a project that would cut both countries off from Russian electricity.', { cleanup: false });
  assert.ok(!(brief.events ?? []).some((e) => e.targetCode === 'RUS'), JSON.stringify((brief.events ?? []).map((e) => [e.sourceCode, e.targetCode, e.code])));
});
