/**
 * Our reader for PETRARCH's event-coding dictionaries (MIT-licensed data of
 * the Open Event Data Alliance): the verb-pattern dictionaries in both
 * formats (PETRARCH-2 `CAMEO.2.0.txt`, PETRARCH-1/TABARI
 * `CAMEO.verbpatterns.*.txt` and `PETR.Validate.verbs.txt`), the actor
 * dictionaries (`*.actors.txt`, dated roles), the agent dictionaries
 * (`*agents.txt`) and the discard lists (`*discards.txt`).
 *
 * Parsing yields a {@link DictionarySet}: plain JSON data (verb forms already
 * inflected, synsets expanded into word sequences). `npm run build:events`
 * writes it to `data/events/<name>.json`; at run time {@link loadDictionarySet}
 * reads either that compiled file or, with `--event-dictionaries DIR`, a
 * folder of raw dictionaries parsed on the spot.
 *
 * @example
 * const set = parseDictionaryDir('../shared/data/event-dictionaries', 'validate');
 * set.verbs['restore']; // [[blockIndex, null]]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeActorPhrase, parseActorDate } from '../../data/actor-dictionary.js';
import { projectRoot } from '../../data/paths.js';
import { BrieflyError } from '../../errors.js';

/** One element of a verb pattern. `w`: a lower-case word, `&SYNSET`, or a slot (`$` source, `+` target, `%` both, `^` skip a phrase). */
export interface PatternElement {
  w: string;
  /** Must directly follow the previous element (or the verb) with no word between. */
  adj: boolean;
}

/** A verb pattern: elements before the verb (nearest last) and after it, and the code it gives. */
export interface VerbPattern {
  pre: PatternElement[];
  post: PatternElement[];
  code: string;
}

export interface VerbBlock {
  name: string;
  /** Block code: CAMEO code, `X:Y` paired, or null (`[---]`: the bare verb codes nothing). */
  code: string | null;
  patterns: VerbPattern[];
}

/** A dated actor code: period [from, to), ISO dates, null = open. `code` null = "no actor" (`[---]`). */
export type ActorCodeRow = [code: string | null, from: string | null, to: string | null];

export interface DictionarySet {
  name: string;
  /** Where the dictionaries came from, and their licence. */
  source: string;
  licence: string;
  /** Verb pattern format the patterns came from (affects nothing at run time beyond reporting). */
  verbFormat: 'petrarch2' | 'tabari';
  /** Synset name (with `&`) → member word sequences (space-joined, lower case), plurals included. */
  synsets: Record<string, string[]>;
  blocks: VerbBlock[];
  /**
   * Verb form (lower-case words joined by spaces, e.g. "cordoned off") →
   * [block index, the verb line's own code or null to use the block's].
   */
  verbs: Record<string, [number, string | null][]>;
  /** Actor phrase → dated codes in file order (several records merge). */
  actors: Record<string, ActorCodeRow[]>;
  /** Agent phrase → code with its `~` marker (`~GOV` appends, `NGO~` prefixes). */
  agents: Record<string, string>;
  /** Discard phrase → 'story' | 'sentence'. */
  discards: Record<string, 'story' | 'sentence'>;
  /**
   * PETRARCH-2 transformations ("~ a (a b ATTACK) SAY = a b 015": A says A
   * attacked B → A→B 015). `outer`: forms of the governing verb; `innerRoots`:
   * CAMEO roots of the embedded verb's codes (null = any verb, `Q`);
   * `innerSource`/`innerTarget`: `a` the outer subject, `b` another actor,
   * `.` unspecified, `_` absent; `code`: the result, or `Q` for the embedded code.
   */
  transformations: Transformation[];
  /**
   * PETRARCH-2's internal coding ontology (PICO): CAMEO code → 16-bit facet
   * code (`033` → 0x3040 = intend 0x3000 + aid 0x0040). Used to combine a
   * governing verb with the verb it governs ("wants to help" → 033). Empty
   * for sets without the table.
   */
  pico: Record<string, number>;
}

export interface Transformation {
  outer: string[];
  innerRoots: string[] | null;
  innerSource: string;
  innerTarget: string;
  code: string;
}

const MIT_NOTICE =
  'MIT License. Copyright (c) 2014, 2015, 2016 Open Event Data Alliance (openeventdata/petrarch2, openeventdata/UniversalPetrarch). ' +
  'Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files, ' +
  'to deal in them without restriction, subject to this notice being included in all copies or substantial portions. ' +
  'Provided "as is", without warranty of any kind. Dictionaries credit NSF grants and the Parus Analytics / KEDS event-data projects (CountryInfo).';

// ---------------------------------------------------------------- common

/** Drop `<!-- … -->` comments (they may span lines). */
function stripBlockComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/gu, '');
}

/** A line without its `#` comment; null for comment-only lines (`#…`, `<!…`). */
function lineBody(raw: string): string | null {
  if (raw.startsWith('#') || raw.startsWith('<!')) return null;
  const hash = raw.indexOf('#');
  return hash >= 0 ? raw.slice(0, hash) : raw;
}

/** A dictionary phrase as lower-case words ("_" and spaces both separate words). */
export function phraseWords(raw: string): string[] {
  return raw.replace(/_/gu, ' ').trim().toLowerCase().split(/\s+/u).filter((w) => w !== '');
}

/** Regular noun plural as the dictionaries make it: Y→IES, final S→+ES, else +S. */
export function nounPlural(word: string): string {
  if (/[^aeiou]y$/u.test(word)) return `${word.slice(0, -1)}ies`;
  if (word.endsWith('s')) return `${word}es`;
  return `${word}s`;
}

/** Regular verb forms: +S/ES/IES, +ED/D, +ING (a final E after a consonant is dropped). */
export function verbForms(word: string): string[] {
  const forms = [word];
  if (/[^aeiou]y$/u.test(word)) forms.push(`${word.slice(0, -1)}ies`, `${word.slice(0, -1)}ied`);
  else if (/(s|x|z|ch|sh)$/u.test(word)) forms.push(`${word}es`, `${word}ed`);
  else if (word.endsWith('e')) forms.push(`${word}s`, `${word}d`);
  else forms.push(`${word}s`, `${word}ed`);
  forms.push(/[^aeiou]e$/u.test(word) ? `${word.slice(0, -1)}ing` : `${word}ing`);
  return forms;
}

// ---------------------------------------------------------------- verbs

const CODE_RE = /\[([^\]]*)\]/u;

function readCode(s: string): { code: string | null; rest: string } | null {
  const m = CODE_RE.exec(s);
  if (!m) return null;
  const raw = m[1]!.trim().replace(/!$/u, '');
  return { code: raw === '---' || raw === '' ? null : raw, rest: s.slice(0, m.index) + s.slice(m.index + m[0].length) };
}

/** Words of a verb phrase with the inflected word marked by `+` (first word when none). */
function verbPhrase(raw: string): { words: string[]; head: number } {
  const parts = raw.split('_').filter((p) => p !== '');
  let head = parts.findIndex((p) => p.startsWith('+'));
  if (head < 0) head = 0;
  return { words: parts.map((p) => p.replace(/^\+/u, '').toLowerCase()), head };
}

/** All forms of a verb line: generated when no `{}` list is given, else the base and the listed forms. */
function verbLineForms(phrase: string, irregular: string | null): string[] {
  const { words, head } = verbPhrase(phrase);
  if (words.length === 0) return [];
  const base = words.join(' ');
  if (irregular !== null) {
    const listed = irregular.trim().split(/\s+/u).filter((f) => f !== '').map((f) => verbPhrase(f).words.join(' '));
    return [base, ...listed];
  }
  return verbForms(words[head]!).map((f) => words.map((w, i) => (i === head ? f : w)).join(' '));
}

/** Pattern elements of a TABARI-style flat pattern side ("IN_*", "NEW_&TIETYPES_RELATIONS"). */
function flatElements(side: string, petrarch2: boolean): PatternElement[] {
  const out: PatternElement[] = [];
  for (const chunk of side.trim().split(/\s+/u)) {
    if (chunk === '') continue;
    const pieces = chunk.split('_');
    pieces.forEach((p, i) => {
      if (p === '') return;
      const w = p.startsWith('&') ? p.toUpperCase() : p.toLowerCase();
      if (petrarch2 && (w === '$' || w === '+' || w === '%' || w === '^')) return;
      out.push({ w, adj: i > 0 && pieces[i - 1] !== '' });
    });
  }
  return out;
}

/** Parse one pattern line (after the leading "-"). */
export function parsePattern(body: string, petrarch2: boolean): VerbPattern | null {
  const c = readCode(body);
  if (c === null) return null;
  let text = c.rest;
  if (petrarch2) text = text.replace(/[(){}]/gu, ' ');
  // "*" may be glued to words with "_" ("IN_*", "*_OUT"): split there, keeping adjacency.
  const star = text.indexOf('*');
  if (star < 0) return null;
  const before = text.slice(0, star);
  const after = text.slice(star + 1);
  const pre = flatElements(before, petrarch2);
  const post = flatElements(after, petrarch2);
  // Adjacency to the verb: "IN_*" → the last pre element must touch the verb; "*_OUT" → the first post element must.
  if (pre.length > 0) pre.push({ w: '*', adj: /_\s*$/u.test(before) });
  if (post.length > 0) post[0] = { ...post[0]!, adj: /^_/u.test(after) };
  return { pre: pre.length > 0 ? pre : [], post, code: c.code ?? '---' };
}

function addVerb(set: DictionarySet, form: string, block: number, code: string | null): void {
  const list = (set.verbs[form] ??= []);
  if (!list.some(([b, c]) => b === block && c === code)) list.push([block, code]);
}

/** Read a verb dictionary (either format) into `set`. */
export function parseVerbDictionary(text: string, set: DictionarySet): void {
  const petrarch2 = /#+\s*VERB PATTERNS\s*#+/u.test(text);
  set.verbFormat = petrarch2 ? 'petrarch2' : 'tabari';
  let section: 'synsets' | 'verbs' | 'transformations' = petrarch2 ? 'synsets' : 'verbs';
  const rawSynsets: { name: string; members: string[]; noPlural: boolean }[] = [];
  let synset: { name: string; members: string[]; noPlural: boolean } | null = null;
  let block: number | null = null;
  const lemmaForms = new Map<string, string[]>();
  const pendingTransformations: { innerSource: string; innerTarget: string; inner: string; outer: string; code: string }[] = [];
  for (const raw of stripBlockComments(text).split(/\r?\n/u)) {
    if (/^#+\s*VERB PATTERNS/u.test(raw)) { section = 'verbs'; continue; }
    if (/^#+\s*TRANSFORMATIONS/u.test(raw)) { section = 'transformations'; continue; }
    if (section === 'transformations') {
      const t = /^~\s*a\s*\(\s*(\S)\s+(\S)\s+(\S+)\s*\)\s*(\S+)\s*=\s*a\s+b\s+(\S+)/u.exec(raw.trim());
      if (t) pendingTransformations.push({ innerSource: t[1]!, innerTarget: t[2]!, inner: t[3]!.toLowerCase(), outer: t[4]!.toLowerCase(), code: t[5]! });
      continue;
    }
    const body = lineBody(raw);
    if (body === null || body.trim() === '') continue;
    const line = body.trim();
    if (line.startsWith('&')) {
      const name = line.split(/\s+/u)[0]!;
      synset = { name: name.replace(/^&/u, '').replace(/_$/u, '').toUpperCase(), members: [], noPlural: name.endsWith('_') };
      rawSynsets.push(synset);
      continue;
    }
    if (line.startsWith('+') && synset !== null && !line.includes('[')) {
      synset.members.push(line.slice(1).trim());
      continue;
    }
    synset = null;
    if (line.startsWith('---')) {
      const inner = line.replace(/^-+/u, '').replace(/-+$/u, '');
      const c = readCode(inner);
      const name = (c?.rest ?? inner).trim();
      set.blocks.push({ name, code: c?.code ?? null, patterns: [] });
      block = set.blocks.length - 1;
      continue;
    }
    if (block === null) continue;
    if (line.startsWith('-')) {
      const p = parsePattern(line.slice(1), petrarch2);
      if (p !== null) set.blocks[block]!.patterns.push(p);
      continue;
    }
    // A verb line: PHRASE {FORMS} [CODE]
    const c = readCode(line);
    let rest = c?.rest ?? line;
    let irregular: string | null = null;
    const brace = /\{([^}]*)\}/u.exec(rest);
    if (brace) {
      irregular = brace[1]!;
      rest = rest.slice(0, brace.index) + rest.slice(brace.index + brace[0].length);
    }
    const phrase = rest.trim().split(/\s+/u)[0];
    if (!phrase) continue;
    const forms = verbLineForms(phrase, irregular);
    lemmaForms.set(forms[0]!, [...(lemmaForms.get(forms[0]!) ?? []), ...forms]);
    for (const form of forms) addVerb(set, form, block, c?.code ?? null);
  }
  // Synsets: members expanded (nested synsets, plurals).
  const byName = new Map(rawSynsets.map((s) => [s.name, s]));
  const expand = (name: string, seen: Set<string>): string[] => {
    const s = byName.get(name);
    if (!s || seen.has(name)) return [];
    seen.add(name);
    const out: string[] = [];
    for (const m of s.members) {
      if (m.startsWith('&')) {
        out.push(...expand(m.replace(/^&/u, '').replace(/_$/u, '').toUpperCase(), seen));
        continue;
      }
      const words = phraseWords(m);
      if (words.length === 0) continue;
      out.push(words.join(' '));
      if (!s.noPlural && !m.endsWith('_')) out.push([...words.slice(0, -1), nounPlural(words[words.length - 1]!)].join(' '));
    }
    return out;
  };
  for (const s of rawSynsets) set.synsets[`&${s.name}`] = [...new Set(expand(s.name, new Set()))];
  // Transformations: verbs named by their base form.
  const formsOf = (lemma: string): string[] => lemmaForms.get(lemma) ?? [];
  const rootsOf = (lemma: string): string[] => {
    const roots = new Set<string>();
    for (const [b, code] of set.verbs[lemma] ?? []) {
      const c = code ?? set.blocks[b]!.code;
      if (c) roots.add(c.replace(/\D/gu, '').slice(0, 2));
    }
    return [...roots];
  };
  for (const t of pendingTransformations) {
    const outer = [...new Set(formsOf(t.outer))];
    set.transformations.push({ outer, innerRoots: t.inner === 'q' ? null : rootsOf(t.inner), innerSource: t.innerSource, innerTarget: t.innerTarget, code: t.code });
  }
}

// ---------------------------------------------------------------- actors

/** Parse the inside of an actor `[...]` group, keeping `---` (no actor) as a null code. */
function actorCodeRow(inner: string): ActorCodeRow | null {
  const parts = inner.trim().split(/\s+/u);
  const raw = (parts[0] ?? '').toUpperCase();
  if (raw === '') return null;
  const code = raw === '---' ? null : raw;
  const spec = parts.slice(1).join('');
  if (spec === '') return [code, null, null];
  if (spec.startsWith('<')) return [code, null, parseActorDate(spec.slice(1))];
  if (spec.startsWith('>')) return [code, parseActorDate(spec.slice(1)), null];
  const [a, b] = spec.split('-');
  return [code, parseActorDate(a ?? ''), parseActorDate(b ?? '')];
}

/** Read an actor dictionary into `set.actors` (records merge in file order). */
export function parseActorFile(text: string, set: DictionarySet): void {
  let phrases: string[] = [];
  let codes: ActorCodeRow[] = [];
  let codesSeen = false;
  const flush = (): void => {
    if (phrases.length > 0 && codes.length > 0) {
      for (const p of phrases) (set.actors[p] ??= []).push(...codes);
    }
    phrases = [];
    codes = [];
    codesSeen = false;
  };
  for (const raw of stripBlockComments(text).split(/\r?\n/u)) {
    const body = lineBody(raw);
    if (body === null || body.trim() === '') continue;
    const rows: ActorCodeRow[] = [];
    for (const m of body.matchAll(/\[([^\]]*)\]/gu)) {
      const r = actorCodeRow(m[1]!);
      if (r !== null) rows.push(r);
    }
    const phraseText = body.replace(/\[[^\]]*\]/gu, '').trim();
    if (/^\s/u.test(body) || phraseText === '') {
      codes.push(...rows);
      if (rows.length > 0) codesSeen = true;
      continue;
    }
    const synonym = phraseText.startsWith('+');
    if (!synonym && codesSeen) flush();
    const p = phraseText.includes('\uFFFD') ? '' : normalizeActorPhrase(synonym ? phraseText.slice(1) : phraseText);
    if (p !== '' && !phrases.includes(p)) phrases.push(p);
    if (rows.length > 0) {
      codes.push(...rows);
      codesSeen = true;
    }
  }
  flush();
}

// ---------------------------------------------------------------- agents, discards

/** Read an agent dictionary into `set.agents`. */
export function parseAgentFile(text: string, set: DictionarySet): void {
  const subst = new Map<string, string[]>();
  for (const raw of stripBlockComments(text).split(/\r?\n/u)) {
    const body = lineBody(raw);
    if (body === null) continue;
    const line = body.trim();
    const def = /^!(\w+)!\s*=\s*(.+)$/u.exec(line);
    if (def) {
      subst.set(def[1]!.toUpperCase(), def[2]!.split(',').map((s) => s.trim()).filter((s) => s !== ''));
      continue;
    }
    const code = /\[([^\]]*)\]/u.exec(line);
    if (!code) continue;
    const agentCode = code[1]!.replace(/\s+/gu, '').toUpperCase();
    let head = line.slice(0, code.index);
    let plurals: string[] | null = null;
    const brace = /\{([^}]*)\}/u.exec(head);
    if (brace) {
      plurals = brace[1]!.trim().split(/\s+/u).filter((s) => s !== '');
      head = head.slice(0, brace.index) + head.slice(brace.index + brace[0].length);
    }
    head = head.trim();
    if (head === '') continue;
    const marker = /!(\w+)!/u.exec(head);
    const phrases: string[] = [];
    if (marker) {
      for (const item of subst.get(marker[1]!.toUpperCase()) ?? []) phrases.push(head.replace(marker[0], item));
    } else {
      phrases.push(head);
      if (plurals === null) {
        const words = phraseWords(head);
        if (words.length > 0) phrases.push([...words.slice(0, -1), nounPlural(words[words.length - 1]!)].join(' '));
      } else phrases.push(...plurals);
    }
    for (const p of phrases) {
      const words = phraseWords(p).join(' ');
      if (words !== '' && set.agents[words] === undefined) set.agents[words] = agentCode;
    }
  }
}

/** Read a discard list into `set.discards`. */
export function parseDiscardFile(text: string, set: DictionarySet): void {
  for (const raw of stripBlockComments(text).split(/\r?\n/u)) {
    const body = lineBody(raw);
    if (body === null) continue;
    let line = body.trim();
    if (line === '') continue;
    const story = line.startsWith('+');
    if (story) line = line.slice(1);
    const words = phraseWords(line.replace(/;.*$/u, '')).join(' ');
    if (words !== '') set.discards[words] = story ? 'story' : 'sentence';
  }
}

/** Read the PICO table ("042:0xB002#comment"; lines with an expression such as 0x1000-0xFFFF are skipped). */
export function parsePicoFile(text: string, set: DictionarySet): void {
  for (const raw of text.split(/\r?\n/u)) {
    const m = /^(\d{2,4}):0x([0-9a-fA-F]{4})\s*(#.*)?$/u.exec(raw.trim());
    if (m && set.pico[m[1]!] === undefined) set.pico[m[1]!] = parseInt(m[2]!, 16);
  }
}

// ---------------------------------------------------------------- sets

export function emptySet(name: string, source: string): DictionarySet {
  return { name, source, licence: MIT_NOTICE, verbFormat: 'tabari', synsets: {}, blocks: [], verbs: {}, actors: {}, agents: {}, discards: {}, transformations: [], pico: {} };
}

/** Which files of a dictionary folder make up a set: `validate` (PETR.Validate.*) or `phoenix` (Phoenix.* + CAMEO.2.0). */
export function setFiles(dir: string, name: string): { verbs: string[]; actors: string[]; agents: string[]; discards: string[] } {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  } catch (e) {
    throw new BrieflyError('BAD_OPTION', `Cannot read the event dictionaries folder ${dir}: ${(e as Error).message}`);
  }
  const validate = files.filter((f) => f.startsWith('PETR.Validate.'));
  const pick = (pool: string[], suffix: string): string[] => pool.filter((f) => f.toLowerCase().endsWith(suffix));
  const others = files.filter((f) => !f.startsWith('PETR.') && f.toLowerCase().endsWith('actors.txt'));
  if (validate.length > 0 && (name === 'validate' || others.length === 0)) {
    return { verbs: pick(validate, 'verbs.txt'), actors: pick(validate, 'actors.txt'), agents: pick(validate, 'agents.txt'), discards: pick(validate, 'discards.txt') };
  }
  const rest = files.filter((f) => !f.startsWith('PETR.'));
  const verbs = rest.includes('CAMEO.2.0.txt') ? ['CAMEO.2.0.txt'] : rest.filter((f) => /verb/iu.test(f)).slice(0, 1);
  return { verbs, actors: pick(rest, 'actors.txt'), agents: pick(rest, 'agents.txt'), discards: pick(rest, 'discards.txt') };
}

/** The PICO table's file name in a dictionaries folder. */
export const PICO_FILE = 'PETR.Internal.Coding.Ontology.txt';

/** Parse a folder of raw dictionaries into a set (`name`: validate | phoenix). */
export function parseDictionaryDir(dir: string, name: string): DictionarySet {
  const files = setFiles(dir, name);
  if (files.verbs.length === 0 || files.actors.length === 0) {
    throw new BrieflyError('BAD_OPTION', `${dir} holds no verb or actor dictionary for the "${name}" set (expected *.actors.txt and a verb dictionary).`);
  }
  const all = [...files.verbs, ...files.actors, ...files.agents, ...files.discards, ...(name !== 'validate' && existsSync(path.join(dir, PICO_FILE)) ? [PICO_FILE] : [])];
  const set = emptySet(name, `${path.basename(dir)}: ${all.join(', ')}`);
  const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
  for (const f of files.verbs) parseVerbDictionary(read(f), set);
  for (const f of files.actors) parseActorFile(read(f), set);
  for (const f of files.agents) parseAgentFile(read(f), set);
  for (const f of files.discards) parseDiscardFile(read(f), set);
  if (set.verbFormat === 'petrarch2' && existsSync(path.join(dir, PICO_FILE))) parsePicoFile(read(PICO_FILE), set);
  return set;
}

/** Folder of the compiled sets, relative to the project root. */
export const EVENTS_DATA_DIR = path.join('data', 'events');

const cache = new Map<string, DictionarySet>();

/**
 * A dictionary set by name: from `dir` (raw dictionaries) when given, else
 * the compiled `data/events/<name>.json`. Cached per (dir, name).
 */
export function loadDictionarySet(name = 'phoenix', dir: string | null = null): DictionarySet {
  const key = `${dir ?? ''}\u0000${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let set: DictionarySet;
  if (dir !== null) {
    set = parseDictionaryDir(dir, name);
  } else {
    const file = path.join(projectRoot(), EVENTS_DATA_DIR, `${name}.json`);
    if (!existsSync(file)) throw new BrieflyError('BAD_OPTION', `No compiled event dictionary ${file} (run npm run build:events).`);
    set = JSON.parse(readFileSync(file, 'utf8')) as DictionarySet;
  }
  cache.set(key, set);
  return set;
}
