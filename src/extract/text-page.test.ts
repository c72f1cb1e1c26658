import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractTextPage, isCreditLine, isUiLabelLine } from './text-page.js';

test('residue lines are recognised', () => {
  assert.ok(isUiLabelLine('clock menu more-arrow no yes mobile'));
  assert.ok(!isUiLabelLine('the menu is long'));
  assert.ok(isCreditLine('Jane Roe/AFP via Getty Images'));
  assert.ok(!isCreditLine('Officials said the AFP report was wrong.'));
});

test('a page splits into title, dek, caption, credit, bio and body', () => {
  const page = [
    'share close menu',
    'Filed under: World',
    'Ministers meet in Oslo',
    'The talks may decide the fate of the pact.',
    'Two ministers, left, pose for a photograph in Oslo on Monday.',
    'Ola Nord/AP Photo',
    'Kari Vik is a foreign correspondent at the Nordic Daily, where she covers diplomacy.',
    'The ministers met for three hours on Monday and agreed on a plan to share data.',
    'A second paragraph follows with more detail about the talks and their outcome.',
  ].join('\n');
  const p = extractTextPage(page);
  assert.equal(p.title, 'Ministers meet in Oslo');
  assert.equal(p.dek, 'The talks may decide the fate of the pact.');
  assert.equal(p.section, 'World');
  assert.equal(p.imageCredit, 'Ola Nord/AP Photo');
  assert.match(p.imageCaption ?? '', /pose for a photograph/);
  assert.deepEqual(p.byline, ['Kari Vik']);
  assert.equal(p.publisher, 'Nordic Daily');
  assert.ok(page.slice(p.body.start).startsWith('The ministers met'));
});

test('a byline that names a wire agency is a byline, not a photo credit', () => {
  const page = ['Harbour strike enters second week', 'By Kari Vik, Reuters', 'Dock workers will stay on strike until wages rise, their union said on Thursday.', 'A second paragraph.'].join('\n');
  const p = extractTextPage(page);
  assert.deepEqual(p.byline, ['Kari Vik', 'Reuters']);
  assert.equal(p.imageCredit, null);
  assert.ok(page.slice(p.body.start).startsWith('Dock workers'));
});

test('a one-sentence first paragraph that reports speech is the lede, not a dek', () => {
  const page = [
    'Ministers clash over rail fares',
    'The Transport Secretary, Kari Vik, has defended a rise in fares, saying the money was essential.',
    'Her opponent called the rise a tax on commuters, and said passengers were paying more for less.',
    'A second paragraph.',
  ].join('\n');
  const p = extractTextPage(page);
  assert.equal(p.dek, null);
  assert.ok(page.slice(p.body.start).startsWith('The Transport Secretary'));
});

test('plain article text without a header is all body', () => {
  const text = 'The ministers met for three hours on Monday and agreed on a plan to share data.\nA second paragraph.';
  const p = extractTextPage(text);
  assert.equal(p.title, null);
  assert.equal(p.body.start, 0);
  assert.equal(p.body.end, text.length);
});
