import { config } from './config.js';

// Where the staff console signs in, for this deployment: GET /console/config.json (serve-web). The
// console is one build for every partition and city; the issuer is configuration, not code.

/** What GET /console/config.json answers; the console (web/console/src/auth/oidc.ts) reads this type. */
export interface ConsoleConfig {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
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

export const DEFAULT_CONSOLE_SCOPE = 'openid profile email';

/** The issuer is named but the rest is missing or wrong: a deployment mistake, said plainly. */
export class ConsoleConfigInvalidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConsoleConfigInvalidError';
  }
}

function httpUrl(name: string, value: string | undefined): string {
  if (!value) throw new ConsoleConfigInvalidError(`${name} is not set`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConsoleConfigInvalidError(`${name} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConsoleConfigInvalidError(`${name} is not an http(s) URL: ${value}`);
  }
  return value;
}

/**
 * The console's sign-in settings from `CONSOLE_OIDC_*`, with the redirect addresses on `origin` (the
 * request's own, so one deployment serves any domain it is reached by); undefined when
 * `CONSOLE_OIDC_ISSUER` is unset (no console in this deployment).
 *
 * @example
 * consoleConfig('https://12345.example.gov.cn')?.redirectUri // 'https://12345.example.gov.cn/console/callback'
 * @throws ConsoleConfigInvalidError when the issuer is set and another required variable is not
 */
export function consoleConfig(origin: string): ConsoleConfig | undefined {
  const env = config();
  if (!env.CONSOLE_OIDC_ISSUER) return undefined;
  const logoutStyle = env.CONSOLE_OIDC_LOGOUT_STYLE || 'oidc';
  if (logoutStyle !== 'cognito' && logoutStyle !== 'oidc') {
    throw new ConsoleConfigInvalidError(`CONSOLE_OIDC_LOGOUT_STYLE is cognito or oidc, not ${logoutStyle}`);
  }
  const clientId = env.CONSOLE_OIDC_CLIENT_ID;
  if (!clientId) throw new ConsoleConfigInvalidError('CONSOLE_OIDC_CLIENT_ID is not set');
  return {
    issuer: env.CONSOLE_OIDC_ISSUER,
    authorizationEndpoint: httpUrl(
      'CONSOLE_OIDC_AUTHORIZATION_ENDPOINT',
      env.CONSOLE_OIDC_AUTHORIZATION_ENDPOINT,
    ),
    tokenEndpoint: httpUrl('CONSOLE_OIDC_TOKEN_ENDPOINT', env.CONSOLE_OIDC_TOKEN_ENDPOINT),
    ...(env.CONSOLE_OIDC_END_SESSION_ENDPOINT
      ? {
          endSessionEndpoint: httpUrl(
            'CONSOLE_OIDC_END_SESSION_ENDPOINT',
            env.CONSOLE_OIDC_END_SESSION_ENDPOINT,
          ),
        }
      : {}),
    logoutStyle,
    clientId,
    scope: env.CONSOLE_OIDC_SCOPE || DEFAULT_CONSOLE_SCOPE,
    redirectUri: `${origin}/console/callback`,
    postLogoutRedirectUri: `${origin}/console/`,
  };
}
