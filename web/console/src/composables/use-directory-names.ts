import { shallowRef } from 'vue';
import { staffDirectory } from '../api/directory';
import type { NameOf } from '../components/case-table';

/**
 * Names for the catalogue's codes (类别, 属地, 单位) from the staff directory, read once per session.
 * Until it answers, or if it cannot, the code is shown: a list never waits for its names.
 */
export function useDirectoryNames(): { nameOf: () => NameOf } {
  const names = shallowRef<Record<'category' | 'district' | 'department', Map<string, string>>>();
  staffDirectory()
    .then((d) => {
      names.value = {
        category: new Map(d.categories.map((c) => [c.code, c.name])),
        district: new Map(d.districts.map((c) => [c.code, c.name])),
        department: new Map(d.departments.map((c) => [c.id, c.name])),
      };
    })
    .catch(() => undefined);
  // A function reading the ref, so a render that calls it re-renders once the names arrive.
  return { nameOf: () => (kind, code) => names.value?.[kind].get(code) ?? code };
}
