// 政府信息公开申请 through the web form (《政府信息公开条例》第二十九条, 第三十一条第（三）项): the request
// as the citizen typed it, dated by the system's acknowledgement, made into the disclosure appeal.

import { disclosureAppeal, intakeRefusal } from '../../shared/domain/disclosure/intake.js';
import {
  type DisclosureRequest,
  parseDisclosureRequest,
  type RequestRefusal,
} from '../../shared/domain/disclosure/request.js';
import type { Appeal, ContactVerification, Directory } from '../../shared/domain/index.js';
import { deriveCaseId, deriveTrackingNo } from '../../shared/domain/index.js';
import { HttpError } from '../../shared/http/errors.js';
import type { DisclosureSubmission } from './webform.js';

/** A submission of type `disclosure` without the request: the 条例 needs who applies (第二十九条). */
export function requestRequired(): HttpError {
  return new HttpError(
    422,
    'disclosure_request_required',
    '政府信息公开申请须写明申请人身份、联系方式和所需信息（《政府信息公开条例》第二十九条），' +
      '请使用本页的“政府信息公开申请”表单提交',
  );
}

/** A request that does not validate: every problem named, nothing written. */
export function requestRefused(refusal: RequestRefusal): HttpError {
  return new HttpError(422, refusal.code, refusal.message, { problems: refusal.problems });
}

/**
 * The submission's request, validated, with the channel's own arrival: `online`, confirmed when the
 * system answers with the tracking number (第三十一条第（三）项 "以双方确认之日为收到申请之日"), never
 * an arrival the citizen sent. Throws 422 `disclosure_request_required` without a request, 422
 * `invalid_request` with the problems of one that does not validate, names a body the directory
 * does not hold, or gives no phone (the status lookup proves it).
 */
export function checkedRequest(
  submission: DisclosureSubmission,
  receivedAt: Date,
  directory: Directory,
): DisclosureRequest {
  const input = submission.disclosureRequest;
  if (!input) throw requestRequired();
  const { arrival: _ignored, ...rest } = input;
  const parsed = parseDisclosureRequest({
    ...rest,
    arrival: { way: 'online', confirmedAt: receivedAt.toISOString() },
  });
  if (!parsed.ok) throw requestRefused(parsed.refusal);
  const refusal = intakeRefusal(parsed.request, directory, { channelContact: false });
  if (refusal) throw requestRefused(refusal);
  return parsed.request;
}

/** The web form's disclosure appeal: the case id as for any keyed submission, the contact's proof the handler's. */
export function webformDisclosureAppeal(
  request: DisclosureRequest,
  context: {
    caseKey: string;
    sourceId: string;
    receivedAt: Date;
    directory: Directory;
    contactHashKey: string;
    identityHashKey: string;
    verifiedBy?: ContactVerification;
  },
): Appeal {
  const caseId = deriveCaseId('webform', context.caseKey);
  const appeal = disclosureAppeal(request, {
    caseId,
    trackingNo: deriveTrackingNo(caseId, context.receivedAt),
    channel: 'webform',
    sourceId: context.sourceId,
    receivedAt: context.receivedAt.toISOString(),
    contactHashKey: context.contactHashKey,
    identityHashKey: context.identityHashKey,
    directory: context.directory,
  });
  return context.verifiedBy
    ? { ...appeal, contact: { ...appeal.contact, verifiedBy: context.verifiedBy } }
    : appeal;
}
