/**
 * Reader for PETRARCH / TABARI actor dictionaries (the Phoenix `*.actors.txt`
 * files in the shared event-dictionaries folder). Used at build time only,
 * by scripts/build-gazetteers.ts, which derives our compact gazetteer files;
 * the dictionaries themselves are never shipped.
 *
 * Format, in our words: a record is a primary phrase line, optional `+`
 * synonym lines, and `[CODE DATES]` groups on the primary line or on
 * following lines that start with a tab. Phrases are upper case with `_`
 * between words. `#` starts a comment. Consecutive phrase lines with no codes
 * between them share the codes that follow (the file lists some synonyms
 * without their `+`).
 *
 * @example
 * const records = parseActorDictionary(readFileSync(file, 'utf8'));
 * records[0]; // { phrases: ['afghanistan', 'afghan', ...], codes: [{ code: 'AFG', from: null, to: null }], comment: '' }
 */

/** One `[CODE DATES]` group: the period is [from, to), ISO dates, null when open. */
export interface ActorCode {
  code: string;
  from: string | null;
  to: string | null;
}

export interface ActorRecord {
  /** Phrases in lower case, words separated by single spaces; the first is the primary phrase. */
  phrases: string[];
  codes: ActorCode[];
  /** Comments of the record's lines, joined (e.g. "CountryInfo.txt"). */
  comment: string;
}

const RE = {
  codeGroup: /\[([^\]]*)\]/gu,
  date: /^\d{6}(\d{2})?$/u,
  phraseChars: /[^\p{L}\p{N}.'&/-]+/gu,
  spaces: /\s+/gu,
} as const;

/** YYMMDD or YYYYMMDD to YYYY-MM-DD (YY ≤ 30 is 20YY); null when malformed. */
export function parseActorDate(raw: string): string | null {
  if (!RE.date.test(raw)) return null;
  let y: string;
  let rest: string;
  if (raw.length === 8) {
    y = raw.slice(0, 4);
    rest = raw.slice(4);
  } else {
    const yy = Number(raw.slice(0, 2));
    y = String(yy <= 30 ? 2000 + yy : 1900 + yy);
    rest = raw.slice(2);
  }
  return `${y}-${rest.slice(0, 2)}-${rest.slice(2, 4)}`;
}

/** Parse the inside of one `[...]` group. */
export function parseActorCode(inner: string): ActorCode | null {
  const parts = inner.trim().split(RE.spaces);
  const code = parts[0] ?? '';
  if (code === '' || code === '---') return null;
  const spec = parts.slice(1).join('');
  if (spec === '') return { code, from: null, to: null };
  if (spec.startsWith('<')) return { code, from: null, to: parseActorDate(spec.slice(1)) };
  if (spec.startsWith('>')) return { code, from: parseActorDate(spec.slice(1)), to: null };
  const [a, b] = spec.split('-');
  return { code, from: parseActorDate(a ?? ''), to: parseActorDate(b ?? '') };
}

/** A dictionary phrase (`RUSSIAN_PRESIDENT_VLADIMIR_V._PUTIN_`) as lower-case words ('russian president vladimir v. putin'). */
export function normalizeActorPhrase(raw: string): string {
  return raw.replace(/_/gu, ' ').replace(RE.phraseChars, ' ').trim().replace(RE.spaces, ' ').toLowerCase();
}

/** Parse a whole actor dictionary. Phrases with mangled characters (U+FFFD) are dropped. */
export function parseActorDictionary(text: string): ActorRecord[] {
  const out: ActorRecord[] = [];
  let cur: ActorRecord | null = null;
  let codesSeen = false;
  const stripped = text.replace(/<!--[\s\S]*?-->/gu, '');
  for (const rawLine of stripped.split(/\r?\n/u)) {
    if (rawLine.trim() === '' || rawLine.startsWith('#') || rawLine.startsWith('<!')) continue;
    const hash = rawLine.indexOf('#');
    const line = hash >= 0 ? rawLine.slice(0, hash) : rawLine;
    const comment = hash >= 0 ? rawLine.slice(hash + 1).trim() : '';
    const codes: ActorCode[] = [];
    for (const m of line.matchAll(RE.codeGroup)) {
      const c = parseActorCode(m[1]!);
      if (c !== null) codes.push(c);
    }
    const isRestriction = /^\s/u.test(line);
    const phraseText = line.replace(RE.codeGroup, '').trim();
    if (isRestriction || phraseText === '') {
      if (cur !== null) {
        cur.codes.push(...codes);
        if (comment !== '') cur.comment += ` ${comment}`;
        codesSeen = true;
      }
      continue;
    }
    const isSynonym = phraseText.startsWith('+');
    const phrase = phraseText.includes('\uFFFD') ? '' : normalizeActorPhrase(isSynonym ? phraseText.slice(1) : phraseText);
    if (cur === null || (!isSynonym && codesSeen)) {
      cur = { phrases: [], codes: [], comment: '' };
      out.push(cur);
      codesSeen = false;
    }
    if (phrase !== '' && !cur.phrases.includes(phrase)) cur.phrases.push(phrase);
    if (codes.length > 0) {
      cur.codes.push(...codes);
      codesSeen = true;
    }
    if (comment !== '') cur.comment = cur.comment === '' ? comment : `${cur.comment} ${comment}`;
  }
  return out.filter((r) => r.phrases.length > 0);
}
