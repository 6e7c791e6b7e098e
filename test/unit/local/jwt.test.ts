import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DevJwt,
  devJwtKeyFile,
  jwtAuthorizer,
  LOCAL_JWT_AUDIENCE,
  LOCAL_JWT_ISSUER,
  loadDevJwt,
} from '../../../local/jwt.js';
import type { Route } from '../../../local/routes.js';
import { staffClaimsOf } from '../../../shared/http/staff-claims.js';

describe('Module: local/jwt', () => {
  let dataDir: string;
  let jwt: DevJwt;

  /**
   * A token signed with the data dir's own key but other registered claims; `kid: null` leaves the
   * key id out of the header.
   */
  async function signWith(
    claims: Record<string, unknown>,
    iss: string,
    aud: string,
    options: { kid?: string | null } = {},
  ): Promise<string> {
    const stored = JSON.parse(readFileSync(devJwtKeyFile(dataDir), 'utf8'));
    const key = await importJWK(stored.privateJwk, 'ES256');
    const kid = options.kid === undefined ? stored.kid : options.kid;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', ...(kid === null ? {} : { kid }) })
      .setIssuer(iss)
      .setAudience(aud)
      .setExpirationTime('1h')
      .sign(key);
  }

  const nowSeconds = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-jwt-'));
    jwt = await loadDevJwt(dataDir);
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('verifies its own token and gives the claims as strings, as API Gateway does', async () => {
    // Prepare
    const token = await jwt.issue({ sub: 'alice', role: 'department', departmentId: 'water-group' });

    // Act
    const claims = await jwt.verify(token);

    // Assess
    expect(claims).toMatchObject({
      sub: 'alice',
      role: 'department',
      departmentId: 'water-group',
      iss: LOCAL_JWT_ISSUER,
      aud: LOCAL_JWT_AUDIENCE,
    });
    expect(claims.exp).toMatch(/^\d+$/);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(8 * 3600);
  });

  it("keeps its key in the data dir, so a second load verifies the first one's tokens", async () => {
    // Prepare
    const token = await jwt.issue({ sub: 'bob', role: 'analyst' }, { ttl: '5m' });

    // Act
    const again = await loadDevJwt(dataDir);

    // Assess
    await expect(again.verify(token)).resolves.toMatchObject({ sub: 'bob', role: 'analyst' });
  });

  it('refuses an expired token', async () => {
    // Prepare
    const token = await jwt.issue({ sub: 'alice', role: 'agent' }, { ttl: '-1m' });

    // Act
    const result = jwt.verify(token);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('refuses a token of another issuer', async () => {
    // Prepare
    const token = await signWith({ sub: 'alice', role: 'agent' }, 'someone-else', LOCAL_JWT_AUDIENCE);

    // Act
    const result = jwt.verify(token);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' });
  });

  it('refuses a token for another audience', async () => {
    // Prepare
    const token = await signWith({ sub: 'alice', role: 'agent' }, LOCAL_JWT_ISSUER, 'another-app');

    // Act
    const result = jwt.verify(token);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' });
  });

  it('refuses a token issued in the future beyond the clock skew, as the HTTP API JWT authorizer does', async () => {
    // Prepare
    const token = await signWith(
      { sub: 'alice', role: 'agent', iat: nowSeconds() + 600 },
      LOCAL_JWT_ISSUER,
      LOCAL_JWT_AUDIENCE,
    );

    // Act
    const result = jwt.verify(token);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iat' });
  });

  it('accepts a token issued a few seconds ahead, within the clock skew', async () => {
    // Prepare
    const token = await signWith(
      { sub: 'alice', role: 'agent', iat: nowSeconds() + 5 },
      LOCAL_JWT_ISSUER,
      LOCAL_JWT_AUDIENCE,
    );

    // Act
    const result = jwt.verify(token);

    // Assess
    await expect(result).resolves.toMatchObject({ sub: 'alice' });
  });

  it("refuses a token whose key id is not the data dir's, even when the key signed it", async () => {
    // Prepare
    const token = await signWith({ sub: 'alice', role: 'agent' }, LOCAL_JWT_ISSUER, LOCAL_JWT_AUDIENCE, {
      kid: 'someone-elses-key',
    });

    // Act
    const result = jwt.verify(token);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('refuses a token without a key id', async () => {
    // Prepare
    const token = await signWith({ sub: 'alice', role: 'agent' }, LOCAL_JWT_ISSUER, LOCAL_JWT_AUDIENCE, {
      kid: null,
    });

    // Act
    const result = jwt.verify(token);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('refuses a token whose payload was changed after signing', async () => {
    // Prepare
    const token = await jwt.issue({ sub: 'alice', role: 'agent' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'alice', role: 'supervisor' })).toString('base64url');

    // Act
    const result = jwt.verify(`${header}.${forged}.${signature}`);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it("refuses a token signed by another data dir's key under another key id", async () => {
    // Prepare
    const otherDir = mkdtempSync(join(tmpdir(), 'hotline-jwt-other-'));
    const other = await loadDevJwt(otherDir);
    const token = await other.issue({ sub: 'mallory', role: 'supervisor' });
    rmSync(otherDir, { recursive: true, force: true });

    // Act
    const result = jwt.verify(token);

    // Assess
    await expect(result).rejects.toThrow();
  });

  it("refuses a token signed by another data dir's key under this data dir's key id", async () => {
    // Prepare
    const otherDir = mkdtempSync(join(tmpdir(), 'hotline-jwt-other-'));
    await loadDevJwt(otherDir);
    const otherKey = await importJWK(
      JSON.parse(readFileSync(devJwtKeyFile(otherDir), 'utf8')).privateJwk,
      'ES256',
    );
    rmSync(otherDir, { recursive: true, force: true });
    const { kid } = JSON.parse(readFileSync(devJwtKeyFile(dataDir), 'utf8'));
    const token = await new SignJWT({ sub: 'mallory', role: 'supervisor' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(LOCAL_JWT_ISSUER)
      .setAudience(LOCAL_JWT_AUDIENCE)
      .setExpirationTime('1h')
      .sign(otherKey);

    // Act
    const result = jwt.verify(token);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('passes a valid token without a role, which staffClaimsOf then refuses (as in AWS)', async () => {
    // Prepare
    const token = await jwt.issue({ sub: 'nobody' });
    const event = { headers: { authorization: `Bearer ${token}` }, requestContext: {} };

    // Act
    const refusal = await jwtAuthorizer(jwt)({} as Route, event as unknown as APIGatewayProxyEventV2);

    // Assess
    expect(refusal).toBeUndefined();
    expect(staffClaimsOf(event)).toBeUndefined();
  });

  describe('Function: jwtAuthorizer', () => {
    it('answers 401 unauthorized without a bearer token', async () => {
      // Prepare
      const event = { headers: {}, requestContext: {} } as unknown as APIGatewayProxyEventV2;

      // Act
      const refusal = await jwtAuthorizer(jwt)({} as Route, event);

      // Assess
      expect(refusal).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(event.requestContext).not.toHaveProperty('authorizer');
    });

    it('answers 401 unauthorized for a token it cannot verify', async () => {
      // Prepare
      const event = {
        headers: { authorization: 'Bearer not.a.token' },
        requestContext: {},
      } as unknown as APIGatewayProxyEventV2;

      // Act
      const refusal = await jwtAuthorizer(jwt)({} as Route, event);

      // Assess
      expect(refusal).toMatchObject({ status: 401, code: 'unauthorized' });
    });

    it('answers 401 unauthorized for a token with an unknown key id', async () => {
      // Prepare
      const token = await signWith(
        { sub: 'alice', role: 'supervisor' },
        LOCAL_JWT_ISSUER,
        LOCAL_JWT_AUDIENCE,
        {
          kid: 'rotated-out',
        },
      );
      const event = { headers: { authorization: `Bearer ${token}` }, requestContext: {} };

      // Act
      const refusal = await jwtAuthorizer(jwt)({} as Route, event as unknown as APIGatewayProxyEventV2);

      // Assess
      expect(refusal).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(event.requestContext).not.toHaveProperty('authorizer');
    });

    it('puts the claims where the HTTP API JWT authorizer does', async () => {
      // Prepare
      const token = await jwt.issue({ sub: 'alice', role: 'department', departmentId: 'water-group' });
      const event = { headers: { authorization: `Bearer ${token}` }, requestContext: { requestId: 'r' } };

      // Act
      const refusal = await jwtAuthorizer(jwt)({} as Route, event as unknown as APIGatewayProxyEventV2);

      // Assess
      expect(refusal).toBeUndefined();
      expect(event.requestContext).toMatchObject({
        requestId: 'r',
        authorizer: { jwt: { claims: { sub: 'alice', role: 'department' }, scopes: null } },
      });
      expect(staffClaimsOf(event)).toEqual({ sub: 'alice', role: 'department', departmentId: 'water-group' });
    });
  });
});
