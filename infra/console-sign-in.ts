// Where the staff console signs in, for this deployment: the Cognito pool's hosted sign-in with the
// console client made here, or in the China regions the city's OIDC provider given as context. The
// result is the JWT authorizer's issuer and audience and the CONSOLE_OIDC_* environment serve-web
// answers at GET /console/config.json (shared/adapters/console-config.ts reads it).
import { CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { StaffConsoleClient } from './constructs/staff-console-client.js';
import type { StaffIdentity, StaffTokenIssuer } from './constructs/staff-identity.js';
import type { ContextOf } from './notice-settings.js';

export const CONSOLE_SCOPE = 'openid profile email';

export interface ConsoleSignIn {
  /** What the HTTP API's JWT authorizer accepts. */
  readonly issuer: StaffTokenIssuer;
  /** serve-web's CONSOLE_OIDC_*; empty when the China-region provider's endpoints are not given. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * @param consoleOrigins where the console is served (the API's endpoint; the city's domain too).
 */
export function consoleSignIn(
  scope: Construct,
  staff: { identity?: StaffIdentity; external?: StaffTokenIssuer },
  consoleOrigins: readonly string[],
): ConsoleSignIn {
  if (staff.identity) return cognitoSignIn(scope, staff.identity, consoleOrigins);
  if (staff.external) return externalSignIn(staff.external, (key) => scope.node.tryGetContext(key));
  throw new Error('the data stack names no staff token issuer');
}

function cognitoSignIn(
  scope: Construct,
  identity: StaffIdentity,
  consoleOrigins: readonly string[],
): ConsoleSignIn {
  const { client } = new StaffConsoleClient(scope, 'staff-console-client', { identity, consoleOrigins });
  new CfnOutput(scope, 'staff-console-client-id', { value: client.userPoolClientId });
  const hosted = identity.signInDomain.baseUrl();
  return {
    // ID tokens: they carry custom:role, custom:departmentId and custom:agentId; access tokens do not.
    issuer: { issuerUrl: identity.issuerUrl, audience: [client.userPoolClientId] },
    environment: {
      CONSOLE_OIDC_ISSUER: identity.issuerUrl,
      CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: `${hosted}/oauth2/authorize`,
      CONSOLE_OIDC_TOKEN_ENDPOINT: `${hosted}/oauth2/token`,
      CONSOLE_OIDC_END_SESSION_ENDPOINT: `${hosted}/logout`,
      CONSOLE_OIDC_LOGOUT_STYLE: 'cognito',
      CONSOLE_OIDC_CLIENT_ID: client.userPoolClientId,
      CONSOLE_OIDC_SCOPE: CONSOLE_SCOPE,
    },
  };
}

/**
 * The city's provider (China regions): its endpoints from context, as synth cannot read the
 * provider's discovery document (no network at synth, and a deploy must not change with it).
 * `staffOidcAuthorizationEndpoint` and `staffOidcTokenEndpoint` go together; without them the API
 * still takes the provider's tokens and the console answers 503 console_not_configured.
 */
function externalSignIn(external: StaffTokenIssuer, context: ContextOf): ConsoleSignIn {
  const authorization = httpsContext(context, 'staffOidcAuthorizationEndpoint');
  const token = httpsContext(context, 'staffOidcTokenEndpoint');
  const endSession = httpsContext(context, 'staffOidcEndSessionEndpoint');
  if (!authorization && !token) {
    if (endSession)
      throw new Error('context staffOidcEndSessionEndpoint needs staffOidcAuthorizationEndpoint');
    return { issuer: external, environment: {} };
  }
  if (!authorization || !token)
    throw new Error('context staffOidcAuthorizationEndpoint and staffOidcTokenEndpoint are set together');
  // The console's client id: the one audience, or the one named when the provider accepts several.
  const clientId = (context('staffOidcClientId') as string | undefined) ?? external.audience[0] ?? '';
  if (!external.audience.includes(clientId))
    throw new Error(`context staffOidcClientId (${clientId}) must be one of staffJwtAudience`);
  return {
    issuer: external,
    environment: {
      CONSOLE_OIDC_ISSUER: external.issuerUrl,
      CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: authorization,
      CONSOLE_OIDC_TOKEN_ENDPOINT: token,
      ...(endSession ? { CONSOLE_OIDC_END_SESSION_ENDPOINT: endSession } : {}),
      CONSOLE_OIDC_LOGOUT_STYLE: 'oidc',
      CONSOLE_OIDC_CLIENT_ID: clientId,
      CONSOLE_OIDC_SCOPE: (context('staffOidcScope') as string | undefined) ?? CONSOLE_SCOPE,
    },
  };
}

function httpsContext(context: ContextOf, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !URL.canParse(value) || new URL(value).protocol !== 'https:')
    throw new Error(`context ${key} must be an https URL: ${String(value)}`);
  return value;
}
