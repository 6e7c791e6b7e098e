// 审核 and 答复: the reviewer approves the draft; the desk draws the 文号, renders the 答复书, stores
// it in the archive, then applies `approve_reply` with the letter (the core closes the case).
import * as z from 'zod/mini';
import { CaseTooLargeError } from '../../shared/adapters/case-store.js';
import { UnsupportedCharactersError } from '../../shared/adapters/reply-letter-pdf.js';
import { updateCase } from '../../shared/adapters/update-case.js';
import type { ReplyLetterRecord } from '../../shared/domain/disclosure/case-fields.js';
import { ReplyLetterInputError } from '../../shared/domain/disclosure/errors.js';
import { letterInputOf, letterNoText } from '../../shared/domain/disclosure/letter-input.js';
import { replyLetter } from '../../shared/domain/disclosure/reply-letter.js';
import { applyAction, type Case, type LifecycleAction, shanghaiDate } from '../../shared/domain/index.js';
import { HttpError } from '../../shared/http/errors.js';
import { refusalError } from '../../shared/http/refusal-status.js';
import type { StaffClaims } from '../../shared/http/staff-claims.js';
import { actorOf } from '../case-api/access.js';
import type { DeskDeps } from './deps.js';
import { readableDisclosureCase, versionConflict } from './read.js';

/** As the lifecycle's approve_reply keeps them. */
const NAME_MAX = 50;
const NOTE_MAX = 500;

/** The body of POST /v1/disclosure/cases/{caseId}/approve. */
export const ApproveRequestSchema = z.strictObject({
  /** The case's `version` the reviewer read: another write since is theirs to look at first. */
  expectedVersion: z
    .int({ error: 'expectedVersion 须为工单的版本号（整数）' })
    .check(z.nonnegative({ error: 'expectedVersion 须为工单的版本号（整数）' })),
  /** 保密审查 (第十七条): the reviewer confirms it was done; anything but true is refused. */
  confidentialityReviewed: z.literal(true, {
    error: '须完成保密审查（confidentialityReviewed 为 true）后方可审核通过',
  }),
  reviewerName: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: '请填写审核人姓名' }),
      z.maxLength(NAME_MAX, { error: `审核人姓名不超过 ${NAME_MAX} 个字` }),
    ),
  note: z.optional(
    z.string().check(z.trim(), z.maxLength(NOTE_MAX, { error: `备注不超过 ${NOTE_MAX} 个字` })),
  ),
  /**
   * Characters the letter's font lacks (a rare character of a name) are refused (422
   * `unsupported_characters`) unless the reviewer asks to print 〓 in their place and write them in by hand.
   */
  substituteMissing: z.optional(z.boolean({ error: 'substituteMissing 须为 true 或 false' })),
});
export type ApproveRequest = z.infer<typeof ApproveRequestSchema>;

/**
 * The checks the core repeats at the write, made here first because they are cheap and the letter
 * is not: no draft (or a returned one), the drafter approving their own draft (two-person rule), a stale version.
 */
function checkBeforeRendering(kase: Case, staff: StaffClaims, body: ApproveRequest): void {
  const draft = kase.disclosure?.draft;
  if (!draft) throw refusalError({ code: 'no_draft', message: '该申请尚无待审核的答复草稿' });
  if (draft.returnedAt) throw refusalError({ code: 'no_draft', message: '答复稿已退回修改' });
  if (draft.drafterId === staff.sub) {
    throw refusalError({ code: 'self_approval', message: '拟稿人不能审核自己起草的答复（双人审核）' });
  }
  if (body.expectedVersion !== kase.version) throw versionConflict();
}

/** What the trial decision carries in place of the letter not yet rendered. */
function standInLetter(now: Date): ReplyLetterRecord {
  return {
    letterNo: '〔0000〕第0000号',
    repliedOn: shanghaiDate(now),
    key: 'letters/stand-in.pdf',
    sha256: '0'.repeat(64),
    pages: 1,
    bytes: 1,
  };
}

/** The body (答复机关) the letter is signed by: the case's department as the directory names it. */
async function bodyNameOf(deps: DeskDeps, kase: Case): Promise<{ id: string; name: string }> {
  const id = kase.departmentId ?? kase.disclosure?.request.departmentId ?? '';
  const department = (await deps.directory()).departments.get(id);
  if (!department) {
    throw new HttpError(422, 'unknown_department', '答复机关不在单位目录中，无法生成答复书');
  }
  return { id, name: department.name };
}

/**
 * Renders and stores the 答复书 for the case's draft; returns the record the case keeps. Stored before
 * the case is written: a write that then loses leaves the PDF (evidence; a retry of the same draft
 * the same day renders the same bytes, so the same key — a later day dates the letter anew).
 */
async function storeLetter(
  deps: DeskDeps,
  kase: Case,
  body: ApproveRequest,
  now: Date,
): Promise<ReplyLetterRecord> {
  const draft = kase.disclosure?.draft;
  if (!draft) throw refusalError({ code: 'no_draft', message: '该申请尚无待审核的答复草稿' });
  const repliedOn = shanghaiDate(now);
  const year = Number(repliedOn.slice(0, 4));
  const department = await bodyNameOf(deps, kase);
  const settings = deps.letterSettings();
  const n = await deps.numbers.allocate({
    departmentId: department.id,
    year,
    caseId: kase.caseId,
    revision: draft.revision,
  });
  const letterNo = letterNoText(settings.letterPrefix, year, n);
  const input = letterInputOf(kase, {
    bodyName: department.name,
    letterNo,
    repliedOn,
    remedy: { reconsiderationBody: settings.reconsiderationBody, court: settings.court },
  });
  if (!input) throw refusalError({ code: 'no_draft', message: '该申请尚无待审核的答复草稿' });
  try {
    const rendered = await deps.render(replyLetter(input), {
      substituteMissing: body.substituteMissing === true,
    });
    const key = await deps.letters.put(kase.caseId, rendered.bytes, rendered.sha256);
    if (rendered.substituted.length > 0) {
      deps.logger.warn('reply letter printed with substituted characters', {
        caseId: kase.caseId,
        count: rendered.substituted.length,
      });
    }
    return {
      letterNo,
      repliedOn,
      key,
      sha256: rendered.sha256,
      pages: rendered.pages,
      bytes: rendered.bytes.length,
    };
  } catch (error) {
    if (error instanceof UnsupportedCharactersError || error instanceof ReplyLetterInputError) {
      throw new HttpError(422, error.code, error.message, {
        cause: error,
        ...(error instanceof UnsupportedCharactersError ? { details: { characters: error.characters } } : {}),
      });
    }
    throw error;
  }
}

/**
 * 审核通过: the whole step, for the reviewer `staff`. The case as written is returned.
 *
 * @example
 * const kase = await approveReply(deps, { caseId, staff, body: { expectedVersion: 7, confidentialityReviewed: true, reviewerName: '李审核' } });
 */
export async function approveReply(
  deps: DeskDeps,
  request: { caseId: string; staff: StaffClaims; body: ApproveRequest },
): Promise<Case> {
  const { staff, body } = request;
  const kase = await readableDisclosureCase(deps, request.caseId, staff);
  checkBeforeRendering(kase, staff, body);
  const now = deps.now();
  const action: LifecycleAction = {
    action: 'approve_reply',
    confidentialityReviewed: body.confidentialityReviewed,
    reviewerName: body.reviewerName,
    ...(body.note ? { note: body.note } : {}),
  };
  const actor = actorOf(staff);
  const calendar = await deps.calendar();
  // Every other refusal of the core (not registered, the clock paused, a status that takes no
  // reply) before a 文号 is drawn and a letter stored: the core decides on the case as read, with a
  // stand-in letter, and the outcome is thrown away.
  const trial = applyAction(kase, action, actor, { now, calendar, letter: standInLetter(now) });
  if (!trial.ok) throw refusalError(trial.refusal);
  const letter = await storeLetter(deps, kase, body, now);
  const ctx = { now, calendar, letter };
  const written = await updateCase(
    deps.cases,
    kase,
    (current) => applyAction(current, action, actor, ctx),
    // The reviewer approved the version they read: another write in between is theirs to look at.
    { attempts: 1 },
  ).catch((error: unknown) => {
    if (error instanceof CaseTooLargeError) {
      throw new HttpError(422, 'case_too_large', '工单记录已达上限，不能再追加操作；请联系督办人员处理', {
        cause: error,
      });
    }
    throw error;
  });
  if (written.outcome === 'refused') throw refusalError(written.refusal);
  if (written.outcome !== 'updated') {
    deps.logger.info('reply letter stored, case write lost the race', {
      caseId: kase.caseId,
      key: letter.key,
    });
    throw versionConflict();
  }
  deps.logger.info('reply approved', {
    caseId: kase.caseId,
    letterNo: letter.letterNo,
    sha256: letter.sha256,
  });
  return written.case;
}
