import { type Ref, ref } from 'vue';
import { staffDirectory } from '../../../api/directory';
import type { AssignmentDraft } from './assignment-form';

/** The department ids of the directory, filled once it answers (empty until then: nothing is valid). */
export function knownDepartments(): Ref<ReadonlySet<string>> {
  const known = ref<ReadonlySet<string>>(new Set());
  staffDirectory()
    .then((d) => {
      known.value = new Set(d.departments.map((x) => x.id));
    })
    .catch(() => undefined);
  return known;
}

/** The fields of a 派单 or 改派 from the form's draft: co-handlers and note only when given. */
export function assignmentBody(d: AssignmentDraft) {
  const note = d.note.trim();
  return {
    departmentId: d.departmentId,
    ...(d.coHandlers.length > 0 ? { coHandlers: [...d.coHandlers] } : {}),
    ...(note ? { note } : {}),
  };
}
