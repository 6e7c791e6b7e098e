// One disclosure case as the desk reads it: 404 for a case the caller may not see (as case-api),
// 422 for a case that is not a disclosure request.
import type { Case } from '../../shared/domain/index.js';
import { BadRequestError, HttpError, NotFoundError } from '../../shared/http/errors.js';
import { refusalError } from '../../shared/http/refusal-status.js';
import type { StaffClaims } from '../../shared/http/staff-claims.js';
import { mayReadDisclosureCase } from './access.js';
import type { DeskDeps } from './deps.js';

/** The shape of a case id, checked before DynamoDB is asked (as case-api does). */
const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const caseNotFound = () => new NotFoundError('not_found', '未找到该工单');
export const versionConflict = () => new HttpError(409, 'version_conflict', '工单已被他人更新，请刷新后重试');

export function checkCaseId(caseId: string): void {
  if (!CASE_ID.test(caseId)) throw new BadRequestError('invalid_case_id', 'caseId 不是有效的工单编号');
}

/** The case if this caller may see it; otherwise the same 404 as for a case that does not exist. */
export async function readableDisclosureCase(
  deps: Pick<DeskDeps, 'cases'>,
  caseId: string,
  staff: StaffClaims,
): Promise<Case> {
  checkCaseId(caseId);
  const kase = await deps.cases.getById(caseId);
  if (!kase || !mayReadDisclosureCase(staff, kase)) throw caseNotFound();
  if (kase.type !== 'disclosure' || !kase.disclosure) {
    throw refusalError({ code: 'not_a_disclosure_request', message: '该工单不是政府信息公开申请' });
  }
  return kase;
}
