/** PETRARCH actor dictionary reader, on a small dictionary written for this test. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeActorPhrase, parseActorCode, parseActorDate, parseActorDictionary } from './actor-dictionary.js';

const SAMPLE = [
  '# a comment line',
  'LINDHOLM_  [LHM]',
  '+LINDHOLMIAN_',
  '+PORT_VOSS_',
  'KARIN_VOS_  # a test leader',
  '+MAYOR_KARIN_VOS_',
  '\t[LHMGOV 150101-221231]',
  '\t[LHMELI]',
  'ANNA_BERG',
  'ANNA_M._BERG',
  '\t[LHMGOV >230101]',
].join('\n');

test('records: primary phrase, synonyms, codes on the line and on restriction lines', () => {
  const records = parseActorDictionary(SAMPLE);
  assert.equal(records.length, 3);
  assert.deepEqual(records[0], { phrases: ['lindholm', 'lindholmian', 'port voss'], codes: [{ code: 'LHM', from: null, to: null }], comment: '' });
  assert.deepEqual(records[1]!.phrases, ['karin vos', 'mayor karin vos']);
  assert.deepEqual(records[1]!.codes, [
    { code: 'LHMGOV', from: '2015-01-01', to: '2022-12-31' },
    { code: 'LHMELI', from: null, to: null },
  ]);
  assert.equal(records[1]!.comment, 'a test leader');
  assert.deepEqual(records[2]!.phrases, ['anna berg', 'anna m. berg'], 'a phrase line without + before the codes is a synonym');
});

test('dates, codes and phrases', () => {
  assert.equal(parseActorDate('990809'), '1999-08-09');
  assert.equal(parseActorDate('080508'), '2008-05-08');
  assert.equal(parseActorDate('20121115'), '2012-11-15');
  assert.equal(parseActorDate('2004017'), null);
  assert.deepEqual(parseActorCode('RUSGOV <080508'), { code: 'RUSGOV', from: null, to: '2008-05-08' });
  assert.deepEqual(parseActorCode('EGYGOV > 140608'), { code: 'EGYGOV', from: '2014-06-08', to: null });
  assert.equal(parseActorCode('---'), null);
  assert.equal(normalizeActorPhrase('PRESIDENT_VLADIMIR_V._PUTIN_'), 'president vladimir v. putin');
});
