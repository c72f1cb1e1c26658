/** /search — full-text search with date, outlet and entity filters (GET /api/articles). */
import { getJson } from '../api.js';
import type { ArticleList } from '../../server/web/api-types.js';
import { h, replaceChildren, setTitle } from '../dom.js';
import { articleList } from './home.js';

const PAGE = 20;

export async function searchPage(main: HTMLElement): Promise<void> {
  setTitle('Search');
  const params = new URLSearchParams(location.search);
  const field = (name: string, label: string, type = 'text'): HTMLElement =>
    h('div', { class: 'field' }, h('label', { for: `f-${name}` }, label), h('input', { id: `f-${name}`, name, type, value: params.get(name) ?? '' }));
  const form = h('form', { class: 'search-form', method: 'get', action: '/search', role: 'search' },
    h('h1', null, 'Search articles'),
    h('div', { class: 'row' }, field('q', 'Words'), field('entity', 'Person, organisation or place'), field('outlet', 'Outlet'),
      field('from', 'From', 'date'), field('to', 'To', 'date')),
    h('button', { type: 'submit', class: 'primary' }, 'Search'));
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  replaceChildren(main, form, results);
  const offset = Math.max(0, Number(params.get('offset') ?? '0') || 0);
  const list = await getJson<ArticleList>('/api/articles', {
    q: params.get('q'), entity: params.get('entity'), outlet: params.get('outlet'), from: params.get('from'), to: params.get('to'), limit: PAGE, offset,
  });
  const pager: HTMLElement[] = [];
  const link = (o: number, label: string): HTMLElement => {
    const p = new URLSearchParams(params);
    p.set('offset', String(o));
    return h('a', { href: `/search?${p.toString()}` }, label);
  };
  if (offset > 0) pager.push(link(Math.max(0, offset - PAGE), '← Previous'));
  if (offset + PAGE < list.total) pager.push(link(offset + PAGE, 'Next →'));
  replaceChildren(results,
    h('p', { class: 'count' }, `${list.total} article${list.total === 1 ? '' : 's'}`),
    list.items.length > 0 ? articleList(list) : h('p', { class: 'muted' }, 'Nothing matches these filters.'),
    pager.length > 0 ? h('nav', { class: 'pager', 'aria-label': 'Result pages' }, pager) : null);
}
