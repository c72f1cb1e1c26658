/**
 * Entities: people, organisations and places with canonical names, roles,
 * affiliations and countries.
 *
 * Workflow:
 *   1. tag the document with the statistical entity tagger (src/text/ner.ts):
 *      PER / ORG / LOC / MISC spans, sentence by sentence; a person's title
 *      and demonym just before the name become its role and country;
 *   2. find runs of capitalised tokens (names) and split each into demonym +
 *      title pre-modifiers and a name, typed by organisation head nouns, the
 *      gazetteer, or the shape of a personal name; such a rule candidate is
 *      kept only where the tagger found nothing and the rule has evidence of
 *      its own (a title, a gazetteer entry, a head noun);
 *   3. merge short forms (surname, title + surname) into the full name's entity;
 *   4. read roles and affiliations from appositions, pre-modifiers and possessives;
 *   5. resolve people named without their full name against the political
 *      leaders gazetteer, for the article's date ("Xi" in 2023: Xi Jinping).
 */
import type { Entity, EntityType } from '../../brief/schema.js';
import {
  ATTRIBUTION, COUNTRY_BY_CODE, GAZETTEER, NAME_PARTICLES, GAZETTEER_MAX_WORDS, HONORIFICS, NEVER_NAMES, POSSESSIVE_DETERMINERS, ORG_HEAD_NOUNS, ORG_HEAD_NOUNS_LOWER, ORG_SHORT_FORM_HEADS,
  PREMODIFIER_TITLES, PREMODIFIER_TITLE_MAX_WORDS, ROLE_NOUNS, SENTENCE_INITIAL_STOPWORDS, SPEECH_VERBS, TITLES_OPENING_OTHER_NAMES, normalizeKey,
} from '../../data/lexicon.js';
import type { GazetteerEntry } from '../../data/lexicon.js';
import type { Token } from '../../text/segment.js';
import { joinTokens, matchTitle } from '../../text/titles.js';
import { entitySpans, nerTagger } from '../../text/ner.js';
import { isAbbreviation } from '../../text/pos-features.js';
import { resolveLeader } from '../../data/leaders.js';
import type { Span } from '../../text/span.js';
import { firstStartingAt } from '../../text/span.js';
import type { Doc, EntityLayer, Mention, Stage } from '../types.js';
import { layer } from '../types.js';

/** Lower-case words that may join capitalised words inside one name ("Bank of England"). */
const NAME_CONNECTORS = new Set(['of', 'for', 'de', 'del', 'da', 'van', 'von', 'der', 'al', 'bin', 'el', 'la', 'le', 'du', 'on']);
/** Longest role phrase accepted in an apposition. */
const MAX_ROLE_WORDS = 8;
/** Rounds of retyping name-shaped spans as people (see `retype`): evidence grows with each round. */
const MAX_RETYPE_ROUNDS = 4;

const RE = {
  capitalised: /^\p{Lu}/u,
  /** A US legislator's party and state ("D-N.M.", "R-Texas", "I-Vt."). */
  partyState: /^[DRI]-(?:\p{Lu}\.?){1,2}$|^[DRI]-\p{Lu}\p{Ll}+\.?$/u,
  allCaps: /^\p{Lu}{2,6}$/u,
  nameWord: /^\p{Lu}[\p{Ll}\p{M}'’-]*\p{Ll}[\p{Ll}\p{M}'’-]*$|^\p{Lu}\.$|^\p{Lu}[\p{Ll}]*-\p{Lu}[\p{Ll}]+$/u,
  possessive: /^[’']s$/u,
  openers: /^["“‘'([:—–-]$/u,
  separator: /^[,;:"“”‘’«»—–]+$/u,
};

interface Candidate extends Span {
  tokens: Token[];
  kind: 'person' | 'single' | 'org' | 'place' | 'misc';
  /** The entity tagger's type, when the candidate comes from it. */
  model?: string;
  gaz?: GazetteerEntry;
  role?: string;
  /** Where the title the role was read from starts (an organisation named right before it is the affiliation). */
  roleAt?: number;
  country?: string | null;
  sentenceInitial: boolean;
}

function isCap(tok: Token): boolean {
  return RE.capitalised.test(tok.text) && !NEVER_NAMES.has(tok.text);
}

/** Longest gazetteer phrase starting at toks[i]. */
function matchGazetteer(text: string, toks: readonly Token[], i: number, limit = toks.length): { entry: GazetteerEntry; len: number } | null {
  for (let len = Math.min(GAZETTEER_MAX_WORDS, limit - i); len >= 1; len--) {
    const entry = GAZETTEER.get(normalizeKey(joinTokens(text, toks.slice(i, i + len))));
    if (entry) return { entry, len };
  }
  return null;
}

/** A title at toks[i]: a listed one, or a compound office ending in a one-word title ("Fisheries Minister"). */
function titleAt(text: string, toks: readonly Token[], i: number): number {
  const listed = matchTitle(text, toks, i, toks.length);
  if (listed > 0) return listed;
  // (Not an honorific after other words, "But Mr", nor a compound opened by a sentence's first word.)
  if (SENTENCE_INITIAL_STOPWORDS.has(toks[i]!.text)) return 0;
  for (let j = Math.min(i + 3, toks.length - 2); j > i; j--) {
    if (PREMODIFIER_TITLES.has(toks[j]!.text) && !HONORIFICS.has(toks[j]!.text) && toks.slice(i, j + 1).every((t) => RE.capitalised.test(t.text) && !GAZETTEER.has(normalizeKey(t.text)))) return j - i + 1;
  }
  return 0;
}

/**
 * The country a title at toks[j] belongs to, from the words right before it: a demonym ("Swedish
 * Foreign Minister") or a country's possessive ("Norway's Prime Minister"). Null when neither.
 */
function countryBefore(text: string, toks: readonly Token[], j: number): string | null {
  const demonym = j > 0 ? matchGazetteer(text, toks, j - 1, j) : null;
  if (demonym?.entry.kind === 'demonym') return demonym.entry.country;
  if (j < 2 || !RE.possessive.test(toks[j - 1]!.text)) return null;
  for (let from = Math.max(0, j - 1 - GAZETTEER_MAX_WORDS); from < j - 1; from++) {
    const m = matchGazetteer(text, toks, from, j - 1);
    if (m && from + m.len === j - 1 && m.entry.kind === 'country') return m.entry.country;
  }
  return null;
}

/** Articles before a role or title. */
const DETERMINERS = new Set(['the', 'a', 'an']);
/** Tokens after which a lower-case role may open a person's description: closing marks, verbs of speaking. */
const ROLE_OPENERS = new Set(['”', '"', '’', "'", 'said', 'says', 'added', 'told']);

/** Words that end a lower-case role phrase read backwards: they are no modifiers of a role noun. */
const NOT_ROLE_MODIFIERS = new Set(['and', 'or', 'but', 'of', 'for', 'to', 'with', 'by', 'as', 'at', 'in', 'on', 'from', 'that', 'who', 'which', 'is', 'was', 'are', 'were', 'said', 'says', 'told', 'tells', 'added', 'according']);

/**
 * Where a lower-case role phrase ending at toks[end] starts ("spokesman", "foreign minister", "former
 * senior official"): its last word is a role noun, at most three words, and the word before it is a
 * capitalised word, a possessive or a determiner, or it opens the sentence. -1 when there is none.
 */
function lowerRoleStart(toks: readonly Token[], end: number, posOf: (t: Token) => string, apposed: boolean): number {
  if (end < 1 || !ROLE_NOUNS.has(toks[end - 1]!.text) || !/^NN/u.test(posOf(toks[end - 1]!))) return -1;
  const isDeterminer = (t: Token): boolean => DETERMINERS.has(t.text);
  // Modifiers are adjectives, nouns or participles ("former", "campaign", "elected"): a verb ("the
  // resident grabbed reporter …") ends the phrase.
  const isModifier = (t: Token): boolean =>
    /^\p{Ll}[\p{Ll}-]*$/u.test(t.text) && !NOT_ROLE_MODIFIERS.has(t.text) && !isDeterminer(t) && /^(?:JJ|NN|VBN|VBG)/u.test(posOf(t));
  let j = end - 1;
  while (j > 0 && end - j < 3 && isModifier(toks[j - 1]!)) j--;
  if (j === 0) return j;
  const before = toks[j - 1]!;
  // After a name, a possessive or a determiner; or where a clause or phrase names its speaker: after a closing
  // quotation mark ('“…,” union leader Henrik Dahl told …') or a verb of speaking ("said union leader …").
  const opensRole = RE.capitalised.test(before.text) || RE.possessive.test(before.text) || isDeterminer(before) || ROLE_OPENERS.has(before.text);
  if (!opensRole) return -1;
  // An item of a list is no apposition ("the president, the vice president, Susan Rice, …").
  if (apposed && isDeterminer(before) && j >= 2 && toks[j - 2]!.text === ',') return -1;
  return j;
}

/**
 * A test of whether a span overlaps any of `spans`, in logarithmic time plus the overlapping ones: spans
 * sorted by start with the running maximum of their ends (a long document has thousands of each).
 */
function overlapTest(spans: readonly Span[]): (c: Span) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const maxEnd = new Int32Array(sorted.length);
  sorted.forEach((m, i) => { maxEnd[i] = Math.max(m.end, i > 0 ? maxEnd[i - 1]! : 0); });
  return (c) => {
    // The spans starting before c ends; of those, from the last back while one may still reach past c's start.
    for (let i = firstStartingAt(sorted, c.end) - 1; i >= 0 && maxEnd[i]! > c.start; i--) if (sorted[i]!.end > c.start) return true;
    return false;
  };
}

/** Step 1: runs of capitalised tokens within each sentence. */
function findRuns(doc: Doc, tokens: readonly Token[]): { run: Token[]; sentenceInitial: boolean }[] {
  const sentences = layer(doc, 'sentences');
  const out: { run: Token[]; sentenceInitial: boolean }[] = [];
  let ti = 0;
  for (const s of sentences) {
    while (ti < tokens.length && tokens[ti]!.start < s.start) ti++;
    let atStart = true;
    let run: Token[] = [];
    let runInitial = false;
    const flush = (): void => {
      while (run.length > 0 && !isCap(run[run.length - 1]!)) run.pop();
      if (run.length > 0) out.push({ run, sentenceInitial: runInitial });
      run = [];
    };
    for (; ti < tokens.length && tokens[ti]!.end <= s.end; ti++) {
      const tok = tokens[ti]!;
      if (isCap(tok)) {
        if (run.length === 0) runInitial = atStart;
        run.push(tok);
        atStart = false;
        continue;
      }
      if (run.length > 0 && NAME_CONNECTORS.has(tok.text) && ti + 1 < tokens.length && isCap(tokens[ti + 1]!) && tokens[ti + 1]!.end <= s.end) {
        run.push(tok);
        continue;
      }
      flush();
      atStart = RE.openers.test(tok.text) || (atStart && /^["“‘'([]$/u.test(tok.text));
    }
    flush();
  }
  return out;
}

/**
 * Tokens of each sentence, in text order, as the tagger reads them: a line
 * break also ends a group (a sentence segmenter may join the lines of a
 * table or a list), and tokens outside every sentence (headings) form one
 * group per line.
 */
function sentenceTokens(doc: Doc, tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [];
  const sentences = layer(doc, 'sentences');
  let si = 0;
  let cur: Token[] = [];
  let curSentence = -1;
  for (const tok of tokens) {
    while (si < sentences.length && sentences[si]!.end <= tok.start) si++;
    const s = sentences[si];
    const inSentence = s !== undefined && s.start <= tok.start && tok.end <= s.end ? si : -1;
    const prev = cur[cur.length - 1];
    const newLine = prev !== undefined && doc.text.slice(prev.end, tok.start).includes('\n');
    // A token attached to the previous one stays with it ("I" "." of an initial the segmenter split off).
    const attached = prev !== undefined && prev.end === tok.start;
    if (cur.length > 0 && !attached && (inSentence !== curSentence || newLine)) {
      out.push(cur);
      cur = [];
    }
    cur.push(tok);
    curSentence = inSentence;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * A tagged span without the words that open it but are no part of a name:
 * connectors, and at a sentence start the rules' sentence-initial stopwords
 * ("Both Putin" → "Putin", "Although Europe" → "Europe"). A "The" the tagger
 * put inside a name mid-sentence stays ("at The Oval").
 */
export function trimSpan(toks: Token[], sentenceInitial: boolean): Token[] {
  let from = 0;
  // A capital letter with its period is an initial ("A. Dale", "I. Healy"), not the article or the pronoun.
  const initial = (k: number): boolean => /^\p{Lu}$/u.test(toks[k]!.text) && toks[k + 1]?.text === '.' && toks[k + 1]!.start === toks[k]!.end;
  while (from < toks.length && sentenceInitial && from === 0 && SENTENCE_INITIAL_STOPWORDS.has(toks[from]!.text) && !initial(from)) from++;
  while (from < toks.length && (NAME_CONNECTORS.has(toks[from]!.text) || NEVER_NAMES.has(toks[from]!.text)) && !initial(from)) from++;
  // A separator or quotation mark the tagger ran into at the end is not part of the name ("Barack Obama,"),
  // nor is a possessive ending ("Europe’s purchases" names Europe). A period or bracket may be ("Corp.").
  let to = toks.length;
  while (to > from && (/^['’]s?$/u.test(toks[to - 1]!.text) || RE.separator.test(toks[to - 1]!.text))) to--;
  // Nor is the sentence's closing mark ("told the BBC."), unless the word before is an abbreviation the
  // period belongs to ("Acme Corp."), nor a phrase of time after the name ("the BBC on Monday"): the
  // tagger, trained on wire copy where some names mostly open longer ones, sometimes runs on into them.
  while (to > from + 1 && /^[.!?]$/u.test(toks[to - 1]!.text) && !isAbbreviation(toks[to - 2]!.text)) to--;
  if (to - from >= 3 && ATTRIBUTION.timeWords.has(toks[to - 1]!.text.toLowerCase()) && /^\p{Ll}/u.test(toks[to - 2]!.text)) to -= 2;
  // A name does not end in a lower-case word ("the BBC reported" is the BBC), a particle aside ("Bill de").
  while (to - from >= 2 && /^\p{Ll}{2,}$/u.test(toks[to - 1]!.text) && !NAME_CONNECTORS.has(toks[to - 1]!.text)) to--;
  return toks.slice(from, to);
}

/** A person span split at lower-case words that cannot be inside a name ("Putin and Xi"). */
function splitPersonSpan(toks: Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  for (const t of toks) {
    if (/^\p{Ll}/u.test(t.text) && !NAME_CONNECTORS.has(t.text)) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * The key that makes an organisation's or a place's mentions one entity: its type and normalised name,
 * less an abbreviation's period, which a sentence's end may have taken ("Acme Corp." and "Acme Corp").
 */
function nameKey(type: EntityType, name: string): string {
  return `${type}:${normalizeKey(name).replace(/\.$/u, '')}`;
}

/** Organisation or place for a tagged ORG/LOC span: the gazetteer's kind, then a head noun, then the tagger. */
function orgOrPlace(text: string, toks: readonly Token[], tagged: string): { kind: 'org' | 'place'; gaz: GazetteerEntry | undefined } {
  const gaz = GAZETTEER.get(normalizeKey(joinTokens(text, toks)));
  if (gaz && gaz.kind === 'org') return { kind: 'org', gaz };
  if (gaz && gaz.kind !== 'demonym') return { kind: 'place', gaz };
  if (toks.length >= 2 && ORG_HEAD_NOUNS.has(toks[toks.length - 1]!.text)) return { kind: 'org', gaz: undefined };
  return { kind: tagged === 'ORG' ? 'org' : 'place', gaz: undefined };
}

/**
 * A person's name goes on through lower-case particles to the capitalised word after them ("Ursula von
 * der Leyen", "Lula da Silva"): the tagger, trained on English wire copy with few such names, often
 * stops at the particle and types the rest apart. Rewrites `tags` (IOB2) in place.
 */
export function joinNameParticles(toks: readonly Token[], tags: string[]): void {
  for (let i = 0; i + 2 < toks.length; i++) {
    if (tags[i] !== 'B-PER' && tags[i] !== 'I-PER') continue;
    let j = i + 1;
    while (j < toks.length && NAME_PARTICLES.has(toks[j]!.text)) j++;
    if (j === i + 1 || j >= toks.length || !RE.nameWord.test(toks[j]!.text) || NEVER_NAMES.has(toks[j]!.text)) continue;
    for (let k = i + 1; k <= j; k++) tags[k] = 'I-PER';
    // The rest of an entity the capitalised word opened belongs to the name too ("Leyen" B-ORG, …).
    for (let k = j + 1; k < toks.length && tags[k]!.startsWith('I-'); k++) tags[k] = 'I-PER';
    i = j - 1;
  }
}

/**
 * A surname that opens with particles, used alone after the full name ("Ursula von der Leyen … von der
 * Leyen said", "Von der Leyen said"), is that person wherever the same words recur in the document.
 * Rewrites `tags` (IOB2) in place.
 */
export function tagParticleSurnames(sentences: readonly (readonly Token[])[], tags: string[][]): void {
  const surnames = new Set<string>();
  sentences.forEach((toks, k) => {
    for (const e of entitySpans(tags[k]!)) {
      if (e.type !== 'PER') continue;
      const p = toks.slice(e.start, e.end).findIndex((t, i) => i > 0 && NAME_PARTICLES.has(t.text));
      if (p > 0 && e.start + p < e.end - 1) surnames.add(toks.slice(e.start + p, e.end).map((t) => t.text.toLowerCase()).join(' '));
    }
  });
  if (surnames.size === 0) return;
  sentences.forEach((toks, k) => {
    const t = tags[k]!;
    for (let i = 0; i < toks.length; i++) {
      if (!NAME_PARTICLES.has(toks[i]!.text.toLowerCase()) || t[i] === 'B-PER' || t[i] === 'I-PER') continue;
      for (const s of surnames) {
        const n = s.split(' ').length;
        if (i + n > toks.length || toks.slice(i, i + n).map((x) => x.text.toLowerCase()).join(' ') !== s) continue;
        for (let j = i; j < i + n; j++) t[j] = j === i ? 'B-PER' : 'I-PER';
        // Whatever entity the surname's last word opened ends with it.
        for (let j = i + n; j < toks.length && t[j]!.startsWith('I-'); j++) t[j] = 'O';
        i += n - 1;
        break;
      }
    }
  });
}

/**
 * Step 1: the entity tagger's spans as candidates, with the title, role and country before a person;
 * and the spans of the titles taken out of names (no name of their own: the rules' candidates over
 * them are dropped too).
 */
/**
 * "A Department for Transport spokesperson", "the University of Tartu": an organisation's head noun and "of" or
 * "for" before a name the tagger found alone make one organisation with it (the tagger, trained on wire copy
 * where such names are mostly whole, sometimes leaves the head outside). Rewrites `tags` (IOB2) in place.
 */
export function joinOrgHeads(toks: readonly Token[], tags: string[]): void {
  for (let i = 2; i < toks.length; i++) {
    if ((tags[i] !== 'B-ORG' && tags[i] !== 'B-LOC') || tags[i - 1] !== 'O' || tags[i - 2] !== 'O') continue;
    if ((toks[i - 1]!.text !== 'of' && toks[i - 1]!.text !== 'for') || !ORG_HEAD_NOUNS.has(toks[i - 2]!.text) || !RE.capitalised.test(toks[i - 2]!.text)) continue;
    tags[i - 2] = 'B-ORG';
    tags[i - 1] = 'I-ORG';
    for (let k = i; k < toks.length && (k === i || tags[k]!.startsWith('I-')); k++) tags[k] = 'I-ORG';
  }
}

function modelCandidates(text: string, sentences: readonly Token[][], date: string | null, posOf: (t: Token) => string): { candidates: Candidate[]; titles: Span[] } {
  const tags = nerTagger().tagTokens(
    sentences.map((ts) => ts.map((t) => t.text)),
    sentences.map((ts) => ts.map((t, i) => i > 0 && ts[i - 1]!.end === t.start)),
  );
  sentences.forEach((toks, k) => {
    joinNameParticles(toks, tags[k]!);
    joinOrgHeads(toks, tags[k]!);
  });
  tagParticleSurnames(sentences, tags);
  let out: Candidate[] = [];
  /** Tokens of titles taken out of names: they are no names of their own. */
  const claimed = new Set<Token>();
  /** Tokens of the titles read as a person's role: a span the tagger made of them alone is no name ("The Transport Secretary, Helen Marsh"). */
  const roleTokens = new Set<Token>();
  /** Organisations named in a compound title before a person ("Harbour League" of "Harbour League Secretary General"). */
  const titleOrgs: Candidate[] = [];
  sentences.forEach((toks, k) => {
    const spans = entitySpans(tags[k]!).flatMap((e) => {
      const ts = trimSpan(toks.slice(e.start, e.end), e.start === 0 || RE.openers.test(toks[e.start - 1]!.text));
      // "Her Labour shadow", "His Republican rival": a person span from a possessive to a common noun is a
      // description of someone; the capitalised word inside it names a party or a group, not the person.
      if (e.type === 'PER' && POSSESSIVE_DETERMINERS.has(toks[e.start]!.text) && /^\p{Ll}/u.test(toks[e.end - 1]!.text)) e.type = 'MISC';
      // "D-N.M.", "R-Texas": a US legislator's party and state after the name, not an organisation.
      if (ts.length > 0 && RE.partyState.test(joinTokens(text, ts))) return [];
      const parts = e.type === 'PER' ? splitPersonSpan(ts) : ts.length > 0 ? [ts] : [];
      return parts.map((p) => {
        // A title the tagger took into a person's name is left before it, where the role is read from
        // ("Mayor Hanna Lindqvist" is Hanna Lindqvist, mayor; "Mr. Solberg" is Solberg).
        const title = e.type === 'PER' ? matchTitle(text, p, 0, p.length - 1) : 0;
        for (const t of p.slice(0, title)) claimed.add(t);
        const name = p.slice(title);
        return { type: e.type, toks: name, start: toks.indexOf(name[0]!) };
      });
    });
    for (const e of spans) {
      const ts = e.toks;
      // A name-shaped span the tagger calls MISC is a person when the text vouches for one:
      // a role noun or title just before it, or a speech verb after it ("Council leader Petter Moe").
      const isDemonym = GAZETTEER.get(normalizeKey(joinTokens(text, ts)))?.kind === 'demonym';
      if (e.type === 'MISC' && !isDemonym && ts.length <= 4 && ts.every((t) => RE.nameWord.test(t.text)) && isVouchedPerson(toks, e.start, e.start + ts.length)) e.type = 'PER';
      const span = { start: ts[0]!.start, end: ts[ts.length - 1]!.end, tokens: ts, model: e.type, sentenceInitial: ts[0] === toks[0] };
      if (e.type === 'PER') {
        let role: string | undefined;
        let roleAt: number | undefined;
        let country: string | null = null;
        // The longest title that ends right before the name ("Fisheries Minister", not "Minister"), or
        // before a comma when the name stands in apposition to it ("The NATO Secretary General, Jens
        // Stoltenberg, said"; the name must close the apposition, so "As President, Ana Lind said" is not).
        const next = toks[toks.indexOf(ts[ts.length - 1]!) + 1]?.text;
        const apposed = e.start >= 2 && toks[e.start - 1]!.text === ',' && (next === undefined || /^[,.;:)]$/u.test(next));
        const titleEnd = (j: number): number => j + titleAt(text, toks, j);
        for (const end of apposed ? [e.start, e.start - 1] : [e.start]) {
          let j = Math.max(0, end - Math.max(PREMODIFIER_TITLE_MAX_WORDS, 4));
          /** Where an organisation named before the office starts ("the Harbour League Secretary General"), or -1. */
          let orgFrom = -1;
          if (end < e.start) {
            // In apposition, only a listed title, after a determiner, a possessive or an organisation's name:
            // a name before a comma is more often an item of a list of people ("…, Kevin Bishop, Kim Wellman, …").
            while (j < end && matchTitle(text, toks, j, end) !== end - j) j++;
            if (j === end) continue;
            let k = j;
            while (k > 0 && RE.capitalised.test(toks[k - 1]!.text) && !DETERMINERS.has(toks[k - 1]!.text.toLowerCase())) k--;
            if (j - k >= 2 && ORG_HEAD_NOUNS.has(toks[j - 1]!.text)) orgFrom = k;
            // A compound office after a determiner or a possessive: "The Transport Secretary, Louise Haigh,".
            else if (k < j && j - k <= 2 && k > 0 && (DETERMINERS.has(toks[k - 1]!.text.toLowerCase()) || RE.possessive.test(toks[k - 1]!.text)) && !toks.slice(k, j).some((t) => GAZETTEER.has(normalizeKey(t.text)))) j = k;
            const first = orgFrom >= 0 ? orgFrom : j;
            const before = first > 0 ? toks[first - 1]!.text : '';
            // (A name before the title must be an organisation's: an acronym or a known one, "NATO".)
            const orgBefore = RE.allCaps.test(before) || GAZETTEER.has(normalizeKey(before));
            if (first > 0 && !DETERMINERS.has(before.toLowerCase()) && !RE.possessive.test(before) && !orgBefore) continue;
          } else {
            while (j < end && titleEnd(j) !== end) j++;
            if (j === end) continue;
            // A compound office whose first words end in an organisation's head noun names the
            // organisation, then the office: not a listed title of its own ("House Speaker"), nor one
            // word before the office ("Press Secretary").
            let listed = j + 1;
            while (listed < end && matchTitle(text, toks, listed, end) !== end - listed) listed++;
            if (listed - j >= 2 && listed < end && matchTitle(text, toks, j, end) !== end - j && ORG_HEAD_NOUNS.has(toks[listed - 1]!.text)) {
              orgFrom = j;
              j = listed;
            }
          }
          // The organisation is an entity of its own, and whatever the tagger made of the run gives way to it.
          if (orgFrom >= 0) {
            const orgToks = toks.slice(orgFrom, j);
            for (const t of toks.slice(orgFrom, end)) claimed.add(t);
            titleOrgs.push({ start: orgToks[0]!.start, end: orgToks[orgToks.length - 1]!.end, tokens: orgToks, kind: 'org', gaz: GAZETTEER.get(normalizeKey(joinTokens(text, orgToks))), model: 'ORG', sentenceInitial: orgFrom === 0 });
          }
          // An honorific ("Mr.", "Dr.") says how a person is addressed, not what they do.
          const title = joinTokens(text, toks.slice(j, end));
          if (!HONORIFICS.has(title)) {
            // A sentence's period is no part of the role; an abbreviation's is ("Sen.", "Gov.").
            role = title.endsWith('.') && !isAbbreviation(title.slice(0, -1)) ? title.slice(0, -1) : title;
            roleAt = toks[j]!.start;
            // Only in apposition: before a name, the title's words may include a place or an organisation
            // the tagger rightly found ("Hong Kong Financial Secretary Donald Tsang").
            if (end < e.start) for (const t of toks.slice(j, end)) roleTokens.add(t);
          }
          country = countryBefore(text, toks, j);
          break;
        }
        // Else a role written in lower case ("Kremlin spokesman Dmitry Peskov", "Turkey's foreign
        // minister, Hakan Fidan,"), after a name, a possessive or a determiner.
        if (role === undefined && country === null && ts.length >= 2) {
          for (const end of apposed ? [e.start, e.start - 1] : [e.start]) {
            const j = lowerRoleStart(toks, end, posOf, end < e.start);
            if (j < 0) continue;
            role = joinTokens(text, toks.slice(j, end));
            roleAt = toks[j]!.start;
            country = countryBefore(text, toks, j);
            break;
          }
        }
        out.push({ ...span, kind: ts.length > 1 ? 'person' : 'single', role, roleAt, country });
      } else if (e.type === 'ORG' || e.type === 'LOC') {
        out.push({ ...span, ...orgOrPlace(text, ts, e.type) });
      } else {
        out.push({ ...span, kind: 'misc' });
      }
    }
  });
  // The tagger sometimes types one person's name differently in one place ("Barack Obama" an
  // organisation, "Carson" a place after "Ben Carson"). A name-shaped organisation, place or other span
  // that is no gazetteer entry and does not end in an organisation's head noun is that person when it
  // ends in (1) the full name of one leader (on the article's date, or of all time when the date is
  // unknown; lone words of leaders' names are too often places and teams: "Kent"), or (2) a full name
  // the tagger found elsewhere in the article, or (3) that name's last word, alone or after a title,
  // when the article's person spans end in that word more often than other spans do. A title just
  // before the name is the person's role ("President Obama"); other words before it are dropped
  // ("Vermonter Bernie Sanders").
  // Runs that took in a title and the organisation before it give way to that organisation.
  out = out.filter((c) => c.kind === 'person' || c.kind === 'single' || !(c.tokens.some((t) => claimed.has(t)) || c.tokens.every((t) => roleTokens.has(t))));
  out.push(...titleOrgs);
  out.sort((a, b) => a.start - b.start);
  const lowerWords = new Set(sentences.flatMap((toks) => toks.filter((t) => /^\p{Ll}/u.test(t.text)).map((t) => t.text)));
  const retype = (byLeader: boolean): boolean => {
    let changed = false;
    const lastWord = (c: Candidate): string => c.tokens[c.tokens.length - 1]!.text;
    const asPerson = new Map<string, number>();
    const asOther = new Map<string, number>();
    for (const c of out) {
      const counts = c.kind === 'person' || c.kind === 'single' ? asPerson : asOther;
      counts.set(lastWord(c), (counts.get(lastWord(c)) ?? 0) + 1);
    }
    const fullNames = new Set(out.filter((c) => c.kind === 'person').map((c) => joinTokens(text, c.tokens)));
    const fullNameEnds = new Set(out.filter((c) => c.kind === 'person').map(lastWord));
    for (const c of out) {
      const toks = c.tokens;
      if (c.kind === 'person' || c.kind === 'single' || c.gaz !== undefined || toks.length > 4) continue;
      const word = lastWord(c);
      if (!RE.nameWord.test(word) || ORG_HEAD_NOUNS.has(word) || GAZETTEER.has(normalizeKey(joinTokens(text, toks)))) continue;
      const titleBefore = (j: number): number => {
        for (let i = 0; i < j; i++) if (matchTitle(text, toks, i, j) === j - i) return i;
        return -1;
      };
      // The longest ending of the span that is a known full name; else the whole span, or its last
      // word after a title, by the surname evidence.
      let from = -1;
      for (let j = 0; j < toks.length - 1 && from < 0; j++) {
        const rest = toks.slice(j);
        if (!rest.every((t) => RE.nameWord.test(t.text))) continue;
        const name = joinTokens(text, rest);
        if (byLeader ? resolveLeader(name, date) !== null : fullNames.has(name)) from = j;
      }
      if (from < 0 && !byLeader && fullNameEnds.has(word) && (asPerson.get(word) ?? 0) > (asOther.get(word) ?? 0)) {
        const title = toks.length > 1 ? titleBefore(toks.length - 1) : -1;
        // A whole span of several words only when none of its other words is a common word
        // (used in lower case in the article: "Never Trump") or in the gazetteer.
        const wholeIsName = toks.every((t) => RE.nameWord.test(t.text)) &&
          toks.slice(0, -1).every((t) => !lowerWords.has(t.text.toLowerCase()) && !GAZETTEER.has(normalizeKey(t.text)));
        if (title >= 0) from = toks.length - 1;
        else if (wholeIsName) from = 0;
      }
      // (4) A title, then a name of two or three words, whose last word the article's person spans end
      // in more often than other spans do ("Assemblywoman Priya Natarajan" typed as an organisation,
      // "Natarajan" a person in later sentences), or with no such evidence when the title is one that
      // opens no other kind of name ("Councilwoman", not "General" of "General Motors").
      if (from < 0 && !byLeader) {
        const title = matchTitle(text, toks, 0, toks.length - 2);
        const name = toks.slice(title);
        const nameShaped = name.length <= 3 && name.every((t) => RE.nameWord.test(t.text) && !lowerWords.has(t.text.toLowerCase()) && !GAZETTEER.has(normalizeKey(t.text)));
        const titleText = joinTokens(text, toks.slice(0, title));
        const evidence = (asPerson.get(word) ?? 0) > (asOther.get(word) ?? 0) || !TITLES_OPENING_OTHER_NAMES.has(titleText);
        if (title > 0 && nameShaped && evidence) from = title;
      }
      if (from < 0) continue;
      const title = titleBefore(from);
      const titleText = title >= 0 ? joinTokens(text, toks.slice(title, from)) : '';
      if (titleText !== '' && !HONORIFICS.has(titleText)) c.role = titleText.replace(/\.$/, '');
      // The words left out stay claimed: a title is not a name of its own.
      for (const t of toks.slice(0, from)) claimed.add(t);
      c.tokens = toks.slice(from);
      c.start = c.tokens[0]!.start;
      c.kind = c.tokens.length > 1 ? 'person' : 'single';
      c.model = 'PER';
      c.country = null;
      changed = true;
    }
    return changed;
  };
  retype(true);
  // A span retyped as a person is evidence for the others: "Assemblywoman Priya Natarajan" typed as an
  // organisation, once a person, makes a lone "Natarajan" typed as an organisation elsewhere the same
  // person. So the counts are taken again until nothing changes (a few rounds: each round retypes at
  // least one span, and spans only become people).
  for (let round = 0; round < MAX_RETYPE_ROUNDS && retype(false); round++);
  // A surname or given name of a person found in full, left untagged elsewhere, is that person too;
  // so is a lone word that names exactly one leader in office on the article's date ("Xi").
  const nameWords = new Set(out.filter((c) => c.kind === 'person').flatMap((c) => [c.tokens[0]!.text, c.tokens[c.tokens.length - 1]!.text]));
  const covered = new Set([...out.flatMap((c) => c.tokens), ...claimed]);
  const isLeaderWord = (word: string): boolean =>
    date !== null && !SENTENCE_INITIAL_STOPWORDS.has(word) && !lowerWords.has(word.toLowerCase()) && resolveLeader(word, date) !== null;
  for (const toks of sentences) {
    toks.forEach((t, i) => {
      if (covered.has(t) || !RE.nameWord.test(t.text) || !(nameWords.has(t.text) || isLeaderWord(t.text))) return;
      const nextIsName = i + 1 < toks.length && RE.capitalised.test(toks[i + 1]!.text);
      const prevIsName = i > 0 && RE.capitalised.test(toks[i - 1]!.text) && !SENTENCE_INITIAL_STOPWORDS.has(toks[i - 1]!.text);
      if (nextIsName || prevIsName) return;
      out.push({ start: t.start, end: t.end, tokens: [t], kind: 'single', model: 'PER', sentenceInitial: i === 0 });
    });
  }
  return { candidates: out, titles: [...claimed].map((t) => ({ start: t.start, end: t.end })) };
}

/** A role noun, title or honorific right before toks[from], or a speech verb right after toks[to - 1]. */
function isVouchedPerson(toks: readonly Token[], from: number, to: number): boolean {
  const before = toks[from - 1]?.text ?? '';
  const after = toks[to]?.text ?? '';
  return ROLE_NOUNS.has(before.toLowerCase()) || PREMODIFIER_TITLES.has(before) || HONORIFICS.has(before) || SPEECH_VERBS.has(after.toLowerCase());
}

/** Whether a rule candidate carries evidence of its own (kept where the tagger found nothing). */
function hasRuleEvidence(c: Candidate): boolean {
  return c.role !== undefined || c.gaz !== undefined || (c.kind === 'org' && c.tokens.length >= 2);
}

/** Step 2: type the parts of one run. */
function classifyRun(text: string, run: Token[], sentenceInitial: boolean, capitalisedElsewhere: Set<string>): Candidate[] {
  let toks = run;
  // Trim sentence-initial function words ("The", "When", "For China").
  while (sentenceInitial && toks.length > 0 && SENTENCE_INITIAL_STOPWORDS.has(toks[0]!.text)) {
    toks = toks.slice(1);
  }
  while (toks.length > 0 && (toks[0]!.text === 'The' || NAME_CONNECTORS.has(toks[0]!.text))) toks = toks.slice(1);
  if (toks.length === 0) return [];
  const initial = sentenceInitial && toks[0] === run[0];
  const span = (ts: Token[]): Span => ({ start: ts[0]!.start, end: ts[ts.length - 1]!.end });
  const last = toks[toks.length - 1]!;

  // An organisation: the run ends with a head noun ("Atlantic Council", "American University").
  if (toks.length >= 2 && ORG_HEAD_NOUNS.has(last.text)) {
    const whole = GAZETTEER.get(normalizeKey(joinTokens(text, toks)));
    return [{ ...span(toks), tokens: toks, kind: 'org', gaz: whole, sentenceInitial: initial }];
  }

  const out: Candidate[] = [];
  let i = 0;
  let country: string | null = null;
  // Demonym + title pre-modifiers: "Chinese President Xi Jinping".
  const demonym = matchGazetteer(text, toks, 0);
  if (demonym && demonym.entry.kind === 'demonym' && demonym.len < toks.length) {
    const afterTitle = titleAt(text, toks, demonym.len);
    if (afterTitle > 0) { country = demonym.entry.country; i = demonym.len; }
  }
  const titleLen = titleAt(text, toks, i);
  let role: string | undefined;
  if (titleLen > 0 && i + titleLen < toks.length) {
    role = joinTokens(text, toks.slice(i, i + titleLen)).replace(/\.$/, '');
    i += titleLen;
  } else if (country !== null) {
    i = 0;
    country = null;
  }
  const rest = toks.slice(i);
  if (rest.length === 0) return out;

  if (role !== undefined) {
    // Everything after a title is the person's name.
    out.push({ ...span(rest), tokens: rest, kind: rest.length > 1 ? 'person' : 'single', role, country, sentenceInitial: false });
    return out;
  }

  // Gazetteer phrases and the names between them.
  let pending: Token[] = [];
  const flushName = (): void => {
    if (pending.length === 0) return;
    const ts = pending;
    pending = [];
    const isInitial = initial && ts[0] === toks[0];
    if (ts.length === 1) {
      const t = ts[0]!.text;
      if (RE.allCaps.test(t)) { out.push({ ...span(ts), tokens: ts, kind: 'org', sentenceInitial: isInitial }); return; }
      // A capitalised word at the start of a sentence is a name only if it is capitalised elsewhere too.
      if (isInitial && !capitalisedElsewhere.has(t)) return;
      out.push({ ...span(ts), tokens: ts, kind: 'single', sentenceInitial: isInitial });
      return;
    }
    if (ts.every((t) => RE.nameWord.test(t.text)) && ts.length <= 4) out.push({ ...span(ts), tokens: ts, kind: 'person', sentenceInitial: isInitial });
    else out.push({ ...span(ts), tokens: ts, kind: 'misc', sentenceInitial: isInitial });
  };
  while (i < toks.length) {
    const m = matchGazetteer(text, toks, i);
    if (m && m.entry.kind !== 'demonym') {
      flushName();
      const ts = toks.slice(i, i + m.len);
      out.push({ ...span(ts), tokens: ts, kind: m.entry.kind === 'org' ? 'org' : 'place', gaz: m.entry, sentenceInitial: false });
      i += m.len;
      continue;
    }
    if (m && m.entry.kind === 'demonym') {
      // An adjective of nationality ("Russian gas") is not a name; "the Chinese" stays unnamed too.
      flushName();
      i += m.len;
      continue;
    }
    pending.push(toks[i]!);
    i++;
  }
  flushName();
  return out;
}

interface Draft {
  key: string;
  type: EntityType;
  name: string;
  aliases: Set<string>;
  role: string | null;
  affiliation: string | null;
  country: string | null; // ISO-3
  mentions: Mention[];
  first: number;
  /** Where the titles of the person's mentions start ("NATO Secretary General, Jens Stoltenberg": "Secretary"). */
  titlesAt: number[];
}

/** "Icelandic Fisheries Directorate": an organisation named after its country belongs to it. */
function countryInName(name: string): string | null {
  const first = GAZETTEER.get(normalizeKey(name.split(/\s+/)[0] ?? ''));
  return first && (first.kind === 'demonym' || first.kind === 'country') ? first.country : null;
}

function slug(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'entity';
}

/** Step 4 helpers: appositions after a name, possessives and org titles before it. */
const APPOSITION = new RegExp(
  String.raw`^,\s+(?:(?:a|an|the)\s+)?((?:[\p{Ll}-]+\s+){0,${MAX_ROLE_WORDS - 1}}?[\p{Ll}-]+)\s+(?:at|with|for|of|in|from)\s+(?:the\s+)?(\p{Lu}[\p{L}&'’-]*(?:[ \u00a0]+(?:of|for|and|on|the|\p{Lu}[\p{L}&'’-]*|${[...ORG_HEAD_NOUNS_LOWER].join('|')})(?![\p{L}]))*)`,
  'u',
);
const APPOSITION_POSSESSIVE = new RegExp(String.raw`^,\s+the\s+(\p{Lu}[\p{L}&'’-]*(?:[ \u00a0]+(?:of|for|\p{Lu}[\p{L}&'’-]*))*)[’']s\s+((?:[\p{L}-]+\s+){0,${MAX_ROLE_WORDS - 1}}[\p{L}-]+)(?=[,.;)]|$)`, 'u');
const APPOSITION_ROLE_ONLY = new RegExp(String.raw`^,\s+(?:a|an|the)\s+((?:[\p{Ll}-]+\s+){0,${MAX_ROLE_WORDS - 1}}[\p{Ll}-]+)(?=[,.;])`, 'u');
const POSSESSIVE_BEFORE = /(?:^|\s)(?:the\s+)?(\p{Lu}[\p{L}&'’-]*(?:[ \u00a0]+(?:of|for|\p{Lu}[\p{L}&'’-]*))*)[’']s\s+$/u;

function hasRoleNoun(phrase: string): boolean {
  return phrase.split(/\s+/).some((w) => ROLE_NOUNS.has(w.toLowerCase()));
}

export function recognizeEntities(doc: Doc): EntityLayer {
  const text = doc.text;
  const tokens = layer(doc, 'tokens');
  const runs = findRuns(doc, tokens);
  // Words capitalised away from sentence starts: evidence that a sentence-initial word is a name.
  const capitalisedElsewhere = new Set<string>();
  for (const r of runs) for (const t of r.sentenceInitial ? r.run.slice(1) : r.run) capitalisedElsewhere.add(t.text);
  const ruleCandidates = runs.flatMap((r) => classifyRun(text, r.run, r.sentenceInitial, capitalisedElsewhere));
  // Part of speech of a token, asked only where a role in lower case may stand before a name.
  const syntax = doc.layers.syntax;
  const posOf = (t: Token): string => (syntax === undefined ? '' : syntax.pos(firstStartingAt(tokens, t.start)));
  const { candidates: modelFound, titles } = modelCandidates(text, sentenceTokens(doc, tokens), doc.referenceDate, posOf);
  const overlapsModel = overlapTest([...modelFound, ...titles]);
  const candidates = [...modelFound, ...ruleCandidates.filter((c) => hasRuleEvidence(c) && !overlapsModel(c))].sort((a, b) => a.start - b.start);

  const drafts = new Map<string, Draft>();
  const draftFor = (key: string, type: EntityType, name: string, first: number): Draft => {
    let d = drafts.get(key);
    if (!d) {
      d = { key, type, name, aliases: new Set(), role: null, affiliation: null, country: null, mentions: [], first, titlesAt: [] };
      drafts.set(key, d);
    }
    return d;
  };
  const addMention = (d: Draft, c: Span & { role?: string; country?: string | null }, full: boolean, key: string): void => {
    const form = text.slice(c.start, c.end).replace(/\s+/gu, ' ');
    if (form !== d.name) d.aliases.add(form);
    // A title used with the name is a form readers search for too ("President Xi").
    if (c.role && !c.country) d.aliases.add(`${c.role} ${form}`);
    d.mentions.push({ start: c.start, end: c.end, entity: key, full });
  };

  // What a mention's title says of the person: the first role and country found, and where each title starts.
  const takeTitle = (d: Draft, c: Candidate): void => {
    if (c.role && !d.role) d.role = c.role;
    if (c.roleAt !== undefined) d.titlesAt.push(c.roleAt);
    if (c.country && !d.country) d.country = c.country;
  };

  // People with full names first, so that surnames can join them.
  const persons: Draft[] = [];
  // People by the last word of their name, and two-word names by their first word (personByToken).
  const personSet = new Set<Draft>();
  const byLastWord = new Map<string, Draft[]>();
  const byFirstOfTwo = new Map<string, Draft[]>();
  const addPerson = (d: Draft): void => {
    if (personSet.has(d)) return;
    personSet.add(d);
    persons.push(d);
    const words = d.name.split(' ');
    const index = (map: Map<string, Draft[]>, key: string): void => {
      const list = map.get(key);
      if (list) list.push(d);
      else map.set(key, [d]);
    };
    index(byLastWord, words.at(-1)!);
    if (words.length === 2) index(byFirstOfTwo, words[0]!);
  };
  // A surname that opens with particles ("Von der Leyen said") is the person whose full name ends in it;
  // it is taken after the full names.
  const particleFirst = (c: Candidate): boolean => NAME_PARTICLES.has(c.tokens[0]!.text.toLowerCase());
  const personCandidates = candidates.filter((c) => c.kind === 'person');
  for (const c of [...personCandidates.filter((c) => !particleFirst(c)), ...personCandidates.filter(particleFirst)]) {
    const name = joinTokens(text, c.tokens);
    if (particleFirst(c)) {
      const tail = ` ${normalizeKey(name)}`;
      const full = persons.find((p) => normalizeKey(p.name).endsWith(tail));
      if (full) {
        addMention(full, c, false, full.key);
        continue;
      }
    }
    const key = `PERSON:${normalizeKey(name)}`;
    const d = draftFor(key, 'PERSON', name, c.start);
    addPerson(d);
    addMention(d, c, true, key);
    takeTitle(d, c);
  }
  const personByToken = (word: string): Draft | undefined => {
    // Prefer a surname match; family-name-first names ("Xi Jinping") match on their first word. Of
    // several people with that surname, a leader's full name first, then the one named most often, then
    // the first named.
    const weight = (p: Draft): number => (resolveLeader(p.name, doc.referenceDate) !== null ? 1e6 : 0) + p.mentions.length;
    const most = (ps: Draft[]): Draft | undefined => ps.reduce<Draft | undefined>((best, p) => (best === undefined || weight(p) > weight(best) ? p : best), undefined);
    return most(byLastWord.get(word) ?? []) ?? most(byFirstOfTwo.get(word) ?? []);
  };

  for (const c of candidates) {
    if (c.kind === 'person') continue;
    if (c.kind === 'single') {
      const word = c.tokens[0]!.text;
      const p = personByToken(word);
      if (p) {
        addMention(p, c, false, p.key);
        takeTitle(p, c);
        continue;
      }
      // A lone name is a person when a title or a speech verb vouches for it.
      const before = text.slice(Math.max(0, c.start - 12), c.start);
      const after = text.slice(c.end, c.end + 12);
      const vouched = c.model === 'PER' || c.role !== undefined || SPEECH_VERBS.has(/(\p{L}+)\s*$/u.exec(before)?.[1]?.toLowerCase() ?? '') || SPEECH_VERBS.has(/^\s*(\p{L}+)/u.exec(after)?.[1]?.toLowerCase() ?? '');
      const type: EntityType = vouched ? 'PERSON' : 'MISC';
      const key = `${type}:${normalizeKey(word)}`;
      const d = draftFor(key, type, word, c.start);
      if (type === 'PERSON') addPerson(d);
      takeTitle(d, c);
      addMention(d, c, true, key);
      continue;
    }
    if (c.kind === 'org' || c.kind === 'place') {
      const name = c.gaz ? c.gaz.name : joinTokens(text, c.tokens);
      const type: EntityType = c.kind === 'org' ? 'ORG' : 'PLACE';
      const key = nameKey(type, name);
      const d = draftFor(key, type, name, c.start);
      if (!d.country) d.country = c.gaz?.country ?? (type === 'ORG' ? countryInName(name) : null);
      addMention(d, c, true, key);
      continue;
    }
    const name = joinTokens(text, c.tokens);
    const key = `MISC:${normalizeKey(name)}`;
    addMention(draftFor(key, 'MISC', name, c.start), c, true, key);
  }

  // "The European Commission … the Commission said": a head noun used alone is the one organisation the
  // article named before with that head (with two or more, "the Party" stays apart).
  for (const d of [...drafts.values()]) {
    if (d.type !== 'ORG' || !ORG_SHORT_FORM_HEADS.has(d.name)) continue;
    const full = [...drafts.values()].filter((o) => o !== d && o.type === 'ORG' && o.first < d.first && o.name.endsWith(` ${d.name}`));
    if (full.length !== 1) continue;
    const into = full[0]!;
    for (const m of d.mentions) into.mentions.push({ ...m, entity: into.key, full: false });
    into.aliases.add(d.name);
    d.mentions = [];
  }

  // Step 4: roles and affiliations around each person's mentions.
  const orgByPhrase = (phrase: string, at: number): Draft => {
    const clean = phrase.replace(/^the\s+/i, '').trim();
    const gaz = GAZETTEER.get(normalizeKey(clean));
    const name = gaz && gaz.kind === 'org' ? gaz.name : clean;
    const key = nameKey('ORG', name);
    const existing = drafts.get(key);
    if (existing) return existing;
    // "the mayor of Riverton": a place the article already names is the affiliation, not a second
    // entity of another type over the same words.
    const place = drafts.get(nameKey('PLACE', name));
    if (place && gaz?.kind !== 'org' && !ORG_HEAD_NOUNS.has(name.split(/\s+/).at(-1)!)) return place;
    // "president of the FNSEA": a name the tagger left untyped (MISC) that a person belongs to is an organisation.
    const other = drafts.get(`MISC:${normalizeKey(name)}`);
    if (other) {
      other.type = 'ORG';
      other.country ??= gaz?.country ?? countryInName(clean);
      return other;
    }
    const d = draftFor(key, 'ORG', name, at);
    d.country = gaz?.country ?? countryInName(clean);
    const idx = text.indexOf(clean, at);
    if (idx >= 0 && !d.mentions.some((m) => m.start === idx)) addMention(d, { start: idx, end: idx + clean.length }, true, key);
    return d;
  };
  // Organisations by where their mentions end, for the titles right after them (built on first use).
  // (An untyped name there that ends in an organisation's head noun is that organisation: "Harbour League".)
  // The name must look like one: an acronym, a known organisation, or words of a name ("S.C. Rep."
  // and a title the tagger took for a name are not).
  const orgLike = (d: Draft): boolean => {
    const words = d.name.split(/\s+/u);
    const last = words.at(-1)!;
    if (d.type === 'MISC' && !ORG_HEAD_NOUNS.has(last)) return false;
    if ((d.type !== 'ORG' && d.type !== 'MISC') || last.endsWith('.') || PREMODIFIER_TITLES.has(last)) return false;
    if (GAZETTEER.get(normalizeKey(d.name))?.kind === 'org' || /^\p{Lu}{2,6}$/u.test(d.name)) return true;
    return words.length >= 2 && words.length <= 6 && words.every((w) => /^\p{Lu}[\p{Ll}'’-]+$|^\p{Lu}{2,6}$|^(?:of|for|and|on|&)$/u.test(w));
  };
  let orgEnds: Map<number, Draft> | null = null;
  const orgEndingAt = (): Map<number, Draft> => {
    if (orgEnds === null) {
      orgEnds = new Map();
      for (const d of drafts.values()) if (orgLike(d)) for (const m of d.mentions) if (!orgEnds.has(m.end)) orgEnds.set(m.end, d);
    }
    return orgEnds;
  };
  for (const p of persons) {
    for (const m of p.mentions) {
      const after = text.slice(m.end, m.end + 200);
      const before = text.slice(Math.max(0, m.start - 80), m.start);
      let org: Draft | null = null;
      const poss = APPOSITION_POSSESSIVE.exec(after);
      const app = poss ? null : APPOSITION.exec(after);
      if (poss) {
        p.role ??= poss[2]!.trim();
        org = orgByPhrase(poss[1]!, m.end);
      } else if (app && hasRoleNoun(app[1]!)) {
        p.role ??= app[1]!.trim();
        org = orgByPhrase(app[2]!.replace(/[,.;]+$/, ''), m.end);
      } else {
        const only = APPOSITION_ROLE_ONLY.exec(after);
        if (only && hasRoleNoun(only[1]!)) p.role ??= only[1]!.trim();
      }
      if (!org && m.full) {
        const pb = POSSESSIVE_BEFORE.exec(before);
        if (pb) {
          const gaz = GAZETTEER.get(normalizeKey(pb[1]!));
          if (!gaz || gaz.kind === 'org' || ORG_HEAD_NOUNS.has(pb[1]!.split(/\s+/).at(-1)!)) org = orgByPhrase(pb[1]!, m.start - pb[0].length);
        }
      }
      if (org && !p.affiliation) {
        p.affiliation = org.name;
        if (!p.country && org.country) p.country = org.country;
      }
    }
    // "The NATO Secretary General, Jens Stoltenberg", "Kremlin Spokesman Dmitry Peskov": an organisation
    // named right before the person's title is the one the title belongs to.
    if (!p.affiliation) {
      for (const at of p.titlesAt) {
        let e = at;
        while (e > 0 && (text[e - 1] === ' ' || text[e - 1] === '\u00a0')) e--;
        const org = e < at ? orgEndingAt().get(e) : undefined;
        if (!org) continue;
        org.type = 'ORG';
        p.affiliation = org.name;
        p.country ??= org.country;
        break;
      }
    }
  }

  // A run typed as a person that an apposition shows to be an organisation ("Icelandic Fisheries Directorate").
  const orgSpans = new Set([...drafts.values()].filter((d) => d.type === 'ORG').flatMap((d) => d.mentions.map((m) => `${m.start}:${m.end}`)));
  for (const d of drafts.values()) {
    if (d.type === 'PERSON') d.mentions = d.mentions.filter((m) => !orgSpans.has(`${m.start}:${m.end}`));
  }
  // A mention inside another entity's longer mention ("Eurasia" in "Eurasia group") is not its own.
  // One sweep over mentions sorted by start (longest first), tracking the furthest-reaching one so far.
  const all = [...drafts.values()].flatMap((d) => d.mentions.map((m) => ({ m, d }))).sort((a, b) => a.m.start - b.m.start || b.m.end - a.m.end);
  const nested = new Set<Mention>();
  let cover: { m: Mention; d: Draft } | null = null;
  for (const x of all) {
    if (cover && cover.d !== x.d && x.m.end <= cover.m.end && cover.m.end - cover.m.start > x.m.end - x.m.start) nested.add(x.m);
    if (!cover || x.m.end > cover.m.end) cover = x;
  }
  for (const d of drafts.values()) d.mentions = d.mentions.filter((m) => !nested.has(m));

  // Step 5: people named by one word only, or without a country: the leaders gazetteer, on the article's date.
  for (const d of drafts.values()) {
    if (d.type !== 'PERSON' || d.mentions.length === 0) continue;
    const leader = resolveLeader(d.name, doc.referenceDate);
    if (leader === null) continue;
    if (!d.name.includes(' ')) {
      d.aliases.add(d.name);
      d.name = leader.name;
    }
    d.country ??= leader.country;
    d.role ??= leader.office;
  }

  // Assign ids in order of first mention and build the public records.
  const ordered = [...drafts.entries()].filter(([, d]) => d.mentions.length > 0).sort((a, b) => a[1].first - b[1].first);
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const [key, d] of ordered) {
    let id = slug(d.name);
    for (let n = 2; used.has(id); n++) id = `${slug(d.name)}-${n}`;
    used.add(id);
    ids.set(key, id);
  }
  const entities: Entity[] = ordered.map(([key, d]) => {
    const countryCode = d.country;
    const countryName = countryCode ? COUNTRY_BY_CODE.get(countryCode)?.name ?? null : null;
    return {
      id: ids.get(key)!,
      type: d.type,
      name: d.name,
      aliases: [...d.aliases].filter((a) => a !== d.name),
      role: d.role,
      affiliation: d.affiliation,
      country: countryName,
      countryCode,
      mentions: d.mentions.map(({ start, end }) => ({ start, end })).sort((a, b) => a.start - b.start),
    };
  });
  const mentions = ordered
    .flatMap(([key, d]) => d.mentions.map((m) => ({ ...m, entity: ids.get(key)! })))
    .sort((a, b) => a.start - b.start);
  return { entities, mentions };
}

export const entitiesStage: Stage<'entities'> = {
  name: 'entities', reads: ['tokens', 'sentences', 'syntax'], writes: 'entities',
  run: recognizeEntities,
};
