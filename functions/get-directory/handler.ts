import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { phoneVerificationMode } from '../../shared/adapters/notifiers/select.js';
import { directoryStore } from '../../shared/adapters/stores.js';
import { CASE_TYPES } from '../../shared/domain/appeal.js';
import { TYPE_TEXT } from '../../shared/domain/labels.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import { STAFF_ROLES } from '../../shared/http/staff-claims.js';
import { staffGuard } from '../../shared/http/staff-guard.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';

// GET /v1/directory: what the web form offers (types, categories, districts), public and read-only.
// GET /v1/staff/directory: the same for the console's pickers, with the departments and the hotline
// lines (any staff role).
// Here rather than in manage-directory: this function's grants are read-only, and a route every
// staff role calls should not run with the right to rewrite the dispatch catalogue.

export const ROUTES = {
  public: 'GET /v1/directory',
  staff: 'GET /v1/staff/directory',
} as const;

const TYPES = CASE_TYPES.map((code) => ({ code, name: TYPE_TEXT[code] }));

async function getDirectory(): Promise<APIGatewayProxyStructuredResultV2> {
  const directory = await directoryStore().load();
  const verification = phoneVerificationMode();
  // Routing rules stay internal: a citizen chooses what and where, not who handles an appeal. The
  // departments' names are public (each body's 政府信息公开指南 names it) and a disclosure request is
  // addressed to one (《政府信息公开条例》第二十七条): the form's 受理机关 list.
  return json(
    200,
    {
      types: TYPES,
      categories: [...directory.categories.values()].map((c) => ({
        code: c.code,
        name: c.name,
        ...(c.defaultType ? { defaultType: c.defaultType } : {}),
      })),
      districts: [...directory.districts.values()].map((d) => ({ code: d.code, name: d.name })),
      departments: [...directory.departments.values()].map((d) => ({ id: d.id, name: d.name })),
      // 短信验证码: the form offers a code only where the deployment has an SMS provider, and
      // insists on one only where the deployment requires it (WEBFORM_PHONE_VERIFICATION).
      phoneVerification: verification !== 'off',
      phoneVerificationRequired: verification === 'required',
    },
    // The same for everyone and rarely changed: a browser or CDN may keep it for five minutes.
    { 'cache-control': 'public, max-age=300' },
  );
}

/**
 * The pickers' data, names as the admin directory has them: departments (id, name, the district
 * served), categories with their default type and keywords (the classifier's hints), districts, and
 * the hotline lines (code and name: what a call's or callback's `line` shows as).
 * Routing rules stay with the admin API and the routing suggestions.
 */
async function getStaffDirectory(): Promise<APIGatewayProxyStructuredResultV2> {
  const directory = await directoryStore().load();
  return json(
    200,
    {
      departments: [...directory.departments.values()].map((d) => ({
        id: d.id,
        name: d.name,
        ...(d.district ? { district: d.district } : {}),
      })),
      categories: [...directory.categories.values()],
      districts: [...directory.districts.values()].map((d) => ({ code: d.code, name: d.name })),
      lines: [...directory.lines.values()].map((l) => ({ code: l.code, name: l.name })),
      types: TYPES,
    },
    // Internal, not personal: the browser may keep it as long as this function keeps its copy.
    { 'cache-control': 'private, max-age=60' },
  );
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(when(ROUTES.staff, staffGuard({ roles: STAFF_ROLES, forbiddenMessage: '需要工作人员身份' })))
  .handler(
    routeTable({
      [ROUTES.public]: getDirectory,
      [ROUTES.staff]: getStaffDirectory,
    }),
  );
