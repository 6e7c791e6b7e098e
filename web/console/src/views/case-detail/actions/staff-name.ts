/** The 专人 fields of a form: the person's name, and their account (the JWT subject) for the record. */
export interface StaffNameDraft {
  name: string;
  id: string;
}

/** `{ id, name }` trimmed, or a Chinese message saying what is missing. */
export function staffNameOf(d: StaffNameDraft): { id: string; name: string } | string {
  const name = d.name.trim();
  const id = d.id.trim();
  if (!name) return '请填写专人负责的姓名';
  if (!id) return '请填写专人负责的账号';
  if (!/^[A-Za-z0-9_.:@-]{1,64}$/.test(id)) return '账号只能含字母、数字和 _ . : @ -（至多 64 位）';
  return { id, name };
}
