import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { StaffIdentity } from './staff-identity.js';

/** The console's paths (web/console, served by serve-web from the API's own origin). */
export const CONSOLE_CALLBACK_PATH = '/console/callback';
export const CONSOLE_HOME_PATH = '/console/';

/**
 * The staff console's app client on the staff pool: a public client (a browser app, so no secret)
 * signing in through the hosted sign-in with the authorization code grant and PKCE, back to
 * `<origin>/console/callback`. It lives in the service stack because its callback URL is the HTTP
 * API's address, which the data stack (where the pool is) cannot know.
 */
export class StaffConsoleClient extends Construct {
  public readonly client: cognito.UserPoolClient;

  public constructor(
    scope: Construct,
    id: string,
    props: {
      identity: StaffIdentity;
      /** Where the console is served: the API's endpoint, and the city's domain when it fronts the API. */
      consoleOrigins: readonly string[];
    },
  ) {
    super(scope, id);
    this.client = new cognito.UserPoolClient(this, 'client', {
      userPool: props.identity.userPool,
      userPoolClientName: 'staff-console',
      generateSecret: false,
      // The hosted sign-in only: the console never sees a password (and never holds SRP state).
      authFlows: {
        user: false,
        userSrp: false,
        userPassword: false,
        adminUserPassword: false,
        custom: false,
      },
      oAuth: {
        // Authorization code (the console adds PKCE); no implicit grant, whose tokens travel in the URL.
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE, cognito.OAuthScope.EMAIL],
        callbackUrls: props.consoleOrigins.map((origin) => `${origin}${CONSOLE_CALLBACK_PATH}`),
        logoutUrls: props.consoleOrigins.map((origin) => `${origin}${CONSOLE_HOME_PATH}`),
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // One working shift; the console then asks for the password and the TOTP code again.
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      // A user must not promote himself (custom:role), move to another department
      // (custom:departmentId) or take another agent's calls (custom:agentId) with his own token:
      // the client may write no custom attribute.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }
}
