import { ref, shallowRef } from 'vue';
import { type AdminDirectory, adminDirectory } from '../../api/directory';
import { ApiError } from '../../api/http';

/**
 * The catalogue as the admin API lists it, read on open and again after each save. A failed re-read
 * keeps the last list on screen (with the error beside it): the user never loses their place.
 */
export function useAdminDirectory() {
  const data = shallowRef<AdminDirectory>();
  const loading = ref(false);
  const error = ref<string>();

  async function reload(): Promise<void> {
    loading.value = true;
    try {
      data.value = await adminDirectory();
      error.value = undefined;
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : '网络异常，目录未能加载';
    } finally {
      loading.value = false;
    }
  }

  return { data, loading, error, reload };
}

export type AdminDirectoryState = ReturnType<typeof useAdminDirectory>;
