import type { AppealQueue } from '../../shared/adapters/appeal-queue.js';
import type { CallReader } from '../../shared/adapters/call-store.js';
import type { CallbackStore } from '../../shared/adapters/callback-store.js';
import type { PhoneVault } from '../../shared/adapters/phone-vault.js';
import type { MarkOutcome, RequestMark } from '../../shared/adapters/request-marks.js';
import type { CallbackPolicy } from '../../shared/domain/callbacks/index.js';
import type { Case, Directory } from '../../shared/domain/index.js';

/** The ports of the callback desk: a unit test passes fakes of each and nothing else. */
export interface CallbackDeskDeps {
  readonly callbacks: Pick<CallbackStore, 'get' | 'update' | 'listOpen'>;
  /** Opens the caller's sealed number for the agent who took the task, and only then. */
  readonly vault: Pick<PhoneVault, 'open'>;
  /** The first missed call's record: the appeal entered on a reached callback is that call's. */
  readonly calls: Pick<CallReader, 'get'>;
  readonly cases: { getById(caseId: string): Promise<Case | undefined> };
  readonly queue: AppealQueue;
  readonly marks: { markOnce(mark: RequestMark, now: Date): Promise<MarkOutcome> };
  readonly directory: () => Promise<Directory>;
  /** Each merged line's name by its code (热线线路). */
  readonly lineNames: () => Promise<ReadonlyMap<string, string>>;
  readonly contactHashKey: () => Promise<string>;
  /** 依申请公开 typed on a callback: the identity hash key (asked for only when a request is typed). */
  readonly identityHashKey?: () => Promise<string>;
  /** The deployment's CALLBACK_* policy. */
  readonly policy: () => CallbackPolicy;
  readonly now: () => Date;
}

/** Who works a task, as its history and attempts name people: `agent:<sub>` (or `supervisor:<sub>`). */
export function workerOf(staff: { readonly role: string; readonly sub: string }): string {
  return `${staff.role}:${staff.sub}`;
}
