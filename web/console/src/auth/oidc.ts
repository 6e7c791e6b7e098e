// PLACEHOLDER (seam): the sign-in slice replaces these bodies with OAuth 2.0 authorization code +
// PKCE against the configured issuer (Cognito's hosted UI, a city's OIDC provider, or the local
// stack's development issuer). Until then every function throws: nothing signs anyone in.
import type { StaffRole } from '../../../../shared/domain/staff-roles';

/** What GET /console/config.json answers: where to sign in, for this deployment. */
export interface ConsoleConfig {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  /** Absent when the issuer has no sign-out endpoint: the console then only forgets its tokens. */
  readonly endSessionEndpoint?: string;
  /** cognito: `/logout?client_id&logout_uri`; oidc: RP-initiated logout with `id_token_hint`. */
  readonly logoutStyle: 'cognito' | 'oidc';
  readonly clientId: string;
  readonly scope: string;
  /** `<origin>/console/callback`. */
  readonly redirectUri: string;
  /** `<origin>/console/`. */
  readonly postLogoutRedirectUri: string;
}

/** Tokens, kept in memory only (never localStorage): a reload signs in again through the issuer. */
export interface TokenSet {
  /** Sent to the API as `Authorization: Bearer`: it carries role and departmentId (Cognito: custom:). */
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds when the ID token expires. */
  readonly expiresAt: number;
}

/** Who is signed in, read from the ID token's claims (the API checks the signature, not the console). */
export interface StaffUser {
  readonly sub: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly departmentId?: string;
  /** The call centre's agent id (CTI), for agents: which answered calls are theirs. */
  readonly agentId?: string;
}

const notYet = (): never => {
  throw new Error('sign-in is not built yet (placeholder)');
};

export async function loadConsoleConfig(_fetch: typeof fetch = fetch): Promise<ConsoleConfig> {
  return notYet();
}

/** Stores state and the PKCE verifier in sessionStorage and navigates to the issuer. */
export async function beginSignIn(_config: ConsoleConfig, _returnTo: string): Promise<void> {
  return notYet();
}

/** On `/console/callback`: checks state, exchanges the code with the verifier. */
export async function completeSignIn(
  _config: ConsoleConfig,
  _callback: URL,
): Promise<{ tokens: TokenSet; returnTo: string }> {
  return notYet();
}

export async function refreshTokens(_config: ConsoleConfig, _refreshToken: string): Promise<TokenSet> {
  return notYet();
}

export function userOf(_idToken: string): StaffUser {
  return notYet();
}

/** Where to send the browser to end the issuer's session too (undefined: nothing to visit). */
export function signOutUrl(_config: ConsoleConfig, _idToken: string): string | undefined {
  return notYet();
}
