// The local stand-in for Cognito and the HTTP API JWT authorizer (DESIGN §10): a signing key of the
// data dir's own, dev tokens signed with it, and a gateway authorizer that checks them.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Authorizer } from './gateway.js';

export const LOCAL_JWT_ISSUER = 'hotline12345-local';
export const LOCAL_JWT_AUDIENCE = 'hotline12345-staff';
/** ES256: small tokens, and the same family of check as Cognito's (asymmetric, by key id). */
const ALG = 'ES256';
/**
 * How far ahead of this clock a token's `iat` may be. API Gateway refuses an `iat` after the
 * current time; a little slack keeps a token signed on a host whose clock runs slightly ahead.
 */
export const CLOCK_SKEW_SECONDS = 30;

/** The claims a dev token carries besides iss, aud, iat and exp. */
export interface DevTokenClaims {
  readonly sub: string;
  readonly [claim: string]: string;
}

export interface DevJwt {
  /** `<dataDir>/dev-jwt-key.json`. */
  readonly file: string;
  /**
   * A signed token. `ttl` is a jose time span (`'8h'`, `'30m'`; `'-1m'` makes an expired one for tests),
   * default 8 h: one shift.
   */
  issue(claims: DevTokenClaims, options?: { ttl?: string }): Promise<string>;
  /**
   * The claims of a valid token as API Gateway hands them to a function (every value a string),
   * or a jose error when the key id, signature, issuer, audience, expiry, not-before or issued-at
   * is wrong: the HTTP API JWT authorizer's checks.
   */
  verify(token: string): Promise<Record<string, string>>;
  /** The public half of the key with its `kid`, as the development issuer's /jwks.json lists it. */
  readonly publicJwk: JWK;
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

export function devJwtKeyFile(dataDir: string): string {
  return join(dataDir, 'dev-jwt-key.json');
}

/**
 * The data dir's signing key, generated on first use and kept like dev-secrets.json: tokens a
 * developer printed stay valid across restarts, and `npm run token` signs with the key the running
 * stack checks.
 *
 * @example
 * const jwt = await loadDevJwt('.local');
 * const token = await jwt.issue({ sub: 'alice', role: 'department', departmentId: 'water-group' });
 */
export async function loadDevJwt(dataDir: string): Promise<DevJwt> {
  const file = devJwtKeyFile(dataDir);
  const stored = await readOrCreate(file);
  const privateKey = await importJWK(stored.privateJwk, ALG);
  const { d: _private, ...publicJwk } = stored.privateJwk;
  const publicKey = await importJWK(publicJwk, ALG);
  return {
    file,
    publicJwk: { ...publicJwk, kid: stored.kid, alg: ALG, use: 'sig' },
    issue: (claims, options = {}) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: ALG, kid: stored.kid, typ: 'JWT' })
        .setIssuer(LOCAL_JWT_ISSUER)
        .setAudience(LOCAL_JWT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.ttl ?? '8h')
        .sign(privateKey),
    verify: async (token) => {
      const { payload } = await jwtVerify(token, keyOf(stored.kid, publicKey), {
        issuer: LOCAL_JWT_ISSUER,
        audience: LOCAL_JWT_AUDIENCE,
        algorithms: [ALG],
        // API Gateway refuses a token without an expiry; so does the local check.
        requiredClaims: ['exp'],
      });
      issuedInThePast(payload);
      return stringClaims(payload);
    },
  };
}

/**
 * The data dir's one key, by its id: API Gateway looks a token's `kid` up in the issuer's JWKS and
 * refuses a token whose `kid` is missing or matches no key, even when the signature would verify.
 */
function keyOf(kid: string, publicKey: Awaited<ReturnType<typeof importJWK>>): JWTVerifyGetKey {
  return (header) => {
    if (header.kid !== kid) throw new errors.JWKSNoMatchingKey();
    return publicKey;
  };
}

/** `iat`, when present, must not be after now (beyond CLOCK_SKEW_SECONDS), as API Gateway checks. */
function issuedInThePast(payload: JWTPayload, now = Math.floor(Date.now() / 1000)): void {
  if (payload.iat !== undefined && payload.iat > now + CLOCK_SKEW_SECONDS) {
    throw new errors.JWTClaimValidationFailed(
      '"iat" claim timestamp check failed (it should be in the past)',
      payload,
      'iat',
    );
  }
}

async function readOrCreate(file: string): Promise<StoredKey> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const stored: StoredKey = {
    kid: `local-${Date.now().toString(36)}`,
    privateJwk: await exportJWK(privateKey),
  };
  await mkdir(dirname(file), { recursive: true });
  try {
    // wx: when the stack and `npm run token` race on a fresh data dir, the first key written wins.
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  }
}

/**
 * API Gateway passes claims to the function as strings: numbers and booleans as their text, arrays
 * as `[a b]`, objects as JSON. Handlers must not come to rely on types only the local stack gives.
 */
function stringClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') claims[name] = value;
    else if (Array.isArray(value)) claims[name] = `[${value.join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

/** The token of `Authorization: Bearer <token>`; API Gateway also takes the bare token. */
function bearerOf(event: APIGatewayProxyEventV2): string | undefined {
  const header = event.headers.authorization?.trim();
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : header.includes(' ') ? undefined : header;
}

/**
 * The gateway's check on `auth: 'jwt'` routes, answering as the HTTP API JWT authorizer does: 401
 * for a missing, invalid or expired token; otherwise the claims go to the function in
 * `requestContext.authorizer.jwt`. Roles are not checked here, as they are not in AWS: the handler
 * reads them with staffClaimsOf.
 */
export function jwtAuthorizer(jwt: DevJwt): Authorizer {
  return async (_route, event) => {
    const token = bearerOf(event);
    if (!token) return { status: 401, code: 'unauthorized', message: 'a bearer token is required' };
    let claims: Record<string, string>;
    try {
      claims = await jwt.verify(token);
    } catch {
      // Which check failed stays out of the answer, as in AWS.
      return { status: 401, code: 'unauthorized', message: 'the bearer token is invalid or expired' };
    }
    const scopes = claims.scope ? claims.scope.split(' ') : null;
    Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes } } });
    return undefined;
  };
}
