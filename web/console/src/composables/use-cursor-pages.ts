import { ref, shallowRef } from 'vue';
import { ApiError } from '../api/http';
import type { Page } from '../api/types';
import { CursorTrail } from './cursor-trail';

/**
 * A cursor-paged list as a screen shows it: the page on screen, forward and back, and a refresh that
 * stays on the same page (what polling calls). Errors are kept for the screen's error state; the
 * rows already shown stay until a load succeeds.
 *
 * @example
 * const queue = useCursorPages((cursor) => departmentQueue(id, { cursor, limit: 20 }));
 * usePoll(queue.refresh);
 */
export function useCursorPages<T>(load: (cursor: string | undefined) => Promise<Page<T>>) {
  const trail = new CursorTrail();
  const items = shallowRef<readonly T[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string>();
  const page = ref(1);
  const hasPrevious = ref(false);
  let generation = 0;

  async function fetchCurrent(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const result = await load(trail.current);
      // A slower answer for a page the user has left is dropped.
      if (mine !== generation) return;
      items.value = result.items;
      nextCursor.value = result.nextCursor;
      error.value = undefined;
      loaded.value = true;
    } catch (e) {
      if (mine !== generation) return;
      if (e instanceof ApiError && e.code === 'invalid_cursor' && trail.page > 1) {
        trail.reset();
        sync();
        return fetchCurrent();
      }
      error.value = e instanceof ApiError ? e.message : '网络异常，请稍后重试';
      throw e;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function sync(): void {
    page.value = trail.page;
    hasPrevious.value = trail.hasPrevious;
  }

  return {
    items,
    nextCursor,
    loading,
    loaded,
    error,
    page,
    hasPrevious,
    refresh: fetchCurrent,
    async next(): Promise<void> {
      if (!nextCursor.value) return;
      trail.forward(nextCursor.value);
      sync();
      await fetchCurrent().catch(() => undefined);
    },
    async previous(): Promise<void> {
      trail.back();
      sync();
      await fetchCurrent().catch(() => undefined);
    },
    async first(): Promise<void> {
      trail.reset();
      sync();
      items.value = [];
      loaded.value = false;
      await fetchCurrent().catch(() => undefined);
    },
  };
}
