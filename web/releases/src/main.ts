// 信息发布 the public releases page: the published releases, newest first, each read from the public
// API as frozen (its document exactly as archived).
import { RELEASE_PAGE_TEXT as T } from '../../../shared/domain/labels.js';
import { byId } from './dom.js';
import { renderRelease } from './render.js';
import type { PublicRelease, PublishedRelease } from './types.js';
import './releases.css';

async function getJson<X>(path: string): Promise<X> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as X;
}

async function load(): Promise<void> {
  const main = byId('main');
  const status = byId('status');
  const list = byId('releases');
  try {
    const { items } = await getJson<{ items: PublicRelease[] }>('/v1/public/releases');
    const published = await Promise.all(
      items.map((r) => getJson<PublishedRelease>(`/v1/public/releases/${encodeURIComponent(r.releaseId)}`)),
    );
    list.replaceChildren(...published.map(renderRelease));
    status.textContent = published.length === 0 ? T.empty : `共 ${published.length} 份发布`;
    // A link to a release (#release-…) lands on it once it is drawn.
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  } catch {
    status.textContent = T.loadFailed;
    status.setAttribute('role', 'alert');
  } finally {
    main.setAttribute('aria-busy', 'false');
    // For tests and for the curious: the page has drawn what it could.
    main.dataset.state = 'ready';
  }
}

void load();
