import { type Ref, ref, watch } from 'vue';

// Typed work survives a reload: a form's fields are kept in localStorage under a key of the user and
// the thing being typed (a call, a case), and forgotten once submitted. Drafts hold what the user
// typed, never tokens.

const PREFIX = 'hotline12345.draft.';

/**
 * A reactive draft that writes itself to localStorage as the user types.
 *
 * @example
 * const { draft, discard } = useDraft(`agent:${user.sub}:${callId}`, () => ({ content: '', district: '' }));
 */
export function useDraft<T extends object>(
  key: string,
  empty: () => T,
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = window.localStorage,
): { draft: Ref<T>; discard: () => void } {
  const storageKey = PREFIX + key;
  const draft = ref(restore(storage, storageKey, empty)) as Ref<T>;
  const stop = watch(
    draft,
    (value) => {
      try {
        storage.setItem(storageKey, JSON.stringify(value));
      } catch {
        // Storage full or refused (private mode): the draft lives only in this page.
      }
    },
    { deep: true },
  );
  return {
    draft,
    discard: () => {
      stop();
      storage.removeItem(storageKey);
      draft.value = empty();
    },
  };
}

function restore<T extends object>(storage: Pick<Storage, 'getItem'>, key: string, empty: () => T): T {
  try {
    const saved = storage.getItem(key);
    // Fields added since the draft was saved take their empty value.
    return saved ? { ...empty(), ...(JSON.parse(saved) as Partial<T>) } : empty();
  } catch {
    return empty();
  }
}

/**
 * A draft store that lives only as long as the object: for a form that must leave nothing behind
 * (a callback's appeal holds the caller's number in clear).
 */
export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
  };
}
