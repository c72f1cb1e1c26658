/** Entity stage: the tagger's mentions in a brief, canonical people, roles and leaders. Articles written for these tests. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../explain.js';
import { tokenize } from '../../text/segment.js';
import { joinOrgHeads, trimSpan } from './index.js';

test('a CoNLL-style sentence (tokens joined by single spaces): mentions map back to tokens', () => {
  const text = 'Karin Vos , the mayor of Lindholm , met officials in Oslo on Monday .';
  const brief = explain(text, { cleanup: false });
  const body = brief.article.text;
  assert.equal(body, text);
  const starts = new Set<number>();
  const ends = new Set<number>();
  let at = 0;
  for (const w of text.split(' ')) {
    starts.add(at);
    ends.add(at + w.length);
    at += w.length + 1;
  }
  const mentions = brief.entities.flatMap((e) => e.mentions.map((m) => ({ type: e.type, text: body.slice(m.start, m.end), ...m })));
  for (const m of mentions) assert.ok(starts.has(m.start) && ends.has(m.end), `mention "${m.text}" is token-aligned`);
  const found = mentions.map((m) => `${m.type}:${m.text}`);
  for (const want of ['PERSON:Karin Vos', 'PLACE:Oslo']) assert.ok(found.includes(want), `${want} in ${found.join(', ')}`);
});

test('a name opened by an initial that is also a word ("A.", "I.") keeps the initial', () => {
  const text = 'Lindholm 259 ( A. Berg 69 , I. Sundqvist 4-43 ) , Oslo 114 .\nA. Berg run out 16';
  const mentions = explain(text, { cleanup: false }).entities.flatMap((e) => e.mentions.map((m) => `${e.type}:${text.slice(m.start, m.end)}`));
  for (const want of ['PERSON:A. Berg', 'PERSON:I. Sundqvist']) assert.ok(mentions.includes(want), `${want} in ${mentions.join(', ')}`);
});

test('full name, surname, title + surname and honorific + surname are one person; pre-modifier gives role and country', () => {
  const text = [
    'Lindholm ferry talks stall',
    '',
    'Norwegian Fisheries Minister Erik Solberg met island mayors on Tuesday. Solberg said the ferry would run until June.',
    '',
    '"We will find the money," Minister Solberg told reporters. Mr. Solberg promised a decision in May.',
  ].join('\n');
  const brief = explain(text, { referenceDate: '2024-05-06' });
  const people = brief.entities.filter((e) => e.type === 'PERSON');
  const solberg = people.filter((e) => e.name.includes('Solberg'));
  assert.equal(solberg.length, 1, people.map((p) => p.name).join(', '));
  assert.equal(solberg[0]!.name, 'Erik Solberg');
  assert.equal(solberg[0]!.role, 'Fisheries Minister');
  assert.equal(solberg[0]!.countryCode, 'NOR');
  assert.ok(solberg[0]!.mentions.length >= 4, `${solberg[0]!.mentions.length} mentions`);
  assert.ok(solberg[0]!.aliases.includes('Minister Solberg'), solberg[0]!.aliases.join(', '));
});

test('"Xi" alone in a 2023 article resolves to Xi Jinping of China', () => {
  const text = 'Leaders meet in Moscow\n\nXi arrived in Moscow on Monday for three days of talks. Xi said trade would grow.';
  const brief = explain(text, { referenceDate: '2023-03-20' });
  const xi = brief.entities.find((e) => e.type === 'PERSON' && e.name === 'Xi Jinping');
  assert.ok(xi, brief.entities.map((e) => `${e.type}:${e.name}`).join(', '));
  assert.equal(xi.countryCode, 'CHN');
  assert.equal(xi.role, 'President');
  assert.ok(xi.aliases.includes('Xi'));
});

test('a possessive ending is not part of a name span', () => {
  const text = 'Although Europe’s purchases fell';
  const toks = tokenize(text);
  const europe = toks.findIndex((t) => t.text === 'Europe');
  assert.equal(toks[europe + 1]?.text, '’s', 'the tokenizer splits the possessive');
  assert.deepEqual(trimSpan(toks.slice(europe, europe + 2), false).map((t) => t.text), ['Europe']);
  assert.deepEqual(trimSpan(toks.slice(europe, europe + 1), false).map((t) => t.text), ['Europe']);
});

test('a separator or quotation mark at the end of a name span is not part of the name', () => {
  const text = 'critics of Governor Ada Lindqvist, the council said';
  const toks = tokenize(text);
  const ada = toks.findIndex((t) => t.text === 'Ada');
  assert.equal(toks[ada + 2]?.text, ',');
  assert.deepEqual(trimSpan(toks.slice(ada, ada + 3), false).map((t) => t.text), ['Ada', 'Lindqvist']);
  const quoted = tokenize('a sign that read “Stop Harbour Tolls”');
  const stop = quoted.findIndex((t) => t.text === 'Stop');
  assert.deepEqual(trimSpan(quoted.slice(stop, stop + 4), false).map((t) => t.text), ['Stop', 'Harbour', 'Tolls']);
});

test('a title inside a tagged name is the role, an honorific is no role, and both forms are one person', () => {
  const text = [
    'Mayor Hanna Lindqvist opened the Norrvik bridge on Monday.',
    'Critics of Lindqvist, including the Harbour Union, said the toll was too high.',
    'Ms. Lindqvist said the toll would fall in June. Hanna Lindqvist has led the town since 2019.',
  ].join(' ');
  const brief = explain(text, { cleanup: false });
  const people = brief.entities.filter((e) => e.type === 'PERSON');
  const hanna = people.filter((e) => e.name.includes('Lindqvist'));
  assert.equal(hanna.length, 1, people.map((p) => `${p.name} (${p.role})`).join(', '));
  assert.equal(hanna[0]!.name, 'Hanna Lindqvist');
  assert.equal(hanna[0]!.role, 'Mayor');
  assert.ok(hanna[0]!.mentions.length >= 4, `${hanna[0]!.mentions.length} mentions`);
  assert.ok(!people.some((p) => p.name === 'Mayor' || p.name === 'Ms'), 'a title is not a person');
});

test('a sentence’s closing period and a trailing phrase of time are not part of a name; an abbreviation keeps its period', () => {
  const span = (text: string, first: string, n: number): string[] => {
    const toks = tokenize(text);
    const at = toks.findIndex((t) => t.text === first);
    return trimSpan(toks.slice(at, at + n), false).map((t) => t.text);
  };
  assert.deepEqual(span('She spoke to the ABC.', 'ABC', 2), ['ABC']);
  assert.deepEqual(span('Shares fell at Norrvik Ferries.', 'Norrvik', 3), ['Norrvik', 'Ferries']);
  assert.deepEqual(span('She told the ABC on Monday that it was over.', 'ABC', 3), ['ABC']);
  assert.deepEqual(span('Later the ABC reported that it was over.', 'ABC', 2), ['ABC']);
  assert.deepEqual(span('They met Bill de Vries.', 'Bill', 2), ['Bill', 'de']);
  assert.deepEqual(span('He works for Harbor Corp.', 'Harbor', 3), ['Harbor', 'Corp', '.']);
  // A name with a lower-case word inside keeps it.
  assert.deepEqual(span('He joined the Council on Foreign Relations today.', 'Council', 4), ['Council', 'on', 'Foreign', 'Relations']);
});

test('an organisation written with and without its abbreviation’s period is one entity', () => {
  const text = 'Shares of Harbor Tools Corp. fell on Monday. Lena Ortiz, who runs the ferry line, buys from Harbor Tools Corp.';
  const brief = explain(text, { cleanup: false });
  const harbor = brief.entities.filter((e) => e.type === 'ORG' && e.name.startsWith('Harbor Tools'));
  assert.equal(harbor.length, 1, brief.entities.map((e) => `${e.type}:${e.name}`).join(', '));
  assert.equal(harbor[0]!.mentions.length, 2);
});

test('a title, then a name the article uses for a person elsewhere, is that person with the title as role', () => {
  const text = [
    'Rent bill vetoed',
    '',
    'The bill’s author, Assemblywoman Priya Natarajan, said she was stunned by the decision.',
    '',
    'Natarajan said she would try to override the veto. Natarajan represents a district in the east of the city.',
  ].join('\n');
  const brief = explain(text, { cleanup: false });
  const priya = brief.entities.filter((e) => e.name.includes('Natarajan'));
  assert.equal(priya.length, 1, brief.entities.map((e) => `${e.type}:${e.name}`).join(', '));
  assert.equal(priya[0]!.type, 'PERSON');
  assert.equal(priya[0]!.name, 'Priya Natarajan');
  assert.equal(priya[0]!.role, 'Assemblywoman');
  assert.ok(priya[0]!.mentions.length >= 3, `${priya[0]!.mentions.length} mentions`);
});

test('a person’s name goes on through particles ("von der", "da")', () => {
  const text = 'Harbour talks resume\n\nCommission President Ursula von der Brink met Paulo da Costa on Monday. Von der Brink said the talks would go on.';
  const brief = explain(text, { cleanup: false });
  const names = brief.entities.filter((e) => e.type === 'PERSON').map((e) => e.name);
  assert.ok(names.includes('Ursula von der Brink'), names.join(', '));
  assert.ok(names.includes('Paulo da Costa'), names.join(', '));
  assert.ok(!brief.entities.some((e) => e.type !== 'PERSON' && /Brink|Costa/.test(e.name)), brief.entities.map((e) => `${e.type}:${e.name}`).join(', '));
});

test('a country’s possessive before a title gives the person’s country; a title before a comma is the role of the name in apposition, and an organisation before the title its affiliation', () => {
  const text = [
    'Ferry talks resume',
    '',
    'Norway’s Prime Minister Eira Vangen met the Harbour League Secretary General, Tomas Brekke, on Monday.',
    '',
    'As Minister, Vangen said she would wait. Brekke said the talks would go on.',
  ].join('\n');
  const brief = explain(text, { cleanup: false });
  const person = (surname: string) => brief.entities.find((e) => e.type === 'PERSON' && e.name.endsWith(surname));
  const vangen = person('Vangen');
  const brekke = person('Brekke');
  assert.ok(vangen && brekke, brief.entities.map((e) => `${e.type}:${e.name}`).join(', '));
  assert.equal(vangen.role, 'Prime Minister');
  assert.equal(vangen.countryCode, 'NOR');
  assert.equal(brekke.role, 'Secretary General');
  assert.equal(brekke.affiliation, 'Harbour League');
});

test('a head noun used alone is the one organisation named before with it, unless two were', () => {
  const one = explain('Ferry talks\n\nThe Harbour Commission met on Monday. The Commission said fares would rise.', { cleanup: false });
  const commission = one.entities.filter((e) => e.type === 'ORG' && e.name.includes('Commission'));
  assert.equal(commission.length, 1, one.entities.map((e) => `${e.type}:${e.name}`).join(', '));
  assert.equal(commission[0]!.mentions.length, 2);
  const two = explain('Ferry talks\n\nThe Harbour Commission and the Fisheries Commission met on Monday. The Commission said fares would rise.', { cleanup: false });
  assert.ok(!two.entities.some((e) => e.name.endsWith('Commission') && e.mentions.length > 1), two.entities.map((e) => `${e.type}:${e.name}:${e.mentions.length}`).join(', '));
});

test('a role in lower case before a name, or before the comma of an apposition, is the person’s role', () => {
  const text = [
    'Ferry talks resume',
    '',
    'Harbour League spokesman Petter Moe said the talks would go on. Norway’s fisheries minister, Eira Vangen, did not comment.',
    '',
    'Moe said fares would rise. Vangen is due in Bergen on Friday.',
  ].join('\n');
  const brief = explain(text, { cleanup: false });
  const moe = brief.entities.find((e) => e.name === 'Petter Moe');
  const vangen = brief.entities.find((e) => e.name === 'Eira Vangen');
  assert.ok(moe && vangen, brief.entities.map((e) => `${e.type}:${e.name}`).join(', '));
  assert.equal(moe.role, 'spokesman');
  assert.equal(moe.affiliation, 'Harbour League');
  assert.equal(vangen.role, 'fisheries minister');
  assert.equal(vangen.countryCode, 'NOR');
});

test('a role in lower case may open the phrase that names the speaker after a quotation or a verb of speaking', () => {
  const text = [
    'Dock strike goes on',
    '',
    '“We are not going back for crumbs,” union leader Henrik Dahl told a rally. The offer was fair, said chief negotiator Sofie Lund.',
    '',
    'Dahl and Lund will meet again on Friday.',
  ].join('\n');
  const brief = explain(text, { cleanup: false });
  const role = (name: string): string | null | undefined => brief.entities.find((e) => e.name === name)?.role;
  assert.equal(role('Henrik Dahl'), 'union leader', brief.entities.map((e) => `${e.type}:${e.name}:${e.role}`).join(', '));
  assert.equal(role('Sofie Lund'), 'chief negotiator');
});

test('a title in apposition before a name is that person’s role, not an organisation; a possessive description is no person', () => {
  const text = [
    'Ministers clash over fares',
    '',
    'The Transport Secretary, Kari Vik, has defended the rise. Her Labour shadow, Owen Pryce, called it a tax on commuters.',
    '',
    'Vik and Pryce will meet on Friday.',
  ].join('\n');
  const brief = explain(text, { cleanup: false });
  const names = brief.entities.map((e) => `${e.type}:${e.name}`);
  assert.equal(brief.entities.find((e) => e.name === 'Kari Vik')?.role, 'Transport Secretary', names.join(', '));
  assert.ok(!names.includes('ORG:Transport Secretary') && !names.includes('PLACE:Transport Secretary'), names.join(', '));
  assert.ok(!names.some((n) => n.startsWith('PERSON:') && n.includes('Labour')), names.join(', '));
  const q = brief.quotes.find((x) => x.text.includes('tax on commuters'));
  assert.equal(q?.speakerName, 'Owen Pryce', JSON.stringify(brief.quotes.map((x) => [x.text, x.speakerName])));
});

test('an organisation’s head noun with "of" or "for" before a name the tagger found alone is one organisation with it', () => {
  const toks = 'A Department for Transport spokesperson said so'.split(' ').map((w, i) => ({ text: w, start: i * 100, end: i * 100 + w.length }));
  const tags = ['O', 'O', 'O', 'B-ORG', 'O', 'O', 'O'];
  joinOrgHeads(toks, tags);
  assert.deepEqual(tags, ['O', 'B-ORG', 'I-ORG', 'I-ORG', 'O', 'O', 'O']);
  const other = ['O', 'O', 'O', 'B-LOC', 'O', 'O', 'O'];
  const lower = 'a department for Transport spokesperson said so'.split(' ').map((w, i) => ({ text: w, start: i * 100, end: i * 100 + w.length }));
  joinOrgHeads(lower, other);
  assert.deepEqual(other, ['O', 'O', 'O', 'B-LOC', 'O', 'O', 'O']);
});

test('an abbreviated title keeps its period as a role; a legislator’s party and state are no organisation', () => {
  const text = ['Deal collapses', '', '“We were close,” said Sen. Maria Alvarez, D-N.M., who led the talks.', '', 'Alvarez will try again.'].join('\n');
  const brief = explain(text, { cleanup: false });
  const names = brief.entities.map((e) => `${e.type}:${e.name}`);
  assert.equal(brief.entities.find((e) => e.name === 'Maria Alvarez')?.role, 'Sen.', names.join(', '));
  assert.ok(!names.some((n) => n.includes('D-N.M')), names.join(', '));
});

test('names in a list are no appositions: a surname that is also a title gives the next name no role', () => {
  const brief = explain('Ferry talks\n\nThe meeting drew Kevin Bishop, Kim Wellman, and the vice president, Ana Lind, to Riverton. Wellman said little.', { cleanup: false });
  const wellman = brief.entities.find((e) => e.name === 'Kim Wellman');
  assert.ok(wellman, brief.entities.map((e) => e.name).join(', '));
  assert.equal(wellman.role, null);
});

test('a sentence’s first word and an honorific make no compound title ("But Mr Dobson")', () => {
  const brief = explain('Harbour plan\n\nBut Mr Dobson said the plan ignored their concerns. Dobson chairs the association.', { cleanup: false });
  const dobson = brief.entities.find((e) => e.type === 'PERSON' && e.name.endsWith('Dobson'));
  assert.ok(dobson, brief.entities.map((e) => e.name).join(', '));
  assert.equal(dobson.role, null);
});
