/**
 * /person/:name and /entity/:name — one person, organisation or country across the corpus
 * (GET /api/entities/:name): roles over time, quotes with date and outlet, wants and figures.
 * Every row links to the article with its evidence selected.
 */
import { getJson } from '../api.js';
import type { EntityDetail, EvidenceRow, QuoteRow } from '../../server/web/api-types.js';
import { evidenceHref, h, replaceChildren, setTitle, shortDate, type Child } from '../dom.js';

function source(row: { articleId: string; date?: string | null; outlet?: string | null; title?: string | null; start?: number | null; end?: number | null }): HTMLElement {
  const bits = [shortDate(row.date ?? null), row.outlet ?? null].filter((x): x is string => typeof x === 'string' && x !== '');
  return h('span', { class: 'src' },
    bits.length > 0 ? `${bits.join(' · ')} · ` : '',
    h('a', { href: evidenceHref(row.articleId, row.start, row.end) }, row.title ?? row.articleId));
}

function quoteItem(q: QuoteRow): HTMLElement {
  const text = q.text.replace(/\s+/g, ' ').trim();
  return h('li', { class: 'quote-row' },
    h('blockquote', { class: `q q-${q.kind}` }, q.kind === 'direct' ? `“${text.replace(/^["“]+|["”]+$/g, '')}”` : text),
    h('p', { class: 'muted' }, q.kind === 'indirect' ? 'paraphrase · ' : '', source(q)));
}

function evidenceItem(row: EvidenceRow): HTMLElement {
  return h('li', null, h('span', null, row.text.replace(/\s+/g, ' ').trim()), h('p', { class: 'muted' }, source(row)));
}

function section(id: string, title: string, body: Child | Child[], empty: boolean): HTMLElement | null {
  if (empty) return null;
  return h('section', { class: `sec sec-${id}`, 'aria-labelledby': `sec-${id}` }, h('h2', { id: `sec-${id}` }, title), body);
}

export async function entityPage(main: HTMLElement, name: string, kind: 'person' | 'entity'): Promise<void> {
  const e = await getJson<EntityDetail>(`/api/entities/${encodeURIComponent(name)}`);
  setTitle(e.name);
  const articles = new Set(e.mentions.map((m) => m.articleId));
  const typeLabel: Record<string, string> = { PERSON: 'Person', ORG: 'Organisation', PLACE: 'Place', GPE: 'Country or place', LOC: 'Place', MISC: 'Name' };
  const roles = section('roles', 'Roles over time',
    h('table', { class: 'roles' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Affiliation'), h('th', { scope: 'col' }, 'Article'))),
      h('tbody', null, e.roles.map((r) => h('tr', null,
        h('td', null, shortDate(r.date) ?? '—'), h('td', null, r.role ?? '—'), h('td', null, r.affiliation ?? '—'),
        h('td', null, h('a', { href: evidenceHref(r.articleId) }, r.articleId)))))),
    e.roles.length === 0);
  const quotes = section('quotes', kind === 'person' ? 'What they said' : 'Statements', h('ul', { class: 'items quotes' }, e.quotes.map(quoteItem)), e.quotes.length === 0);
  const wants = section('wants', 'What they want', h('ul', { class: 'items' }, e.wants.map(evidenceItem)), e.wants.length === 0);
  const figures = section('figures', 'Key numbers', h('ul', { class: 'items' }, e.figures.map(evidenceItem)), e.figures.length === 0);
  const ordered = kind === 'person' ? [roles, quotes, wants, figures] : [wants, figures, quotes, roles];
  replaceChildren(main,
    h('header', { class: 'entity-head' },
      h('h1', null, e.name),
      h('p', { class: 'muted' }, `${typeLabel[e.type] ?? e.type} · named in ${e.articles} article${e.articles === 1 ? '' : 's'} (${e.mentions.length} mentions)`),
      h('p', null, h('a', { href: `/search?entity=${encodeURIComponent(e.name)}` }, `Articles naming ${e.name}`))),
    ordered,
    ordered.every((s) => s === null) ? h('p', { class: 'muted' }, `No quotes, roles, wants or figures recorded for ${e.name} (${articles.size} articles mention it).`) : null);
}
