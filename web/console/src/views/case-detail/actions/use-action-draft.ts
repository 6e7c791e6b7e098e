import { useDraft } from '../../../composables/use-draft';
import { useSession } from '../../../stores/session';

/**
 * The typed fields of one action on one case, kept per user: a reload, a 409's refresh or a closed
 * dialog leaves them as they were; a successful submit discards them.
 */
export function useActionDraft<T extends object>(caseId: string, action: string, empty: () => T) {
  const session = useSession();
  return useDraft(`case:${session.user?.sub ?? 'anonymous'}:${caseId}:${action}`, empty);
}
