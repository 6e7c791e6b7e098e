import { onBeforeUnmount, onMounted } from 'vue';

/** Often enough that a new case shows within a breath; the ETag makes an unchanged poll cheap. */
export const POLL_MS = 15_000;

/**
 * Calls `load` now and then every `ms` while the tab is visible, and at once when it becomes visible
 * again; stops with the component. A poll refreshes what is on screen without moving the user's
 * place (the list's own cursor and selection stay as they are).
 */
export function usePoll(load: () => Promise<unknown>, ms = POLL_MS): { refresh: () => Promise<void> } {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running = false;

  async function refresh(): Promise<void> {
    if (running) return;
    running = true;
    try {
      await load();
    } catch {
      // The screen shows its own error state; the next tick tries again.
    } finally {
      running = false;
    }
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') void refresh();
  }

  onMounted(() => {
    void refresh();
    timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, ms);
    document.addEventListener('visibilitychange', onVisibility);
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  });
  return { refresh };
}
