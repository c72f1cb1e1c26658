/**
 * The browser client's entry: picks the page from the path and renders it into <main>.
 * The graph page is imported on demand (its own chunk with the graph library).
 */
import { ApiError } from './api.js';
import { errorBox, replaceChildren, setTitle } from './dom.js';
import { articlePage } from './pages/article.js';
import { entityPage } from './pages/entity.js';
import { homePage } from './pages/home.js';
import { peoplePage } from './pages/people.js';
import { searchPage } from './pages/search.js';

function segment(path: string, prefix: string): string | null {
  if (!path.startsWith(prefix)) return null;
  const rest = path.slice(prefix.length);
  if (rest === '' || rest.includes('/')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

async function route(main: HTMLElement): Promise<void> {
  const path = location.pathname;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('header.site nav a')) {
    if (a.getAttribute('href') === path) a.setAttribute('aria-current', 'page');
  }
  if (path === '/' || path === '/explain') return homePage(main);
  if (path === '/search') return searchPage(main);
  if (path === '/people') return peoplePage(main);
  if (path === '/graph') {
    const { graphPage } = await import('./pages/graph.js');
    return graphPage(main);
  }
  const id = segment(path, '/a/');
  if (id !== null) return articlePage(main, id);
  const person = segment(path, '/person/');
  if (person !== null) return entityPage(main, person, 'person');
  const entity = segment(path, '/entity/');
  if (entity !== null) return entityPage(main, entity, 'entity');
  setTitle('Not found');
  replaceChildren(main, errorBox('No such page.'));
}

function start(): void {
  const main = document.getElementById('main');
  if (main === null) return;
  route(main).then(
    () => main.setAttribute('data-ready', 'true'),
    (e: unknown) => {
      const message = e instanceof ApiError ? `${e.message}${e.status === 404 ? '' : ` (${e.code})`}` : `Something went wrong: ${e instanceof Error ? e.message : String(e)}`;
      setTitle(e instanceof ApiError && e.status === 404 ? 'Not found' : 'Error');
      replaceChildren(main, errorBox(message));
      main.setAttribute('data-ready', 'error');
    },
  );
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
