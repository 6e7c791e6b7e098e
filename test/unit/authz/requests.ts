// One request per staff route, shaped so that a caller the route lets through reaches the handler's
// own answer (an empty mocked table gives some of them a 404 or a 422 of their own, which the matrix
// names exactly). Every request is about data owned by `owner`: the "own" department of the matrix.
import { citizenRequest } from '../domain/disclosure/fixtures.js';
import { callRecord } from '../fixtures/hotline.js';
import {
  CALL_AGENT,
  DISCLOSURE_CASE,
  DISCLOSURE_OWNER,
  HELP_CASE,
  HELP_OWNER,
  STORED_CALL,
} from './world.js';

export interface AuthzRequest {
  /**
   * The department whose data the request is about; "other" is any other department. (An agent's
   * own and other are also the 工号 that answered the stored call, and another.)
   */
  readonly owner: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** The department of the matrix's "other" rows: a real department of the test directory. */
export const OTHER_DEPARTMENT = 'city-urban';

/** The 工号 of an agent's "other" rows: not the agent who answered the stored call. */
export const OTHER_AGENT = 'a-099';

const help = { owner: HELP_OWNER, pathParameters: { caseId: HELP_CASE.caseId } };
const disclosure = { owner: DISCLOSURE_OWNER, pathParameters: { caseId: DISCLOSURE_CASE.caseId } };
const owner = HELP_OWNER;
const callId = String(STORED_CALL.callId);
const TASK_ID = `${'a'.repeat(24)}-1`;

export const REQUESTS: Readonly<Record<string, AuthzRequest>> = {
  'GET /v1/staff/directory': { owner },
  'GET /v1/departments/{id}/cases': { owner, pathParameters: { id: owner } },
  'GET /v1/cases/by-id/{caseId}': help,
  'POST /v1/cases/by-id/{caseId}/actions': { ...help, body: { action: 'acknowledge' } },
  'GET /v1/supervision/cases': { owner, query: { queue: 'dissatisfied' } },
  'GET /v1/dispatch/cases': { owner },
  'GET /v1/cases/search': { owner, query: { trackingNo: HELP_CASE.trackingNo } },
  'GET /v1/cases/nearby': { owner, query: { district: 'gulou' } },
  'GET /v1/cases/by-id/{caseId}/routing': help,
  'POST /v1/disclosure/cases/{caseId}/approve': {
    ...disclosure,
    // A version the case is not at: refused (409) before the letter is drawn, which takes a second
    // per PDF; the approval itself is the disclosure desk's own tests'.
    body: {
      expectedVersion: DISCLOSURE_CASE.version + 1,
      confidentialityReviewed: true,
      reviewerName: '审核人',
    },
  },
  'GET /v1/disclosure/cases/{caseId}/letter': disclosure,
  'GET /v1/disclosure/cases': { owner: DISCLOSURE_OWNER, query: { queue: 'review' } },
  'GET /v1/disclosure/annual-report': { owner, query: { year: '2025' } },
  'GET /v1/agent/calls': { owner, query: { agentId: CALL_AGENT } },
  'GET /v1/calls/{callId}': { owner, pathParameters: { callId } },
  // The appeal the agent types for the call, with the caller's number to call back on.
  'POST /v1/calls/{callId}/appeal': {
    owner,
    pathParameters: { callId },
    body: { ...(callRecord().appeal as Record<string, unknown>), callbackPhone: '13912345678' },
  },
  'POST /v1/classify': { owner, body: { text: '小区停水三天了' } },
  'POST /v1/disclosure/requests': {
    owner: DISCLOSURE_OWNER,
    headers: { 'idempotency-key': 'authz-matrix-1' },
    // A letter to the disclosure case's body, signed for the Friday before the matrix's clock.
    body: citizenRequest({
      departmentId: DISCLOSURE_OWNER,
      arrival: { way: 'post', signedForAt: '2026-11-20T02:00:00Z', postmarkedOn: '2026-11-18' },
    }),
  },
  'GET /v1/follow-up/calls': { owner },
  'POST /v1/follow-up/calls/{caseId}/take': help,
  'GET /v1/callbacks': { owner },
  'POST /v1/callbacks/{taskId}/take': { owner, pathParameters: { taskId: TASK_ID } },
  'POST /v1/callbacks/{taskId}/attempts': {
    owner,
    pathParameters: { taskId: TASK_ID },
    body: { outcome: 'no_answer' },
  },
  'GET /v1/admin/directory': { owner },
  // The catalogue's writes, as docs/staff-api.md shows them: each a new entry (201).
  'PUT /v1/admin/directory/departments/{id}': {
    owner,
    pathParameters: { id: 'gulou-water' },
    body: { id: 'gulou-water', name: '鼓楼区水务站', district: 'gulou' },
  },
  'PUT /v1/admin/directory/categories/{code}': {
    owner,
    pathParameters: { code: 'heating' },
    body: { code: 'heating', name: '供暖', defaultType: 'help', keywords: ['暖气', '供暖'] },
  },
  'PUT /v1/admin/directory/districts/{code}': {
    owner,
    pathParameters: { code: 'cangshan' },
    body: { code: 'cangshan', name: '仓山区' },
  },
  'PUT /v1/admin/directory/rules/{ruleId}': {
    owner,
    pathParameters: { ruleId: 'other-gulou' },
    body: {
      ruleId: 'other-gulou',
      category: 'other',
      district: 'gulou',
      departmentId: owner,
      coHandlers: [],
      priority: 1,
    },
  },
  'DELETE /v1/admin/directory/rules/{ruleId}': { owner, pathParameters: { ruleId: 'rule-1' } },
  'PUT /v1/admin/directory/lines/{code}': {
    owner,
    pathParameters: { code: '12358' },
    body: { code: '12358', name: '价格举报热线', formerDepartmentId: owner, answerRateTarget: 0.98 },
  },
  'DELETE /v1/admin/directory/lines/{code}': { owner, pathParameters: { code: 'line-1' } },
  'GET /v1/admin/calendar/{year}': { owner, pathParameters: { year: '2026' } },
  'PUT /v1/admin/calendar/{year}': {
    owner,
    pathParameters: { year: '2027' },
    body: {
      year: 2027,
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }],
      makeUpWorkdays: [],
      source: '国务院办公厅关于2027年部分节假日安排的通知',
    },
  },
  'GET /v1/releases': { owner },
  'POST /v1/releases': { owner, body: { kind: 'monthly_figures', period: '2026-10' } },
  'GET /v1/releases/bulletin': { owner, query: { month: '2026-10' } },
  'GET /v1/releases/{releaseId}': { owner, pathParameters: { releaseId: 'release-1' } },
  'POST /v1/releases/{releaseId}/actions': {
    owner,
    pathParameters: { releaseId: 'release-1' },
    body: { action: 'submit', expectedVersion: 1 },
  },
  'GET /v1/metrics': { owner, query: { from: '2026-11-01', to: '2026-11-22' } },
  'GET /v1/metrics/export.csv': { owner, query: { from: '2026-11-01', to: '2026-11-22' } },
};
