// 来信来访: a request the disclosure office received by letter, at the counter or by fax, as staff
// enter it. The arrival is the applicant's own way in (第三十一条), not this entry's time.

import { disclosureAppeal, intakeRefusal } from '../../shared/domain/disclosure/intake.js';
import type { ArrivalWay } from '../../shared/domain/disclosure/receipt-date.js';
import {
  type DisclosureRequest,
  parseDisclosureRequest,
  type RequestProblem,
} from '../../shared/domain/disclosure/request.js';
import type { Appeal, Directory } from '../../shared/domain/index.js';
import { deriveCaseId, deriveTrackingNo } from '../../shared/domain/index.js';
import { HttpError } from '../../shared/http/errors.js';

/**
 * The ways a request reaches the office itself (第三十一条第（一）（二）（三）项: 当面, 邮寄, 平常信函, 传真).
 * `online` and `phone` come through their channels (the web form, the hotline), which date them by
 * their own confirmation; entering one here would let a date be typed in that no system confirmed.
 */
export const OFFICE_ARRIVAL_WAYS: readonly ArrivalWay[] = ['in_person', 'post', 'ordinary_post', 'fax'];

function refused(problems: readonly RequestProblem[]): HttpError {
  return new HttpError(422, 'invalid_request', '申请内容有误，请按提示修改', { problems });
}

/**
 * The entered request, validated: every problem named (422 `invalid_request` with `problems`), an
 * arrival by the Internet or the hotline refused (`arrival_not_office`), a body the directory does
 * not hold or a request without a phone refused as at the web form.
 */
export function checkedOfficeRequest(body: unknown, directory: Directory): DisclosureRequest {
  const parsed = parseDisclosureRequest(body);
  const way = (body as { arrival?: { way?: unknown } } | null)?.arrival?.way;
  const wrongWay: RequestProblem[] =
    typeof way === 'string' && !OFFICE_ARRIVAL_WAYS.includes(way as ArrivalWay)
      ? [
          {
            path: 'arrival.way',
            code: 'arrival_not_office',
            message:
              '网上提交和电话提出的申请由网站表单和热线受理并自动确认收到日期，此处只登记当面、邮寄、平常信函和传真提交的申请',
          },
        ]
      : [];
  if (!parsed.ok) throw refused([...wrongWay, ...parsed.refusal.problems]);
  if (wrongWay.length > 0) throw refused(wrongWay);
  const refusal = intakeRefusal(parsed.request, directory, { channelContact: false });
  if (refusal) throw refused(refusal.problems);
  return parsed.request;
}

/**
 * The staff entry's appeal: channel `office`, the case id from the Idempotency-Key and the body's
 * hash (`caseKey`), received when the entry was first made (its tracking number's date).
 */
export function officeAppeal(
  request: DisclosureRequest,
  context: {
    caseKey: string;
    idempotencyKey: string;
    receivedAt: Date;
    directory: Directory;
    contactHashKey: string;
    identityHashKey: string;
  },
): Appeal {
  const caseId = deriveCaseId('office', context.caseKey);
  return disclosureAppeal(request, {
    caseId,
    trackingNo: deriveTrackingNo(caseId, context.receivedAt),
    channel: 'office',
    sourceId: context.idempotencyKey,
    receivedAt: context.receivedAt.toISOString(),
    contactHashKey: context.contactHashKey,
    identityHashKey: context.identityHashKey,
    directory: context.directory,
  });
}
