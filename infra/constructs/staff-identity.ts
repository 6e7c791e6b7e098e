import { CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/**
 * The staff's user pool (DESIGN §9): agents, dispatchers, department users, supervisors and
 * analysts sign in here; the HTTP API's JWT authorizer accepts the pool's ID tokens for the staff
 * console's app client. Users are made by an administrator with `custom:role` (and
 * `custom:departmentId` for a department user); shared/http/staff-claims.ts reads them.
 *
 * @example
 * const identity = new StaffIdentity(this, 'staff-identity');
 * new HttpJwtAuthorizer('staff-jwt', identity.issuerUrl, { jwtAudience: [identity.consoleClient.userPoolClientId] });
 */
export class StaffIdentity extends Construct {
  public readonly userPool: cognito.UserPool;
  /** The staff console (a browser app): a public client, so no secret. */
  public readonly consoleClient: cognito.UserPoolClient;
  /** The `iss` of the pool's tokens, partition-agnostic (amazonaws.com, amazonaws.com.cn). */
  public readonly issuerUrl: string;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);

    this.userPool = new cognito.UserPool(this, 'user-pool', {
      userPoolName: 'hotline-12345-staff',
      // Staff accounts are issued by the hotline's administrators, never self-registered.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      // Staff see citizens' names, phone numbers and addresses: a password alone is not enough.
      // TOTP (an authenticator app) rather than SMS: no SNS spending role, and not phishable by SIM swap.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        // Mutable: people change jobs and departments; only administrators can write them (see the
        // client's writeAttributes below).
        role: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        departmentId: new cognito.StringAttribute({ minLen: 0, maxLen: 64, mutable: true }),
      },
      // Plus: threat protection blocks sign-ins with leaked credentials and risky sign-ins for
      // accounts that can read every citizen's case; a few hundred staff cost little per month.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      // RETAIN: the accounts (and their `sub`, which the case history names as the actor) outlive
      // any stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.consoleClient = this.userPool.addClient('console-client', {
      userPoolClientName: 'staff-console',
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI yet: the console signs in with SRP, so OAuth flows stay off until it needs them.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // One working shift; the console then asks for the password and the TOTP code again.
      refreshTokenValidity: Duration.hours(12),
      // A user must not promote himself (custom:role) or move to another department
      // (custom:departmentId) with his own token: the client may write no custom attribute.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.issuerUrl = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }
}

/** Who signs the staff's tokens, as the HTTP API JWT authorizer needs it. */
export interface StaffTokenIssuer {
  /** The tokens' `iss`; API Gateway fetches `<issuer>/.well-known/openid-configuration`. */
  readonly issuerUrl: string;
  /** Accepted `aud` (or `client_id`) values. */
  readonly audience: readonly string[];
}

/**
 * The staff's own OIDC provider, from context `staffJwtIssuer` (https) and `staffJwtAudience`
 * (comma-separated), or undefined when neither is set. Cognito user pools are not offered in the
 * China regions, where the city's provider (Keycloak, Authing, a government SSO) issues the tokens;
 * it must put `role` and `departmentId` (plain or `custom:`-prefixed) in them.
 */
export function externalStaffIssuer(scope: Construct): StaffTokenIssuer | undefined {
  const issuer = scope.node.tryGetContext('staffJwtIssuer') as string | undefined;
  const audience = scope.node.tryGetContext('staffJwtAudience') as string | string[] | undefined;
  if (!issuer && !audience) return undefined;
  if (!issuer || !audience) throw new Error('context staffJwtIssuer and staffJwtAudience are set together');
  // API Gateway only fetches an issuer's keys over https.
  if (!issuer.startsWith('https://'))
    throw new Error(`context staffJwtIssuer must be an https URL: ${issuer}`);
  const audiences = (Array.isArray(audience) ? audience : audience.split(','))
    .map((a) => a.trim())
    .filter(Boolean);
  if (audiences.length === 0) throw new Error('context staffJwtAudience names no audience');
  return { issuerUrl: issuer, audience: audiences };
}

/**
 * Who signs the staff's tokens for this stack: the provider given as context, or else a
 * `StaffIdentity` (id `staff-identity`) made in `scope`, with its pool and client ids as outputs.
 * Throws in the China regions without a provider, where Cognito user pools are not offered.
 *
 * @example
 * const { issuer, identity } = staffTokenIssuer(this);
 */
export function staffTokenIssuer(scope: Construct): { issuer: StaffTokenIssuer; identity?: StaffIdentity } {
  const external = externalStaffIssuer(scope);
  if (external) return { issuer: external };
  const { region } = Stack.of(scope);
  if (!Token.isUnresolved(region) && region.startsWith('cn-')) {
    throw new Error(
      `Amazon Cognito user pools are not offered in ${region}: give the staff's OIDC provider ` +
        'with -c staffJwtIssuer=https://... -c staffJwtAudience=<client id> (docs/staff-api.md, "Staff access")',
    );
  }
  const identity = new StaffIdentity(scope, 'staff-identity');
  new CfnOutput(scope, 'staff-user-pool-id', { value: identity.userPool.userPoolId });
  new CfnOutput(scope, 'staff-console-client-id', { value: identity.consoleClient.userPoolClientId });
  return {
    issuer: { issuerUrl: identity.issuerUrl, audience: [identity.consoleClient.userPoolClientId] },
    identity,
  };
}
