// The console's look-ups around a case (工作台): search by tracking number or phone, open cases
// nearby, the catalogue's dispatch suggestions, and a department's co-handled cases (协办).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  DISPATCH_QUEUE_KEY,
  departmentQueueKey,
  supervisorQueueKey,
} from '../../shared/adapters/case-item.js';
import { contactHashKey } from '../../shared/adapters/secrets.js';
import { caseStore, directoryStore } from '../../shared/adapters/stores.js';
import { CallerNumberSchema } from '../../shared/domain/call-record.js';
import {
  buildDirectory,
  type Case,
  caseSummaryOf,
  hashPhone,
  normaliseTrackingNo,
  routingSuggestions,
  UNFINISHED_STATUSES,
} from '../../shared/domain/index.js';
import { BadRequestError } from '../../shared/http/errors.js';
import { json } from '../../shared/http/responses.js';
import type { WithStaff } from '../../shared/http/staff-guard.js';
import { mayReadCase } from './access.js';
import { summaryClock } from './summary-clock.js';

type StaffEvent = APIGatewayProxyEventV2 & WithStaff;

/** Personal case data: never kept by a shared cache (the ETag middleware revalidates instead). */
const NO_STORE = { 'cache-control': 'no-store' };

/** A caller's cases shown in a search: the latest ones (a caller with more is a case for a supervisor). */
export const SEARCH_LIMIT = 20;
/** 附近 at most this many, newest first. */
export const NEARBY_LIMIT = 20;
/** Items one look-up reads from one work queue at most (see `listOpenAcross`). */
const SCANNED_PER_QUEUE = 200;

/** Codes of the directory: what `DistrictSchema`/`CategorySchema` allow, checked before any read. */
const CODE = /^[a-z0-9-]{2,40}$/;

function query(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const value = event.queryStringParameters?.[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * 查询: by tracking number (the citizen reads it out) or by phone (the keyed caller hash the case
 * carries, normalised like a CTI's caller number, so `+86 138-1234-5678` finds `13812345678`).
 * Exactly one of the two. A department sees its own and co-handled cases only; others are left out
 * without a word, as if they did not exist.
 */
export async function searchCases(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const trackingNo = query(event, 'trackingNo');
  const phone = query(event, 'phone');
  if ((trackingNo === undefined) === (phone === undefined)) {
    throw new BadRequestError('invalid_search', '请提供 trackingNo 或 phone 之一');
  }
  let found: Case[];
  if (trackingNo !== undefined) {
    const canonical = normaliseTrackingNo(trackingNo);
    if (!canonical) throw new BadRequestError('invalid_tracking_no', '工单号格式有误，应如 261122-K7M3-9XQ2');
    const kase = await caseStore().getByTrackingNo(canonical);
    found = kase ? [kase] : [];
  } else {
    const parsed = CallerNumberSchema.safeParse(phone);
    if (!parsed.success) throw new BadRequestError('invalid_phone', '电话号码须为 7–15 位数字（可带 +86）');
    const key = `CALLER#${hashPhone(parsed.data, await contactHashKey())}`;
    found = await caseStore().latestByCaller(key, SEARCH_LIMIT);
  }
  const clock = await summaryClock();
  const items = found
    .filter((kase) => mayReadCase(event.staff, kase))
    .map((kase) => caseSummaryOf(kase, clock));
  return json(200, { items }, NO_STORE);
}

/**
 * Every work queue an open case can be in: each department's, the dispatchers' (待派单) and the
 * supervisors' dissatisfied queue. Listed from the directory, so a department added a minute ago
 * is included once the cached copy refreshes.
 */
async function openQueues(): Promise<string[]> {
  const directory = await directoryStore().load();
  return [
    ...[...directory.departments.keys()].map(departmentQueueKey),
    DISPATCH_QUEUE_KEY,
    supervisorQueueKey('dissatisfied'),
  ];
}

/**
 * 附近工单: unfinished cases in the district (and category, if given), newest first, at most 20,
 * for an agent to spot that the caller reports what others already did. No index holds cases by
 * district, so this is a filtered Query of each work queue (bounded: `SCANNED_PER_QUEUE` items per
 * queue, `partial: true` when a queue was longer), never a scan of the table.
 */
export async function nearbyCases(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const district = query(event, 'district');
  const category = query(event, 'category');
  if (district === undefined || !CODE.test(district)) {
    throw new BadRequestError('invalid_district', 'district 须为区县代码（小写字母、数字和 -）');
  }
  if (category !== undefined && !CODE.test(category)) {
    throw new BadRequestError('invalid_category', 'category 须为类别代码（小写字母、数字和 -）');
  }
  const { items, partial } = await caseStore().listOpenAcross(
    await openQueues(),
    {
      expression: `district = :district${category ? ' AND category = :category' : ''}`,
      values: { ':district': district, ...(category ? { ':category': category } : {}) },
    },
    { limit: NEARBY_LIMIT, scannedPerQueue: SCANNED_PER_QUEUE, order: 'newest' },
  );
  const open = items.filter(
    (kase) => UNFINISHED_STATUSES.includes(kase.status) || kase.status === 'dissatisfied',
  );
  const clock = await summaryClock();
  const rows = open.map((kase) => caseSummaryOf(kase, clock));
  return json(200, { items: rows, ...(partial ? { partial } : {}) }, NO_STORE);
}

/**
 * 派单建议 for the case's category × district, from the catalogue as stored now (a rule added a
 * moment ago is offered), with department names for the dispatcher.
 */
export async function caseRouting(kase: Case): Promise<APIGatewayProxyStructuredResultV2> {
  const listing = await directoryStore().list();
  const suggestions = routingSuggestions(
    buildDirectory(listing),
    listing.rules,
    kase.category,
    kase.district,
  );
  return json(
    200,
    { caseId: kase.caseId, category: kase.category, district: kase.district, suggestions },
    NO_STORE,
  );
}
