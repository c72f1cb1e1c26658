/** The PETRARCH dictionary reader, on small dictionaries written for this test (both verb formats). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptySet, nounPlural, parseActorFile, parseAgentFile, parseDiscardFile, parsePattern, parsePicoFile, parseVerbDictionary, verbForms } from './dictionary.js';

const TABARI_VERBS = [
  '<!-- a test verb dictionary -->',
  '&GRAIN',
  '+BARLEY',
  '+RYE_FLOUR',
  '',
  '--- SHIP  [070]  ---',
  'SHIP {SHIPS SHIPPED SHIPPING}  # irregular forms',
  '+SEND_OFF [071]',
  '- * &GRAIN [073]  # a synset',
  '- $ NOT_* + [112]',
  '- REFUSED_TO_* [---]',
  '',
  '--- PARLEY  [031:032]  ---',
  'PARLEY',
].join('\n');

const PETRARCH2_VERBS = [
  '&FRUIT',
  '+PEAR',
  '####### VERB PATTERNS #######',
  '---  HARVEST   [---]  ---',
  'HARVEST',
  'REAP [061]',
  '- * (FOR {WINTER &FRUIT})   [0612]  # nested phrases',
  '- &FRUIT *   [062]',
  '######## TRANSFORMATIONS ##########',
  '~ a (a b REAP) HARVEST = a b 064',
].join('\n');

test('verb forms and plurals follow the dictionaries\' rules', () => {
  assert.deepEqual(verbForms('ship'), ['ship', 'ships', 'shiped', 'shiping']);
  assert.deepEqual(verbForms('close'), ['close', 'closes', 'closed', 'closing']);
  assert.deepEqual(verbForms('deny'), ['deny', 'denies', 'denied', 'denying']);
  assert.equal(nounPlural('party'), 'parties');
  assert.equal(nounPlural('bus'), 'buses');
});

test('TABARI verbs: synsets, irregular and multi-word forms, codes, adjacency and slots', () => {
  const set = emptySet('t', 'test');
  parseVerbDictionary(TABARI_VERBS, set);
  assert.equal(set.verbFormat, 'tabari');
  assert.deepEqual(set.synsets['&GRAIN'], ['barley', 'barleys', 'rye flour', 'rye flours']);
  const ship = set.blocks.findIndex((b) => b.name === 'SHIP');
  assert.equal(set.blocks[ship]!.code, '070');
  assert.deepEqual(set.verbs['shipped'], [[ship, null]]);
  assert.deepEqual(set.verbs['sends off'], [[ship, '071']]);
  assert.equal(set.verbs['shiped'], undefined, 'irregular forms replace the generated ones');
  const [grain, negated, refused] = set.blocks[ship]!.patterns;
  assert.deepEqual(grain, { pre: [], post: [{ w: '&GRAIN', adj: false }], code: '073' });
  assert.deepEqual(negated!.pre, [{ w: '$', adj: false }, { w: 'not', adj: false }, { w: '*', adj: true }]);
  assert.deepEqual(negated!.post, [{ w: '+', adj: false }]);
  assert.equal(refused!.code, '---');
  assert.equal(set.blocks.find((b) => b.name === 'PARLEY')!.code, '031:032');
});

test('PETRARCH-2 verbs: phrases flattened, synsets before the marker, transformations', () => {
  const set = emptySet('p', 'test');
  parseVerbDictionary(PETRARCH2_VERBS, set);
  assert.equal(set.verbFormat, 'petrarch2');
  assert.deepEqual(set.synsets['&FRUIT'], ['pear', 'pears']);
  const block = set.blocks[0]!;
  assert.equal(block.code, null);
  assert.deepEqual(block.patterns[0]!.post.map((e) => e.w), ['for', 'winter', '&FRUIT']);
  assert.deepEqual(block.patterns[1]!.pre.map((e) => e.w), ['&FRUIT', '*']);
  assert.deepEqual(set.verbs['reaped'], [[0, '061']]);
  assert.equal(set.transformations.length, 1);
  assert.deepEqual(set.transformations[0]!.outer.sort(), ['harvest', 'harvested', 'harvesting', 'harvests']);
  assert.deepEqual(set.transformations[0]!.innerRoots, ['06']);
  assert.equal(parsePattern(' * (TO) [040]', true)!.post[0]!.w, 'to');
});

test('actors: synonyms share codes, dated roles, "no actor", records merge', () => {
  const set = emptySet('a', 'test');
  parseActorFile([
    'LINDHOLM_  [LHM]',
    '+LINDHOLMIAN_',
    'KARIN_VOS_  # a mayor',
    '+MAYOR_VOS',
    '\t[LHMGOV 150101-221231]',
    '\t[LHMELI]',
    'OLD_FORT [---]',
    'KARIN_VOS_',
    '\t[LHMOPP >230101]',
  ].join('\n'), set);
  assert.deepEqual(set.actors['lindholmian'], [['LHM', null, null]]);
  assert.deepEqual(set.actors['mayor vos'], [['LHMGOV', '2015-01-01', '2022-12-31'], ['LHMELI', null, null]]);
  assert.deepEqual(set.actors['karin vos'], [['LHMGOV', '2015-01-01', '2022-12-31'], ['LHMELI', null, null], ['LHMOPP', '2023-01-01', null]]);
  assert.deepEqual(set.actors['old fort'], [[null, null, null]]);
});

test('agents: plurals, irregular plurals, substitution sets; discards; PICO', () => {
  const set = emptySet('g', 'test');
  parseAgentFile(['!CREW! = SAILOR, SAILORS', 'FERRY_!CREW! [~LAB]', 'HARBOUR_MASTER {HARBOUR_MASTERS_ALL} [~GOV]', 'PRESS {} [~MED]', 'RELIEF_AGENCY [NGO~]'].join('\n'), set);
  assert.equal(set.agents['ferry sailors'], '~LAB');
  assert.equal(set.agents['harbour masters all'], '~GOV');
  assert.equal(set.agents['harbour masters'], undefined);
  assert.equal(set.agents['presses'], undefined);
  assert.equal(set.agents['relief agencies'], 'NGO~');
  parseDiscardFile(['+FERRY RACE  # sport', 'YEARS LATER'].join('\n'), set);
  assert.deepEqual(set.discards, { 'ferry race': 'story', 'years later': 'sentence' });
  parsePicoFile(['030:0x3000#Intend', '033:0x3040', '011:0x1000-0xFFFF'].join('\r\n'), set);
  assert.deepEqual(set.pico, { '030': 0x3000, '033': 0x3040 });
});
