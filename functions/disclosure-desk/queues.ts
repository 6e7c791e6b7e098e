// GET the desk's lists: drafts waiting for a reviewer (review) and unfinished requests (open).

import { InvalidCursorError } from '../../shared/adapters/case-store.js';
import type { DisclosureQueue } from '../../shared/adapters/disclosure-book.js';
import type { DisclosureRow } from '../../shared/domain/disclosure/queue-row.js';
import type { Case } from '../../shared/domain/index.js';
import { shanghaiDate } from '../../shared/domain/index.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import type { StaffClaims, StaffRole } from '../../shared/http/staff-claims.js';
import type { DeskDeps } from './deps.js';

export type { DisclosureRow };

export const QUEUES: readonly DisclosureQueue[] = ['review', 'open'];

/** Who reads which list: 审核 is the reviewers' and supervisors'; 办理 the departments' and supervisors'. */
export const QUEUE_ROLES: Readonly<Record<DisclosureQueue, readonly StaffRole[]>> = {
  review: ['reviewer', 'supervisor'],
  open: ['department', 'supervisor'],
};

export function rowOf(kase: Case): DisclosureRow | undefined {
  const file = kase.disclosure;
  if (!file) return undefined;
  const applicant = file.request.applicant;
  const last4 = applicant.kind === 'citizen' ? applicant.document.last4 : applicant.creditCode.last4;
  const draft = file.draft;
  return {
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    status: kase.status,
    version: kase.version,
    ...(kase.departmentId ? { departmentId: kase.departmentId } : {}),
    applicant: { name: applicant.name, identity: `****${last4}` },
    receivedOn: file.request.receivedOn,
    dueAt: kase.dueAt,
    ...(kase.pausedSince ? { paused: true as const } : {}),
    ...(draft
      ? {
          draft: {
            revision: draft.revision,
            drafterId: draft.drafterId,
            drafterName: draft.reply.drafter.name,
            draftedAt: draft.draftedAt,
            ...(draft.returnedAt ? { returnedAt: draft.returnedAt } : {}),
          },
        }
      : {}),
    ...(file.responsible ? { responsible: file.responsible } : {}),
  };
}

export function queueOf(raw: string | undefined): DisclosureQueue {
  if (raw === undefined || !(QUEUES as readonly string[]).includes(raw)) {
    throw new BadRequestError('invalid_queue', 'queue 须为 review（待审核）或 open（办理中）');
  }
  return raw as DisclosureQueue;
}

/**
 * A page of the list for this caller: a department sees its own body's requests only; a role the
 * list is not for is refused (403).
 */
export async function listDisclosureQueue(
  deps: Pick<DeskDeps, 'book' | 'now'>,
  request: { queue: DisclosureQueue; staff: StaffClaims; limit: number; cursor?: string },
): Promise<{ items: DisclosureRow[]; nextCursor: string | null }> {
  const { queue, staff } = request;
  if (!QUEUE_ROLES[queue].includes(staff.role)) {
    throw new HttpError(
      403,
      'forbidden',
      queue === 'review'
        ? '只有审核人和督办人员可查看待审核答复'
        : '只有承办单位和督办人员可查看办理中的申请',
    );
  }
  const scope = {
    today: shanghaiDate(deps.now()),
    ...(staff.role === 'department' && staff.departmentId ? { departmentId: staff.departmentId } : {}),
  };
  try {
    const page = await deps.book.listQueue(queue, scope, {
      limit: request.limit,
      ...(request.cursor ? { cursor: request.cursor } : {}),
    });
    return { items: page.items.flatMap((kase) => rowOf(kase) ?? []), nextCursor: page.nextCursor ?? null };
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new BadRequestError('invalid_cursor', 'cursor 无效，请从第一页重新查询', { cause: error });
    }
    throw error;
  }
}
