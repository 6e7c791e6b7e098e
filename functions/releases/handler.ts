import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { ReleaseArchiveConflictError } from '../../shared/adapters/release-archive.js';
import {
  caseStore,
  directoryStore,
  disclosureBook,
  releaseArchive,
  releaseStore,
} from '../../shared/adapters/stores.js';
import { shanghaiDate } from '../../shared/domain/index.js';
import {
  applyReleaseAction,
  type CreateRelease,
  CreateReleaseSchema,
  checkReleaseAction,
  createRelease,
  encodeReleaseDocument,
  PeriodSchema,
  parseReleaseId,
  RELEASE_STATES,
  type Release,
  type ReleaseAction,
  type ReleaseActionContext,
  ReleaseActionSchema,
  releaseDocument,
  releaseObjectKey,
  typicalCaseOf,
} from '../../shared/domain/releases/index.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import { staffGuard, type WithStaff } from '../../shared/http/staff-guard.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';
import { bookReplies, bulletinOf, type DisclosureReplySource } from './bulletin.js';
import { bulletinCsv } from './bulletin-csv.js';
import { monthFigures } from './figures.js';
import { refusalError, releaseNotFound, versionConflict } from './refusals.js';
import { publicView, siblingsOf, staffView } from './views.js';

// 发布: the hotline's own releases (monthly figures, typical cases). Staff draft, submit, and a second
// person publishes; publishing freezes the document in the archive (Object Lock) and records its
// SHA-256 on the item, after which the release refuses every action. The public reads what was
// published; analysts and supervisors read the monthly 通报.

export const ROUTES = {
  list: 'GET /v1/releases',
  create: 'POST /v1/releases',
  bulletin: 'GET /v1/releases/bulletin',
  get: 'GET /v1/releases/{releaseId}',
  act: 'POST /v1/releases/{releaseId}/actions',
  publicList: 'GET /v1/public/releases',
  publicGet: 'GET /v1/public/releases/{releaseId}',
} as const;

type StaffEvent = APIGatewayProxyEventV2 & WithStaff;
type BodyEvent<T> = StaffEvent & WithJsonBody<T>;

const NO_STORE = { 'cache-control': 'no-store' };
/** A new publication shows within a minute; the frozen documents themselves never change. */
const PUBLIC_LIST_CACHE = { 'cache-control': 'public, max-age=60' };

/** The disclosure replies of a month for the 通报: the desk's book, unless a test sets its own. */
let disclosureReplies: DisclosureReplySource | undefined;

/** Tests set the source of disclosure replies; `undefined` goes back to the desk's book. */
export function useDisclosureReplies(source: DisclosureReplySource | undefined): void {
  disclosureReplies = source;
}

/** The request's own time: the clock every decision here reads. */
function nowOf(event: APIGatewayProxyEventV2): Date {
  return new Date(event.requestContext?.timeEpoch ?? Date.now());
}

function releaseIdOf(event: APIGatewayProxyEventV2): string {
  const releaseId = event.pathParameters?.releaseId ?? '';
  // An id that cannot be one is as unknown as one that is not there: no read.
  if (!parseReleaseId(releaseId)) throw releaseNotFound();
  return releaseId;
}

const ListQuerySchema = z.object({
  period: z.optional(PeriodSchema),
  state: z.optional(z.enum(RELEASE_STATES)),
});

function query<T>(schema: z.ZodMiniType<T>, event: APIGatewayProxyEventV2): T {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) {
    throw new BadRequestError('invalid_query', parsed.error.issues[0]?.message ?? '查询参数不正确');
  }
  return parsed.data;
}

async function list(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const { period, state } = query(ListQuerySchema, event);
  const today = shanghaiDate(nowOf(event));
  const all = await releaseStore().list(period ?? '', true);
  const siblings = siblingsOf(all);
  const items = all
    .filter((r) => state === undefined || r.state === state)
    .map((r) => staffView(r, siblings(r), today));
  return json(200, { items }, NO_STORE);
}

async function getOne(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const release = await releaseStore().get(releaseIdOf(event));
  if (!release) throw releaseNotFound();
  const siblings = await releaseStore().siblings(release.period, release.kind);
  return json(200, { release: staffView(release, siblings, shanghaiDate(nowOf(event))) }, NO_STORE);
}

async function create(event: BodyEvent<CreateRelease>): Promise<APIGatewayProxyStructuredResultV2> {
  const input = event.parsedBody;
  const store = releaseStore();
  const [existing, calendar] = await Promise.all([
    store.siblings(input.period, input.kind),
    directoryStore().loadCalendar(),
  ]);
  const result = createRelease(input, {
    existing,
    calendar,
    actor: event.staff.sub,
    at: nowOf(event).toISOString(),
  });
  if (!result.ok) throw refusalError(result.refusal);
  // Two creations at once take the same number: the second finds the id taken.
  if ((await store.create(result.release)) === 'conflict') throw versionConflict();
  return json(
    201,
    { release: staffView(result.release, [...existing, result.release], shanghaiDate(nowOf(event))) },
    NO_STORE,
  );
}

/** What an action needs besides the release: read only for the actions that need it. */
async function contextOf(
  release: Release,
  action: ReleaseAction,
  event: StaffEvent,
): Promise<ReleaseActionContext> {
  const base = { actor: { id: event.staff.sub, role: event.staff.role }, at: nowOf(event).toISOString() };
  if (action.action === 'add_case') {
    const [kase, dir] = await Promise.all([caseStore().getById(action.caseId), directoryStore().load()]);
    // A merged case's link or a missing one: the same 404, nothing said about which.
    if (!kase) throw new HttpError(404, 'case_not_found', '没有该工单');
    const chosen = typicalCaseOf(kase, action.summary, {
      categoryName: dir.categories.get(kase.category)?.name ?? kase.category,
      districtName: dir.districts.get(kase.district)?.name ?? kase.district,
    });
    if (!chosen.ok) throw refusalError(chosen.refusal);
    return { ...base, chosen: { caseId: kase.caseId, entry: chosen.entry } };
  }
  if (action.action === 'submit' && release.kind === 'monthly_figures') {
    return { ...base, figures: await monthFigures(release.period) };
  }
  if (action.action === 'publish') {
    // The document is frozen before the item says so: an item never points at a missing object.
    // A publish whose item write then fails leaves the same bytes to be found by the retry.
    const key = releaseObjectKey(release.releaseId);
    try {
      const frozen = await releaseArchive().freeze(key, encodeReleaseDocument(releaseDocument(release)));
      return { ...base, frozen };
    } catch (error) {
      // Only after a publish whose item write failed, then a rejection and other content: the
      // stored document stands (it cannot be replaced), and the release cannot be published as it is.
      if (!(error instanceof ReleaseArchiveConflictError)) throw error;
      logger.error('a release document is already archived with other bytes', { key });
      throw new HttpError(
        409,
        'archive_conflict',
        '该发布的存档文件已存在且内容不同，不能发布；请新建更正发布',
        {
          cause: error,
        },
      );
    }
  }
  return base;
}

async function act(event: BodyEvent<ReleaseAction>): Promise<APIGatewayProxyStructuredResultV2> {
  const action = event.parsedBody;
  const store = releaseStore();
  const release = await store.get(releaseIdOf(event));
  if (!release) throw releaseNotFound();
  // Checked before anything is read or written for the action (a refused publish stores nothing).
  const refusal = checkReleaseAction(release, action, {
    actor: { id: event.staff.sub, role: event.staff.role },
  });
  if (refusal) throw refusalError(refusal);
  if (release.version !== action.expectedVersion) throw versionConflict();
  const result = applyReleaseAction(release, action, await contextOf(release, action, event));
  if (!result.ok) throw refusalError(result.refusal);
  const written = await store.update(result.release, { version: release.version, state: release.state });
  if (written === 'conflict') throw versionConflict();
  const siblings = await store.siblings(release.period, release.kind);
  const current = siblings.map((r) => (r.releaseId === release.releaseId ? result.release : r));
  return json(200, { release: staffView(result.release, current, shanghaiDate(nowOf(event))) }, NO_STORE);
}

const BulletinQuerySchema = z.object({
  month: PeriodSchema,
  format: z.optional(z.enum(['json', 'csv'])),
});

async function bulletin(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const { month, format } = query(BulletinQuerySchema, event);
  const dir = await directoryStore().load();
  const result = await bulletinOf(month, shanghaiDate(nowOf(event)), {
    replies: disclosureReplies ?? bookReplies(disclosureBook()),
    releasesOf: (period) => releaseStore().list(period),
    departmentName: (id) => dir.departments.get(id)?.name,
  });
  if (format === 'csv') {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="bulletin-${month}.csv"`,
        ...NO_STORE,
      },
      body: bulletinCsv(result),
    };
  }
  return json(200, result, NO_STORE);
}

async function publicList(): Promise<APIGatewayProxyStructuredResultV2> {
  const all = await releaseStore().list('', true);
  const siblings = siblingsOf(all);
  const items = all.flatMap((r) => publicView(r, siblings(r)) ?? []);
  return json(200, { items }, PUBLIC_LIST_CACHE);
}

/** Frozen documents by key: they never change, so a warm instance keeps what it has read. */
const documents = new Map<string, unknown>();
const MAX_DOCUMENTS = 64;

async function frozenDocument(key: string): Promise<unknown> {
  const cached = documents.get(key);
  if (cached) return cached;
  const bytes = await releaseArchive().read(key);
  if (!bytes) throw new Error(`the frozen document ${key} is missing from the archive`);
  const document: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value as string);
  documents.set(key, document);
  return document;
}

async function publicGet(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const releaseId = releaseIdOf(event);
  const release = await releaseStore().get(releaseId);
  const view = release
    ? publicView(release, await releaseStore().siblings(release.period, release.kind))
    : undefined;
  // A draft is as unknown to the public as an id that does not exist.
  if (!view) throw releaseNotFound();
  // The document as stored in the archive, not the item's copy: what the hash was taken of.
  return json(200, { release: view, document: await frozenDocument(view.key) }, PUBLIC_LIST_CACHE);
}

const STAFF_READ = ['analyst', 'supervisor', 'admin'] as const;

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(
    when(
      [ROUTES.list, ROUTES.get],
      staffGuard({ roles: STAFF_READ, forbiddenMessage: '仅督办、数据分析和管理人员可查看发布' }),
    ),
  )
  .use(
    when(
      ROUTES.bulletin,
      staffGuard({ roles: ['analyst', 'supervisor'], forbiddenMessage: '仅督办和数据分析人员可查看通报' }),
    ),
  )
  .use(when(ROUTES.create, staffGuard({ roles: ['supervisor'], forbiddenMessage: '仅督办人员可以新建发布' })))
  // Which action a role may take is the core's rule (RELEASE_ACTION_RULES): 403 forbidden from there.
  .use(
    when(
      ROUTES.act,
      staffGuard({ roles: ['supervisor', 'analyst'], forbiddenMessage: '仅督办和数据分析人员可以办理发布' }),
    ),
  )
  .use(when(ROUTES.create, jsonBody({ schema: CreateReleaseSchema })))
  .use(when(ROUTES.act, jsonBody({ schema: ReleaseActionSchema })))
  .handler(
    routeTable<StaffEvent>({
      [ROUTES.list]: list,
      [ROUTES.get]: getOne,
      [ROUTES.create]: (event) => create(event as BodyEvent<CreateRelease>),
      [ROUTES.act]: (event) => act(event as BodyEvent<ReleaseAction>),
      [ROUTES.bulletin]: bulletin,
      [ROUTES.publicList]: publicList,
      [ROUTES.publicGet]: publicGet,
    }),
  );
