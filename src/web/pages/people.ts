/** /people — everyone quoted or named across the corpus (GET /api/people). */
import { getJson } from '../api.js';
import type { PeopleList } from '../../server/web/api-types.js';
import { entityHref, h, replaceChildren, setTitle } from '../dom.js';

export async function peoplePage(main: HTMLElement): Promise<void> {
  setTitle('People');
  const list = await getJson<PeopleList>('/api/people', { limit: 200 });
  replaceChildren(main,
    h('h1', null, 'People'),
    h('p', { class: 'muted' }, `${list.total} people named in the corpus.`),
    h('ul', { class: 'people-list' }, list.items.map((p) =>
      h('li', null,
        h('a', { href: entityHref(p.name, 'PERSON') }, p.name),
        h('span', { class: 'muted' }, ` — ${p.roles.join('; ') || 'no role stated'} · ${p.articles} article${p.articles === 1 ? '' : 's'}, ${p.quotes} quote${p.quotes === 1 ? '' : 's'}`)))));
}
