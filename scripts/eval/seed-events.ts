/**
 * The seed's event check (issue 8): each gold event {source, target, cameo?,
 * negated?, contains} is found when one event of the brief lies on the gold
 * text (its offsets overlap where `contains` is in the body, or, for an event
 * read from the photo caption, its text is inside the caption sentence that
 * holds `contains`) and has
 *   - the right direction: the country part (first three letters) of
 *     sourceCode / targetCode is the gold source / target country;
 *   - the right root code, when the gold gives a CAMEO code;
 *   - the right negation (gold `negated`, default false) and, when the gold
 *     action says "expected", modality `expected`.
 * Target: at least 5 of the 6.
 */
import type { Brief, Event } from '../../src/brief/schema.js';
import { COUNTRIES } from '../../src/data/lexicon.js';
import { rootOf } from '../../src/analyze/events/cameo.js';
import { collapseWhitespace } from '../../src/text/span.js';

export interface GoldEvent {
  source: string;
  target: string;
  action: string;
  cameo?: string;
  negated?: boolean;
  modality?: string;
  contains: string;
  date?: string;
}

const norm = (s: string): string => collapseWhitespace(s).replace(/[’‘]/gu, "'");

function countryCode(name: string): string | null {
  const c = COUNTRIES.find((x) => x.name.toLowerCase() === name.toLowerCase() || x.aliases.some((a) => a.toLowerCase() === name.toLowerCase()));
  return c ? c.code : null;
}

export function eventMatches(gold: GoldEvent, e: Event): boolean {
  const src = countryCode(gold.source);
  const tgt = countryCode(gold.target);
  if (e.sourceCode.slice(0, 3) !== src || e.targetCode.slice(0, 3) !== tgt) return false;
  if (gold.cameo !== undefined && e.root !== rootOf(gold.cameo)) return false;
  if (e.negated !== (gold.negated ?? false)) return false;
  const modality = gold.modality ?? (/^expected\b/iu.test(gold.action) ? 'expected' : null);
  return modality === null || e.modality === modality;
}

/** The brief's events that lie on the gold text. */
export function eventsOn(gold: GoldEvent, brief: Brief): Event[] {
  const body = brief.article.text;
  const at = norm(body).indexOf(norm(gold.contains));
  const inBody = at >= 0 ? body.indexOf(gold.contains) : -1;
  const out: Event[] = [];
  for (const e of brief.events ?? []) {
    if (e.start !== undefined && e.end !== undefined) {
      const pos = inBody >= 0 ? inBody : body.search(new RegExp(norm(gold.contains).split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('\\s+'), 'u'));
      if (pos >= 0 && e.start < pos + gold.contains.length && e.end > pos) out.push(e);
    } else {
      const caption = brief.article.image?.caption ?? '';
      const sentence = caption.split(/(?<=\.)\s+/u).find((s) => norm(s).includes(norm(gold.contains)));
      if (sentence && norm(sentence).includes(norm(e.text))) out.push(e);
    }
  }
  return out;
}

export function scoreSeedEvents(golds: readonly GoldEvent[], brief: Brief): { ok: boolean; label: string }[] {
  return golds.map((g) => ({
    ok: eventsOn(g, brief).some((e) => eventMatches(g, e)),
    label: `${g.source} → ${g.target} ${g.action}${g.cameo ? ` (${g.cameo})` : ''}: ${g.contains}`,
  }));
}
