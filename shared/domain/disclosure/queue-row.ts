// One row of the disclosure desk's lists (GET /v1/disclosure/cases?queue=review|open): built by the
// desk (functions/disclosure-desk/queues.ts) and read by the console, one type for both. Types only,
// so the console's bundle takes nothing from it.
import type { CaseStatus } from '../case.js';
import type { StaffName } from './case-fields.js';

/**
 * What a reviewer or handler picks a request by. Never an identity number: the applicant's name and
 * their document's last four only (`****1234`).
 */
export interface DisclosureRow {
  readonly caseId: string;
  readonly trackingNo: string;
  readonly status: CaseStatus;
  readonly version: number;
  readonly departmentId?: string;
  readonly applicant: { readonly name: string; readonly identity: string };
  readonly receivedOn: string;
  readonly dueAt: string;
  readonly paused?: true;
  readonly draft?: {
    readonly revision: number;
    readonly drafterId: string;
    readonly drafterName: string;
    readonly draftedAt: string;
    /** 审核退回: when the reviewer sent this revision back (the handler's open list shows it). */
    readonly returnedAt?: string;
  };
  readonly responsible?: StaffName;
}
