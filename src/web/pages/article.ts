/** /a/:id — a stored article's brief beside its text. */
import { getJson } from '../api.js';
import type { ArticleDetail } from '../../server/web/api-types.js';
import { applyEvidenceHash, renderArticleView } from '../article-view.js';
import { replaceChildren, setTitle } from '../dom.js';

export async function articlePage(main: HTMLElement, id: string): Promise<void> {
  const detail = await getJson<ArticleDetail>(`/api/articles/${encodeURIComponent(id)}`);
  const view = renderArticleView(detail.brief, { articleId: detail.id });
  replaceChildren(main, view.root);
  setTitle(detail.brief.article.title ?? 'Article');
  applyEvidenceHash(view, location.hash);
}
