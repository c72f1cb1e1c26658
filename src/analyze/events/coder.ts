/**
 * The event coder: "who did what to whom" in one sentence, coded with a
 * PETRARCH dictionary set (src/analyze/events/dictionary.ts) and shallow
 * syntax (our part-of-speech tags), in the manner of TABARI/PETRARCH:
 *
 * 1. actors and agents: longest dictionary phrase at each word; an actor's
 *    code is chosen for the sentence date (dated roles);
 * 2. actor groups: a country, its agents and a named person form one noun
 *    phrase ("Dagolath's first Deputy Prime Minister Telemar" → DAGGOV);
 *    "soldiers from Gondor", "the government of Gondor" attach the agent to
 *    the country; "A and B" lists become compound actors;
 * 3. verbs: every form of a dictionary verb tagged as a verb; the first verb
 *    with a subject opens a clause, a later verb is coded only when it has a
 *    subject of its own or is conjoined ("… and ousted …"); an embedded verb
 *    ("agreed to lift …") is read through the governing verb's patterns;
 * 4. the code: the most specific matching pattern of the verb's block (words
 *    in order, `_` = adjacent, slots `$` `+` `%`), else the verb's code, else
 *    the block's; `X:Y` codes a paired event (visit / receive a visit);
 * 5. source: the subject (by-phrase of a passive); target: the slot actor or
 *    the first actor group after the verb.
 *
 * Also read per event: negation ("not", "stopped short of", "refused to")
 * and modality (asserted | reported | expected | hypothetical), from cue
 * words in data/events/cues.json.
 */
import type { DictionarySet, PatternElement, VerbBlock, VerbPattern } from './dictionary.js';
import { eventCues } from './cues.js';

/** One word of a sentence: lower-case form, POS tag ('' when untagged), offsets into the text. */
export interface Word {
  w: string;
  pos: string;
  start: number;
  end: number;
  /** False when the word was written all in lower case (then "us" is not the US); absent: unknown. */
  cased?: boolean;
}

export type Modality = 'asserted' | 'reported' | 'expected' | 'hypothetical';

/** One coded event with word indices (half-open) of its parts. */
export interface CodedEvent {
  sourceCode: string;
  targetCode: string;
  code: string;
  /** Word ranges of the source and target groups (null: absent). */
  sourceWords: [number, number] | null;
  targetWords: [number, number] | null;
  verbWords: [number, number];
  negated: boolean;
  modality: Modality;
}

export interface CoderOptions {
  /** ISO date for dated actor roles; null: undated codes (or the latest role). */
  date: string | null;
  /** Emit events with a missing source or target ("---") — PETRARCH's require_dyad false. */
  requireDyad?: boolean;
  /** Actors found by other means (a leader the entity stage resolved), by word range; dictionary actors win. */
  extraActors?: { i: number; j: number; codes: string[] }[];
  /** Carried from sentence to sentence: the last subject's codes, for a pronoun with no antecedent in its sentence. */
  state?: { subject: string[] | null };
  /** Called with the actor groups and verbs found (for debugging). */
  trace?: (info: { groups?: string[]; verbs?: string[]; verb?: string; via?: string; code?: string | null }) => void;
}

interface Mention {
  kind: 'actor' | 'agent';
  i: number;
  j: number;
  /** Actor: codes for the date ([] = the dictionary says "no actor"). Agent: the agent code with its ~. */
  codes: string[];
}

/** An actor noun phrase: word range and the actor codes it stands for (several for a compound). */
interface Group {
  i: number;
  j: number;
  codes: string[];
  /** Has a country/actor of its own (not just an agent). */
  hasActor: boolean;
  /** A pronoun standing for an earlier group ("Obama said he would …"). */
  pronoun: boolean;
}

// ---------------------------------------------------------------- indexes

interface SetIndex {
  /** First word → phrases (word arrays), longest first. */
  actors: Map<string, string[][]>;
  agents: Map<string, string[][]>;
  discards: Map<string, string[][]>;
  maxVerbWords: number;
  synsets: Map<string, string[][]>;
  /** PICO facet code → CAMEO code (first in the table). */
  picoCodes: Map<number, string>;
  /** First word of a verb form → the most words a form starting with it has. */
  verbFirst: Map<string, number>;
}

/** PICO heads that combine with a governed verb: appeal, intend, demand, protest, threaten. */
const COMBINING = new Set([2, 3, 4, 5, 6]);

const indexes = new WeakMap<DictionarySet, SetIndex>();

function phraseIndex(phrases: Iterable<string>): Map<string, string[][]> {
  const map = new Map<string, string[][]>();
  for (const p of phrases) {
    const words = p.split(' ');
    const list = map.get(words[0]!);
    if (list) list.push(words);
    else map.set(words[0]!, [words]);
  }
  for (const list of map.values()) list.sort((a, b) => b.length - a.length);
  return map;
}

function indexOf(set: DictionarySet): SetIndex {
  let ix = indexes.get(set);
  if (ix) return ix;
  let maxVerbWords = 1;
  for (const form of Object.keys(set.verbs)) maxVerbWords = Math.max(maxVerbWords, form.split(' ').length);
  const synsets = new Map<string, string[][]>();
  for (const [name, members] of Object.entries(set.synsets)) synsets.set(name, members.map((m) => m.split(' ')).sort((a, b) => b.length - a.length));
  ix = {
    actors: phraseIndex(Object.keys(set.actors)),
    agents: phraseIndex(Object.keys(set.agents)),
    discards: phraseIndex(Object.keys(set.discards)),
    maxVerbWords,
    synsets,
    picoCodes: new Map(),
    verbFirst: new Map(),
  };
  for (const form of Object.keys(set.verbs)) {
    const parts = form.split(' ');
    ix.verbFirst.set(parts[0]!, Math.max(ix.verbFirst.get(parts[0]!) ?? 0, parts.length));
  }
  for (const [c, hex] of Object.entries(set.pico ?? {})) if (!ix.picoCodes.has(hex)) ix.picoCodes.set(hex, c);
  indexes.set(set, ix);
  return ix;
}

function matchAt(words: readonly Word[], i: number, phrase: readonly string[]): boolean {
  if (i + phrase.length > words.length) return false;
  for (let k = 0; k < phrase.length; k++) if (words[i + k]!.w !== phrase[k]) return false;
  return true;
}

function longestAt(index: Map<string, string[][]>, words: readonly Word[], i: number): string[] | null {
  const list = index.get(words[i]!.w);
  if (!list) return null;
  for (const p of list) if (matchAt(words, i, p)) return p;
  return null;
}

/** The actor codes of a dictionary entry for a date: the first dated row that covers it, else the first undated row. */
export function actorCodesFor(rows: readonly [string | null, string | null, string | null][], date: string | null): string[] {
  let chosen: string | null | undefined;
  if (date !== null) {
    const dated = rows.find(([, from, to]) => (from !== null || to !== null) && (from === null || from <= date) && (to === null || date < to));
    if (dated) chosen = dated[0];
  }
  if (chosen === undefined) {
    const plain = rows.find(([, from, to]) => from === null && to === null);
    if (plain) chosen = plain[0];
    else if (date === null && rows.length > 0) chosen = rows[rows.length - 1]![0];
  }
  if (chosen === undefined || chosen === null) return [];
  return chosen.split('/').filter((c) => c !== '');
}

// ---------------------------------------------------------------- words

const PREPS = new Set(['of', 'in', 'with', 'to', 'for', 'from', 'at', 'on', 'by', 'against', 'between', 'into', 'over', 'about', 'toward', 'towards', 'among', 'near', 'during', 'after', 'before', 'than', 'like', 'under', 'through', 'across', 'within', 'without', 'via', 'since', 'including', 'per']);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", 'am']);
const isVerbTag = (t: string): boolean => t.startsWith('VB');

function mentionsOf(words: readonly Word[], set: DictionarySet, ix: SetIndex, date: string | null): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < words.length; ) {
    let a = longestAt(ix.actors, words, i);
    // A short one-word actor written in lower case is an ordinary word ("they tell us", "it").
    if (a && a.length === 1 && a[0]!.length <= 3 && words[i]!.cased === false) a = null;
    const g = longestAt(ix.agents, words, i);
    if (a && (!g || a.length >= g.length)) {
      out.push({ kind: 'actor', i, j: i + a.length, codes: actorCodesFor(set.actors[a.join(' ')]!, date) });
      i += a.length;
    } else if (g) {
      out.push({ kind: 'agent', i, j: i + g.length, codes: [set.agents[g.join(' ')]!] });
      i += g.length;
    } else {
      // "Israeli-occupied", "Al-Qaeda-linked": the part before the last hyphen may be an actor.
      const w = words[i]!.w;
      const dash = w.lastIndexOf('-');
      if (dash > 0) {
        const head = w.slice(0, dash);
        const rows = set.actors[head] ?? set.actors[head.split('-')[0]!];
        if (rows) out.push({ kind: 'actor', i, j: i + 1, codes: actorCodesFor(rows, date) });
      }
      i++;
    }
  }
  return out;
}

/** Words allowed inside one actor noun phrase between two mentions. */
function npInternal(words: readonly Word[], i: number, j: number): boolean {
  if (j - i > 4) return false;
  for (let k = i; k < j; k++) {
    const { w, pos } = words[k]!;
    if (w === "'s" || w === '’s' || w === "'") continue;
    if (w === 'and' && words[k - 1]?.pos.startsWith('JJ') && words[k + 1]?.pos.startsWith('JJ')) continue; // "awful and cool minister"
    if (w === 'and' || w === ',' || PREPS.has(w)) return false;
    if (isVerbTag(pos)) return false;
    if (!/^(JJ|NN|CD|DT|POS|RB)/u.test(pos) && pos !== '') return false;
  }
  return true;
}

function combine(actors: string[], agents: string[]): string[] {
  if (actors.length === 0) {
    if (agents.length === 0) return [];
    let code = '---';
    for (const g of agents) code = g.startsWith('~') ? code + g.slice(1) : code;
    const prefix = agents.find((g) => g.endsWith('~'));
    return [prefix ? `${prefix.slice(0, -1)}${code === '---' ? '' : code.slice(3)}` : code];
  }
  return actors.map((a) => {
    let code = a;
    for (const g of agents) {
      if (g.startsWith('~')) {
        const suffix = g.slice(1);
        if (!code.endsWith(suffix)) code += suffix;
      } else if (g.endsWith('~')) code = g.slice(0, -1) + code;
    }
    return code;
  });
}

interface Unit {
  i: number;
  j: number;
  actors: string[];
  agents: string[];
  /** A mention whose dictionary entry says "no actor" ([---]): the phrase is not an actor. */
  blocked: boolean;
}

function unitsOf(words: readonly Word[], mentions: readonly Mention[]): Unit[] {
  const units: Unit[] = [];
  let cur: (Unit & { agentSeen: boolean }) | null = null;
  for (const m of mentions) {
    if (cur && npInternal(words, cur.j, m.i)) {
      cur.j = m.j;
    } else {
      if (cur) units.push(cur);
      cur = { i: m.i, j: m.j, actors: [], agents: [], blocked: false, agentSeen: false };
    }
    if (m.kind === 'agent') {
      cur.agents.push(m.codes[0]!);
      cur.agentSeen = true;
    } else if (m.codes.length === 0) {
      if (cur.actors.length === 0) cur.blocked = true;
    } else if (cur.actors.length === 0) {
      // The first actor of the phrase is its country; a named person after an agent adds nothing
      // ("Bree Prime Minister Romendacil"), unless the person is the only actor ("President Obama").
      cur.actors = m.codes;
      cur.blocked = false;
    }
  }
  if (cur) units.push(cur);
  return units;
}

/** Words that may join members of one conjoined list ("A, the evil B and good C"). */
function listGlue(words: readonly Word[], i: number, j: number): boolean {
  if (j <= i || j - i > 5) return false;
  let joiner = false;
  for (let k = i; k < j; k++) {
    const { w, pos } = words[k]!;
    if (w === 'and' || w === ',' || w === '&') { joiner = true; continue; }
    if (w === 'the' || pos.startsWith('JJ') || pos === 'RB' || pos === 'DT' || CAPTION_WORDS.has(w)) continue;
    return false;
  }
  return joiner;
}

function inTemporalAdjunct(words: readonly Word[], at: number, floor: number): boolean {
  for (let k = at - 1; k >= Math.max(floor, at - 5); k--) {
    const w = words[k]!.w;
    if (TEMPORAL.has(w)) return true;
    if (isVerbTag(words[k]!.pos) || w === ',' || (PREPS.has(w) && w !== 'of' && w !== 'to' && w !== 'in')) return false;
  }
  return false;
}

function onlyModifiers(words: readonly Word[], i: number, j: number): boolean {
  for (let k = i; k < j; k++) if (!/^(DT|JJ|PRP\$|CD)/u.test(words[k]!.pos) && words[k]!.w !== 'the') return false;
  return true;
}

/** Words that are prepositions before a noun but join a clause before a subject and its verb. */
const SUBORDINATORS = new Set(['since', 'after', 'before', 'until', 'than', 'as']);
/** Words after which a subject starts a new clause (", while Hungary seeks …"). */
const CLAUSE_BOUNDARY = new Set([',', ';', ':', '.', 'while', 'whereas', 'and', 'but', 'because', 'as', 'although', 'though', 'when', 'that', 'after', 'before', 'since', 'if', 'unless']);
/** Photo-caption positions inside a list of names ("Putin, left, and Xi"). */
const CAPTION_WORDS = new Set(['left', 'right', 'center', 'centre', 'top', 'bottom', 'above', 'below', 'front', 'back']);
/** Prepositions of time: an actor inside such an adjunct is not the verb's target ("a call following the visit to Russia"). */
const TEMPORAL = new Set(['after', 'before', 'following', 'during', 'since', 'until', 'amid', 'ahead']);

/** Subject pronouns that refer back to the nearest earlier subject. */
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we']);
/** "hundreds of X", "a group of X": the quantity is transparent. */
const QUANTIFIERS = new Set(['hundreds', 'thousands', 'dozens', 'scores', 'tens', 'millions', 'some', 'many', 'most', 'all', 'group', 'team', 'number', 'members', 'member', 'delegation', 'contingent', 'unit', 'units', 'several', 'two', 'three', 'four', 'five', 'both']);

function groupsOf(words: readonly Word[], mentions: readonly Mention[], firstVerb: number, priorSubject: string[] | null): Group[] {
  const units = unitsOf(words, mentions).filter((u) => !u.blocked);
  // Conjoined lists.
  const lists: Unit[][] = [];
  for (const u of units) {
    const last = lists[lists.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && listGlue(words, prev.j, u.i)) last.push(u);
    else lists.push([u]);
  }
  // An agent list followed by "of / from / in" + an actor list: every agent of every actor.
  const merged: Unit[][] = [];
  for (let n = 0; n < lists.length; n++) {
    const l = lists[n]!;
    const next = lists[n + 1];
    const lastUnit = l[l.length - 1]!;
    const prep = words[lastUnit.j]?.w;
    const attach = next !== undefined && next[0]!.i > lastUnit.j && next[0]!.i <= lastUnit.j + 4 && onlyModifiers(words, lastUnit.j + 1, next[0]!.i) && next.some((u) => u.actors.length > 0) &&
      (prep === 'of' || prep === 'from' || (prep === 'in' && lastUnit.j <= firstVerb));
    if (attach && lastUnit.actors.length === 0) {
      const agentOnly = l.every((u) => u.actors.length === 0) ? l : [lastUnit];
      const keep = agentOnly === l ? [] : l.slice(0, -1);
      const crossed: Unit[] = [];
      for (const a of agentOnly) for (const c of next) crossed.push({ i: a.i, j: c.j, actors: c.actors, agents: [...c.agents, ...a.agents], blocked: false });
      merged.push([...keep, ...crossed]);
      n++;
      continue;
    }
    merged.push(l);
  }
  const groups: Group[] = [];
  for (const l of merged) {
    // "Danish media and government": a bare agent in a list shares the country of the member before it.
    const codes: string[] = [];
    let lastActors: string[] = [];
    let hasActor = false;
    let lastModifiers: string[] = [];
    for (const u of l) {
      // "The Danish Islamist media and government": the bare agent takes the country and the modifiers before the first agent.
      const shared = u.actors.length === 0 && u.agents.length > 0;
      const actors = u.actors.length > 0 ? u.actors : shared ? lastActors : [];
      const agents = shared ? [...lastModifiers, ...u.agents] : u.agents;
      if (u.actors.length > 0) { lastActors = u.actors; lastModifiers = u.agents.slice(0, -1); hasActor = true; }
      for (const c of combine(actors, agents)) if (!codes.includes(c)) codes.push(c);
    }
    if (codes.length > 0) {
      let i = l[0]!.i;
      // "Hundreds of UN troops": the group starts at the quantity.
      if (words[i - 1]?.w === 'of' && QUANTIFIERS.has(words[i - 2]?.w ?? '')) i -= words[i - 3]?.w === 'a' ? 3 : 2;
      groups.push({ i, j: Math.max(...l.map((u) => u.j)), codes, hasActor, pronoun: false });
    }
  }
  // Subject pronouns: the codes of the nearest earlier group that is not a prepositional object.
  const named = groups.slice();
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!.w;
    if ((w === 'latter' || w === 'former') && words[k - 1]?.w === 'the') {
      // "the latter": the last actor named before; "the former": the one before it.
      const prior = named.filter((g) => g.j <= k - 1);
      const ante = prior[prior.length - (w === 'latter' ? 1 : 2)];
      if (ante) groups.push({ i: k - 1, j: k + 1, codes: ante.codes, hasActor: ante.hasActor, pronoun: true });
      continue;
    }
    if (!PRONOUNS.has(w)) continue;
    const prior = named.filter((g) => g.j <= k && !PREPS.has(words[g.i - 1]?.w ?? ''));
    const ante = prior[prior.length - 1];
    if (ante) groups.push({ i: k, j: k + 1, codes: ante.codes, hasActor: ante.hasActor, pronoun: true });
    else if (priorSubject !== null && priorSubject.length > 0 && (w === 'he' || w === 'she' || w === 'they' || (w === 'it' && words[k + 1]?.pos === 'VBD'))) {
      groups.push({ i: k, j: k + 1, codes: priorSubject, hasActor: true, pronoun: true });
    }
  }
  groups.sort((a, b) => a.i - b.i);
  return groups;
}

// ---------------------------------------------------------------- verbs

interface VerbHit {
  i: number;
  j: number;
  entries: [number, string | null][];
}

function verbsOf(words: readonly Word[], set: DictionarySet, ix: SetIndex, taken: Uint8Array, mentionEnds: Set<number>): VerbHit[] {
  const out: VerbHit[] = [];
  for (let i = 0; i < words.length; i++) {
    if (taken[i]) continue;
    const longest = ix.verbFirst.get(words[i]!.w);
    if (longest === undefined) continue;
    for (let n = Math.min(longest, words.length - i); n >= 1; n--) {
      let form = words[i]!.w;
      for (let k = 1; k < n; k++) form += ` ${words[i + k]!.w}`;
      const entries = set.verbs[form];
      if (!entries) continue;
      let verbal = false;
      for (let k = i; k < i + n; k++) if (isVerbTag(words[k]!.pos) || words[k]!.pos === '') verbal = true;
      // A verb the tagger took for a noun right after an actor ("The Philippines and France agree that …").
      if (!verbal && /^(NN|VB|JJ)/u.test(words[i]!.pos)) {
        // After a modal ("won't ever clash"), a dictionary verb is a verb whatever the tagger said.
        let p = i - 1;
        while (p >= 0 && (words[p]!.pos.startsWith('RB') || words[p]!.w === 'ever' || words[p]!.w === "n't" || words[p]!.w === 'not')) p--;
        if (p >= 0 && words[p]!.pos === 'MD') verbal = true;
      }
      if (!verbal && mentionEnds.has(i) && /^(NN|NNS|VB)/u.test(words[i]!.pos) && /^(DT|IN|TO|WDT|NNP|PRP)/u.test(words[i + n]?.pos ?? '')) verbal = true;
      if (!verbal) continue;
      out.push({ i, j: i + n, entries });
      i += n - 1;
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------- patterns

interface Slots {
  source: Group | null;
  target: Group | null;
}

function matchElement(words: readonly Word[], k: number, el: PatternElement, ix: SetIndex, groupAt: Map<number, Group>, nounsOnly = false): number {
  if (el.w === '$' || el.w === '+' || el.w === '%') {
    const g = groupAt.get(k);
    return g ? g.j - k : -1;
  }
  if (el.w === '^') {
    // Skip one noun phrase: an actor group, or determiners, adjectives and nouns.
    const g = groupAt.get(k);
    if (g) return g.j - k;
    let e = k;
    while (e < words.length && /^(DT|JJ|NN|CD|PRP\$|POS)/u.test(words[e]!.pos)) e++;
    return e > k ? e - k : -1;
  }
  if (el.w.startsWith('&')) {
    for (const m of ix.synsets.get(el.w) ?? []) if (matchAt(words, k, m)) return m.length;
    return -1;
  }
  // PETRARCH-2 patterns name the verb's phrases, never another verb: a literal does not match a verb.
  if (nounsOnly && isVerbTag(words[k]?.pos ?? '')) return -1;
  return words[k]?.w === el.w ? 1 : -1;
}

/** Match elements forward from `from` (exclusive end `limit`); returns slot groups or null. */
function matchForward(words: readonly Word[], els: readonly PatternElement[], from: number, limit: number, ix: SetIndex, groupAt: Map<number, Group>, slots: Slots, verbStops: boolean): boolean {
  const go = (e: number, pos: number): boolean => {
    if (e === els.length) return true;
    const el = els[e]!;
    const last = el.adj ? pos : limit - 1;
    for (let k = pos; k <= last && k < limit; k++) {
      // PETRARCH-2 patterns describe the verb's own phrases: a gap does not run over another verb.
      if (verbStops && k > pos && isVerbTag(words[k - 1]!.pos) && k - 1 >= from) break;
      const n = matchElement(words, k, el, ix, groupAt, verbStops);
      if (n > 0) {
        const g = groupAt.get(k);
        const before = { ...slots };
        if (el.w === '+' && g) slots.target = g;
        if (el.w === '$' && g) slots.source = g;
        if (el.w === '%' && g) { slots.source = g; slots.target = g; }
        if (go(e + 1, k + n)) return true;
        slots.source = before.source;
        slots.target = before.target;
      }
    }
    return false;
  };
  return go(0, from);
}

/** Pre-verb elements (last one nearest the verb, a trailing `*` marker says whether it touches the verb), matched backwards. */
function matchBackward(words: readonly Word[], els: readonly PatternElement[], verbStart: number, lowest: number, ix: SetIndex, groupAt: Map<number, Group>, slots: Slots): boolean {
  if (els.length === 0) return true;
  const touching = els[els.length - 1]!.w === '*' ? els[els.length - 1]!.adj : false;
  const list = els[els.length - 1]!.w === '*' ? els.slice(0, -1) : els;
  // Element e must end where element e+1 starts (adjacent) or anywhere before it.
  const go = (e: number, end: number, adjacent: boolean): boolean => {
    if (e < 0) return true;
    const el = list[e]!;
    for (let k = end - 1; k >= lowest; k--) {
      const n = matchElement(words, k, el, ix, groupAt);
      if (adjacent && k < end - 6) break;
      if (n > 0 && k + n <= end && (!adjacent || k + n === end)) {
        const g = groupAt.get(k);
        const before = { ...slots };
        if (el.w === '+' && g) slots.target = g;
        if (el.w === '$' && g) slots.source = g;
        if (el.w === '%' && g) { slots.source = g; slots.target = g; }
        if (go(e - 1, k, el.adj)) return true;
        slots.source = before.source;
        slots.target = before.target;
      }
    }
    return false;
  };
  return go(list.length - 1, verbStart, touching);
}

function specificity(p: VerbPattern): number {
  let n = 0;
  for (const e of [...p.pre, ...p.post]) {
    if (e.w === '*') continue;
    n += e.w.startsWith('&') ? 1.5 : e.w.length === 1 && '$+%^'.includes(e.w) ? 0.5 : 1;
  }
  return n;
}

interface CodeChoice {
  /** Which block and pattern gave the code (for debugging). */
  via: string;
  code: string | null;
  slots: Slots;
  patterned: boolean;
}

/** Literal words of a pattern (not synsets or slots): a pattern whose literals are not all in the sentence cannot match. */
function literalsOf(p: VerbPattern): string[] {
  return [...p.pre, ...p.post].map((e) => e.w).filter((w) => w !== '*' && !w.startsWith('&') && !(w.length === 1 && '$+%^'.includes(w)));
}

/** A block's patterns with their specificity and literals, most specific first (ties in dictionary order). */
interface RankedPattern {
  p: VerbPattern;
  score: number;
  literals: string[];
}
const rankedCache = new WeakMap<VerbBlock, RankedPattern[]>();
function rankedPatterns(block: VerbBlock): RankedPattern[] {
  let ranked = rankedCache.get(block);
  if (!ranked) {
    // Array.prototype.sort is stable: equally specific patterns keep their dictionary order.
    ranked = block.patterns.map((p) => ({ p, score: specificity(p), literals: literalsOf(p) })).sort((a, b) => b.score - a.score);
    rankedCache.set(block, ranked);
  }
  return ranked;
}

/** Lower-case words of the sentence, per words array (for the literal prefilter). */
const wordSets = new WeakMap<readonly Word[], Set<string>>();

function chooseCode(words: readonly Word[], v: VerbHit, set: DictionarySet, ix: SetIndex, groupAt: Map<number, Group>, lowest: number, limit: number): CodeChoice {
  let present = wordSets.get(words);
  if (!present) {
    present = new Set(words.map((w) => w.w));
    wordSets.set(words, present);
  }
  let best: { p: VerbPattern; score: number; slots: Slots } | null = null;
  let verbCode: string | null = null;
  let blockCode: string | null = null;
  for (const [b, code] of v.entries) {
    const block = set.blocks[b]!;
    if (verbCode === null && code !== null) verbCode = code;
    if (blockCode === null) blockCode = block.code;
    // Most specific first: once a pattern matched, the rest of the block cannot beat it (the first
    // most specific match wins, as in dictionary order).
    for (const { p, score, literals } of rankedPatterns(block)) {
      if (best && score <= best.score) break;
      if (!literals.every((w) => present.has(w))) continue;
      const slots: Slots = { source: null, target: null };
      if (!matchForward(words, p.post, v.j, limit, ix, groupAt, slots, set.verbFormat === 'petrarch2')) continue;
      if (!matchBackward(words, p.pre, v.i, lowest, ix, groupAt, slots)) continue;
      best = { p, score, slots };
    }
  }
  const show = (els: PatternElement[]): string => els.map((e) => e.w).join(' ');
  if (best) return { via: `${show(best.p.pre)} * ${show(best.p.post)}`, code: best.p.code, slots: best.slots, patterned: true };
  return { via: v.entries.map(([b]) => set.blocks[b]!.name).join('|'), code: verbCode ?? blockCode, slots: { source: null, target: null }, patterned: false };
}

// ---------------------------------------------------------------- negation, modality

function auxBefore(words: readonly Word[], v: VerbHit, floor: number): Word[] {
  const out: Word[] = [];
  for (let k = v.i - 1; k >= floor && out.length < 6; k--) out.unshift(words[k]!);
  return out;
}

function readNegation(words: readonly Word[], v: VerbHit, floor: number): boolean {
  const cues = eventCues();
  const before = auxBefore(words, v, floor).map((w) => w.w);
  const near = before.slice(-3);
  if (near.some((w) => cues.negators.has(w))) return true;
  const joined = before.join(' ');
  return cues.negatingPhrases.some((p) => joined.endsWith(p) || joined.includes(`${p} `));
}

/** Words joined by spaces with a space at each end, so a phrase is found whole by ` ${phrase} `; built once per stretch. */
function padded(words: readonly Word[]): string {
  return ` ${words.map((w) => w.w).join(' ')} `;
}

/** Whether a padded stretch of words (see padded) holds one of the phrases as whole words. */
function hasPhrase(stretch: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => stretch.includes(` ${p} `));
}

function readModality(words: readonly Word[], v: VerbHit, floor: number, sentenceStart: number): Modality {
  const cues = eventCues();
  // The verb itself may be the cue ("is expected to hold a call").
  const before = padded([...auxBefore(words, v, floor), ...words.slice(v.i, v.j + 1)]);
  if (hasPhrase(before, cues.hypothetical)) return 'hypothetical';
  if (hasPhrase(before, cues.expected)) return 'expected';
  if (hasPhrase(padded(words.slice(sentenceStart, v.i)), cues.reported)) return 'reported';
  if (hasPhrase(padded(words.slice(v.j)), cues.reportedAfter)) return 'reported';
  return 'asserted';
}

// ---------------------------------------------------------------- the coder

/**
 * Cheap test before tagging: can these lower-case words hold an actor
 * (a dictionary actor or agent phrase starts here, or a pronoun that may
 * refer to an earlier subject)? A sentence without one codes no event.
 */
export function mayHoldActor(lower: readonly string[], set: DictionarySet, pronounsCount: boolean): boolean {
  const ix = indexOf(set);
  for (const w of lower) {
    if (ix.actors.has(w) || ix.agents.has(w)) return true;
    if (pronounsCount && (PRONOUNS.has(w) || w === 'latter')) return true;
    const dash = w.lastIndexOf('-');
    if (dash > 0 && (set.actors[w.slice(0, dash)] !== undefined || set.actors[w.split('-')[0]!] !== undefined)) return true;
  }
  return false;
}

/** Whether a discard phrase occurs in the words (story or sentence level). */
export function discarded(words: readonly Word[], set: DictionarySet): 'story' | 'sentence' | null {
  const ix = indexOf(set);
  for (let i = 0; i < words.length; i++) {
    const p = longestAt(ix.discards, words, i);
    if (!p) continue;
    // As in PETRARCH-2, phrases are matched on white-space-separated tokens: one glued to punctuation
    // ("three years ago, a senior official said") is not the phrase.
    const glued = (k: number): boolean => k > 0 && k < words.length && words[k]!.start === words[k - 1]!.end;
    if (glued(i) || glued(i + p.length) || i + p.length === words.length) continue;
    return set.discards[p.join(' ')]!;
  }
  return null;
}

const SKIPPABLE = new Set(["'s", "'re", "'ve", "'d", "'ll", 'not', "n't", 'never', 'also', 'will', 'would', 'has', 'have', 'had', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'to', 'can', 'could', 'may', 'might', 'must', 'should', 'shall', 'did', 'do', 'does', 'then', 'now', 'on', 'yet', 'still', 'again', 'reportedly', 'already', 'just', 'later', 'jointly', 'formally', 'officially']);

/** Index of the group that is the subject directly before word `k` (aux, adverbs, a date phrase may intervene), or -1. */
function subjectBefore(words: readonly Word[], groups: readonly Group[], k: number, floor: number): number {
  let p = k - 1;
  let steps = 0;
  while (p >= floor && steps < 8) {
    const g = groups.findIndex((x) => x.j === p + 1);
    if (g >= 0) {
      const prev = words[groups[g]!.i - 1]?.w;
      // "since the latter invaded Ukraine": before a subject and its verb, "since" joins a clause.
      if (prev !== undefined && PREPS.has(prev) && !SUBORDINATORS.has(prev)) return -1;
      return g;
    }
    const { w, pos } = words[p]!;
    if (SKIPPABLE.has(w) || pos === 'RB' || pos === 'NNP' || w === 'here' || pos === 'MD' || /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)$/u.test(w)) { p--; steps++; continue; }
    return -1;
  }
  return -1;
}

/** The nearest group left of `k` that is not the object of a preposition, or -1. */
function nearestSubject(words: readonly Word[], groups: readonly Group[], k: number, floor: number): number {
  for (let g = groups.length - 1; g >= 0; g--) {
    const grp = groups[g]!;
    if (grp.j > k || grp.i < floor) continue;
    const prev = words[grp.i - 1]?.w;
    if (prev !== undefined && PREPS.has(prev)) continue;
    return g;
  }
  return -1;
}

/**
 * Code the events of one sentence (its words, in order). Returns [] when a
 * discard phrase matches.
 */
export function codeWords(words: readonly Word[], set: DictionarySet, opts: CoderOptions): CodedEvent[] {
  if (words.length === 0 || discarded(words, set) !== null) return [];
  const ix = indexOf(set);
  const mentions = mentionsOf(words, set, ix, opts.date);
  for (const x of opts.extraActors ?? []) {
    if (x.codes.length > 0 && !mentions.some((m) => m.i < x.j && x.i < m.j)) mentions.push({ kind: 'actor', i: x.i, j: x.j, codes: x.codes });
  }
  mentions.sort((a, b) => a.i - b.i);
  const taken = new Uint8Array(words.length);
  for (const m of mentions) for (let k = m.i; k < m.j; k++) taken[k] = 1;
  const verbs = verbsOf(words, set, ix, taken, new Set(mentions.map((m) => m.j)));
  if (verbs.length === 0) return [];
  const groups = groupsOf(words, mentions, verbs[0]!.i, opts.state?.subject ?? null);
  const groupAt = new Map<number, Group>();
  for (const g of groups) groupAt.set(g.i, g);
  if (opts.trace) opts.trace({ groups: groups.map((g) => `${g.i}-${g.j}:${g.codes.join('/')}`), verbs: verbs.map((v) => `${v.i}:${words[v.i]!.w}`) });
  const requireDyad = opts.requireDyad ?? true;
  const paired = set.verbFormat === 'tabari';
  const events: CodedEvent[] = [];
  let clauseSource: number = -1;
  let clauseEnd = 0;
  let lastCodedVerb: VerbHit | null = null;
  const lastEventOf = (): CodedEvent | null => events[events.length - 1] ?? null;
  const conjoinedAt = (v: VerbHit): boolean => /^(and|but)$/u.test(words[v.i - 1]?.w ?? '');
  const formOf = (v: VerbHit): string => words.slice(v.i, v.j).map((w) => w.w).join(' ');
  const isPassive = (v: VerbHit): boolean => /^VB[ND]$/u.test(words[v.i]!.pos) && [1, 2].some((d) => BE.has(words[v.i - d]?.w ?? '')) && words[v.j]?.w === 'by';
  /** End of the stretch where a verb's patterns and target are read: the next clause's subject, or a comma. */
  const limitOf = (n: number, from: number): number => {
    const v = verbs[n]!;
    let limit = words.length;
    for (let m = n + 1; m < verbs.length; m++) {
      if (conjoinedAt(verbs[m]!)) { limit = verbs[m]!.i - 1; break; }
      const sb = subjectBefore(words, groups, verbs[m]!.i, v.j);
      // The next clause's subject may still be this verb's object ("issued warrants for two Brazilian men sought in …").
      if (sb >= 0 && words[groups[sb]!.j]?.w !== 'to') { const g = groups[sb]!;
        const boundary = (w: string | undefined): boolean => w !== undefined && CLAUSE_BOUNDARY.has(w);
        limit = g.pronoun || boundary(words[g.i - 1]?.w) || (words[g.i - 1]?.pos === 'DT' && boundary(words[g.i - 2]?.w)) ? g.i : g.j;
        break;
      }
    }
    // "…, an AFP correspondent said, two weeks after …": a verb followed by a comma has no object.
    if (words[from]?.w === ',' || words[from]?.w === '.') return from;
    return limit;
  };
  const rootOfCode = (c: string): string => c.replace(/\D/gu, '').slice(0, 2);
  /** A negated cooperative event under PETRARCH-2 dictionaries: its CAMEO rejection ("would not give permission" → 124). */
  const rejectionIf = (negated: boolean, c: string): string => {
    if (!negated || set.verbFormat !== 'petrarch2') return c;
    const rejection = eventCues().negatedRoots[rootOfCode(c)];
    return rejection !== undefined && /^\d+$/u.test(rejection) ? rejection : c;
  };
  const push = (v: VerbHit, s: Group | null, t: Group | null, code: string, negated: boolean, modality: Modality): void => {
    if (code === '' || !/\d/u.test(code)) return;
    if (requireDyad && (!s || !t)) return;
    for (const sc of s ? s.codes : ['---']) for (const tc of t ? t.codes : ['---']) {
      if (requireDyad && sc === tc) continue;
      if (requireDyad && sc.startsWith('---') && tc.startsWith('---')) continue; // "a mother … took her to hospital": no actor of note

      if (events.some((e) => e.sourceCode === sc && e.targetCode === tc && e.code === code)) continue;
      events.push({ sourceCode: sc, targetCode: tc, code, sourceWords: s ? [s.i, s.j] : null, targetWords: t ? [t.i, t.j] : null, verbWords: [v.i, v.j], negated, modality });
    }
  };
  for (let n = 0; n < verbs.length; n++) {
    const v = verbs[n]!;
    if (v.i < clauseEnd && !conjoinedAt(v)) continue;
    // Who is the subject of this verb?
    let src = subjectBefore(words, groups, v.i, lastCodedVerb ? lastCodedVerb.j : 0);
    if (src >= 0 && words[groups[src]!.j]?.w === 'to') src = -1; // "asked Obama to help": Obama is the object
    const conjoined = lastCodedVerb !== null && src < 0 && /^(and|but|then)$/u.test(words[v.i - 1]?.w ?? '') && clauseSource >= 0;
    if (lastCodedVerb !== null && src < 0 && !conjoined) continue; // an embedded verb: read through the earlier verb
    if (conjoined) src = clauseSource;
    // "warrants for two Brazilian men sought in …": a participle right after the last event's target modifies it.
    const prevEvent = events[events.length - 1];
    if (!conjoined && src >= 0 && prevEvent && prevEvent.targetWords?.[1] === groups[src]!.j && groups[src]!.j === v.i && /^VB[DN]$/u.test(words[v.i]!.pos)) continue;
    if (src < 0) src = nearestSubject(words, groups, v.i, 0);
    const passive = isPassive(v);
    const byGroup = passive ? groups.findIndex((g) => g.i > v.j && g.i <= v.j + 3 && onlyModifiers(words, v.j + 1, g.i)) : -1;
    // "victims killed by …": a participle with no auxiliary, followed by "by", modifies a noun; it is not a clause.
    if (!passive && words[v.i]!.pos === 'VBN' && words[v.j]?.w === 'by' && !/^(has|have|had|is|are|was|were|been|be|being)$/u.test(words[v.i - 1]?.w ?? '')) continue;
    const limit = limitOf(n, v.j);
    // Pre-verb pattern words lie after the subject ("Ethiopia indicated it would act": before a pronoun subject too).
    const lowest = src >= 0 && !groups[src]!.pronoun ? groups[src]!.i : 0;
    const choice = chooseCode(words, v, set, ix, groupAt, lowest, limit);
    if (opts.trace) opts.trace({ verb: words[v.i]!.w, via: choice.via, code: choice.code });
    if (src < 0 && byGroup < 0 && !choice.slots.source) continue;
    let source: Group | null = choice.slots.source ?? (src >= 0 ? groups[src]! : null);
    const floor = source ? Math.min(source.j, v.i) : 0;
    const negated = readNegation(words, v, floor);
    const modality = readModality(words, v, floor, 0);

    // Transformations: "A says A will attack B" → A→B 015; "A wants B to attack …" → A→B 021.
    const form = formOf(v);
    const rules = source ? set.transformations.filter((t) => t.outer.includes(form)) : [];
    if (rules.length > 0 && source) {
      const inner = verbs.slice(n + 1).find((x) => x.i >= v.j);
      if (inner) {
        let isrc = subjectBefore(words, groups, inner.i, v.j);
        const innerLimit = limitOf(verbs.indexOf(inner), inner.j);
        const ichoice = chooseCode(words, inner, set, ix, groupAt, isrc >= 0 ? groups[isrc]!.i : v.j, innerLimit);
        const itgt = ichoice.slots.target ?? groups.find((g) => g.i >= inner.j && g.i < innerLimit && !g.pronoun) ?? null;
        if (isPassive(inner)) isrc = groups.findIndex((g) => g.i === inner.j + 1);
        const icode = ichoice.code?.split(':')[0] ?? null;
        const isrcGroup = isrc >= 0 ? groups[isrc]! : null;
        const sameAsOuter = isrcGroup !== null && isrcGroup.codes.join() === source.codes.join();
        for (const t of rules) {
          if (icode === null || !/\d/u.test(icode)) break;
          if (t.innerRoots !== null && !t.innerRoots.includes(rootOfCode(icode))) continue;
          const srcOk = t.innerSource === 'a' ? sameAsOuter : t.innerSource === 'b' ? isrcGroup !== null && !sameAsOuter : t.innerSource === '_' ? isrcGroup === null : true;
          const tgtOk = t.innerTarget === 'b' ? itgt !== null : true;
          if (!srcOk || !tgtOk) continue;
          const b = t.innerSource === 'b' ? isrcGroup : itgt;
          const inegated = readNegation(words, inner, v.j);
          push(v, source, b, t.code === 'Q' ? rejectionIf(inegated, icode) : t.code, inegated || negated, readModality(words, inner, v.j, 0));
          lastCodedVerb = inner;
          clauseSource = src;
          clauseEnd = innerLimit;
          break;
        }
        if (v.i < clauseEnd) continue;
      }
    }

    // PICO: a governing verb of appeal / intent / demand / protest / threat combines with the verb it
    // governs: "wants to help Israel" → intend 0x3000 + aid 0x0040 = 033.
    let code = choice.code;
    const head = code?.split(':')[0] ?? '';
    const o = set.pico[head];
    if (o !== undefined && (o & 0x0fff) === 0 && COMBINING.has(o >> 12)) {
      const inner = verbs.find((x) => x.i > v.j && x.i < limit && words[x.i - 1]?.w === 'to');
      if (inner) {
        const ic = chooseCode(words, inner, set, ix, groupAt, v.j, limit);
        const icode = ic.code?.split(':')[0];
        const ih = icode !== undefined ? set.pico[icode] : undefined;
        if (icode !== undefined && ih !== undefined && (ih & 0xf000) === 0 && ih !== 0) {
          code = ix.picoCodes.get(o | ih) ?? icode;
          if (opts.trace) opts.trace({ verb: words[inner.i]!.w, via: `PICO ${head}+${icode}`, code });
        }
      }
    }
    lastCodedVerb = v;
    clauseSource = src;
    if (code === null || code === '---' || !/\d/u.test(code)) {
      // A verb that codes nothing still opens the clause: a later embedded verb is read through it.
      lastCodedVerb = null;
      continue;
    }
    let target: Group | null = choice.slots.target;
    const lastEvent = lastEventOf();
    if (passive && byGroup >= 0) {
      target = source;
      source = groups[byGroup]!;
    } else if (!target) {
      target = groups.find((g) => g.i >= v.j && g.i < limit && g !== source && !g.pronoun && !inTemporalAdjunct(words, g.i, v.j)) ?? null;
    }
    if (!target && source && lastEvent && lastEvent.sourceCode === source.codes[0] && conjoinedAt(v) === false && /^(and|but)$/u.test(words[source.i - 1]?.w ?? '') && source.pronoun) {
      // "Xi has not spoken with Zelenskyy …, but he is expected to hold a call": same participants.
      target = groups.find((g) => lastEvent && g.i === lastEvent.targetWords?.[0]) ?? null;
    }
    if (!target && source && source.codes.length > 1 && requireDyad) {
      // "Brazil and the United States are seeking to deepen a partnership": the members act on each other.
      clauseEnd = limit;
      const fwdCode = code.split(':')[0]!;
      for (const a of source.codes) for (const b of source.codes) {
        if (a !== b) events.push({ sourceCode: a, targetCode: b, code: fwdCode, sourceWords: [source.i, source.j], targetWords: [source.i, source.j], verbWords: [v.i, v.j], negated, modality });
      }
      continue;
    }
    if (target === null && requireDyad) {
      // No target in this clause: a say-verb governing a later clause keeps the clause open.
      lastCodedVerb = null;
      continue;
    }
    clauseEnd = limit;
    code = rejectionIf(negated, code);
    const [fwd, back] = code.split(':');
    if (fwd) push(v, source, target, fwd, negated, modality);
    if (paired && back !== undefined && back !== '') push(v, target, source, back, negated, modality);
  }
  if (opts.state) {
    const first = groups.find((g) => !PREPS.has(words[g.i - 1]?.w ?? '') && g.i < verbs[0]!.i + 1);
    if (first) opts.state.subject = first.codes;
  }
  return events;
}
