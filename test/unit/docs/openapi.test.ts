import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FUNCTIONS } from '../../../infra/functions.js';
import { STAFF_ROLES } from '../../../shared/http/staff-claims.js';

// docs/openapi.yaml against the function catalogue: a route added to one and not the other fails here.

const ROOT = new URL('../../../', import.meta.url);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

type SecurityRequirement = Record<string, string[]>;
interface Operation {
  readonly summary?: string;
  readonly security?: readonly SecurityRequirement[];
  readonly responses?: Record<string, { readonly $ref?: string; readonly content?: Record<string, unknown> }>;
}
interface OpenApi {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: Record<string, Record<string, unknown>>;
}

const spec = parse(readFileSync(new URL('docs/openapi.yaml', ROOT), 'utf8')) as OpenApi;

const catalogue = FUNCTIONS.flatMap((fn) =>
  fn.triggers.flatMap((trigger) =>
    trigger.kind === 'http' ? [{ route: `${trigger.method} ${trigger.path}`, auth: trigger.auth }] : [],
  ),
);

const documented = Object.entries(spec.paths).flatMap(([path, item]) =>
  HTTP_METHODS.filter((method) => method in item).map((method) => ({
    route: `${method.toUpperCase()} ${path}`,
    operation: item[method] as Operation,
  })),
);

function operationOf(route: string): Operation {
  const found = documented.find((d) => d.route === route);
  if (!found) throw new Error(`${route} is not in docs/openapi.yaml`);
  return found.operation;
}

/** `#/components/responses/NotFound` → the object it names, or undefined. */
function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], spec);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) =>
      key === '$ref' && typeof value === 'string' ? [value] : refsIn(value),
    );
  }
  return [];
}

describe('File: docs/openapi.yaml', () => {
  it('declares OpenAPI 3.1', () => {
    // Assess
    expect(spec.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('lists every HTTP route of the function catalogue with its method', () => {
    // Prepare
    const routes = new Set(documented.map((d) => d.route));

    // Act
    const missing = catalogue.filter((c) => !routes.has(c.route)).map((c) => c.route);

    // Assess
    expect(catalogue.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('describes no route the function catalogue does not serve', () => {
    // Prepare
    const routes = new Set(catalogue.map((c) => c.route));

    // Act
    const extra = documented.filter((d) => !routes.has(d.route)).map((d) => d.route);

    // Assess
    expect(extra).toEqual([]);
  });

  it('summarises every operation in Chinese and in English', () => {
    // Act
    const unsummarised = documented
      .filter(({ operation }) => {
        const summary = operation.summary ?? '';
        return !/\p{Script=Han}/u.test(summary) || !/[A-Za-z]{3,}/.test(summary);
      })
      .map((d) => d.route);

    // Assess
    expect(unsummarised).toEqual([]);
  });

  it('says who may call each route as the catalogue does', () => {
    // Prepare
    const schemes = Object.keys(spec.components.securitySchemes ?? {});

    // Act
    const wrong = catalogue.flatMap(({ route, auth }) => {
      const security = operationOf(route).security;
      const names = (security ?? []).flatMap((requirement) => Object.keys(requirement));
      // A provider that signs nothing (SMS receipt pushes) is proven by a key in the address,
      // which OpenAPI's security schemes cannot name: the route documents it as its `key` path
      // parameter (the ReceiptKey parameter) instead.
      const pathKey = route.endsWith('/{key}') && Array.isArray(security) && security.length === 0;
      const ok =
        auth === 'public'
          ? Array.isArray(security) && security.length === 0
          : auth === 'signed'
            ? pathKey ||
              (names.length > 0 && names.every((n) => n === 'hotlineHmac' || n === 'wechatSignature'))
            : names.length === 1 &&
              names[0] === 'staffJwt' &&
              (security?.[0]?.staffJwt ?? []).length > 0 &&
              (security?.[0]?.staffJwt ?? []).every((role) =>
                (STAFF_ROLES as readonly string[]).includes(role),
              );
      return ok && names.every((n) => schemes.includes(n)) ? [] : [`${route} (${auth})`];
    });

    // Assess
    expect(wrong).toEqual([]);
  });

  it('answers every error with the error envelope', () => {
    // Act
    const bare = documented.flatMap(({ route, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([status]) => Number(status) >= 400)
        .filter(([, response]) => {
          const resolved = (response.$ref ? resolve(response.$ref) : response) as Operation['responses'] &
            Record<string, unknown>;
          const schema = (resolved?.content as Record<string, { schema?: { $ref?: string } }> | undefined)?.[
            'application/json'
          ]?.schema;
          return schema?.$ref !== '#/components/schemas/Error';
        })
        .map(([status]) => `${route} ${status}`),
    );

    // Assess
    expect(documented.every(({ operation }) => operation.responses !== undefined)).toBe(true);
    expect(bare).toEqual([]);
  });

  it('names every operation once', () => {
    // Prepare
    const ids = documented.map(({ operation }) => (operation as { operationId?: string }).operationId);

    // Assess
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refers only to components it defines', () => {
    // Act
    const dangling = [...new Set(refsIn(spec))].filter((ref) => resolve(ref) === undefined);

    // Assess
    expect(dangling).toEqual([]);
  });
});
