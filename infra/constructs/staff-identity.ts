import { CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/**
 * The staff's user pool (DESIGN §9): agents, dispatchers, department users, supervisors, analysts
 * and administrators sign in here, through the pool's hosted sign-in at its Cognito domain. Users
 * are made by an administrator with `custom:role` (and `custom:departmentId` for a department user,
 * `custom:agentId` for an agent); shared/http/staff-claims.ts reads them. The console's app client
 * lives in the service stack beside the API whose URL it redirects to (StaffConsoleClient).
 *
 * @example
 * const identity = new StaffIdentity(this, 'staff-identity');
 * new StaffConsoleClient(serviceStack, 'console-client', { identity, consoleOrigins: [api.apiEndpoint] });
 */
export class StaffIdentity extends Construct {
  public readonly userPool: cognito.UserPool;
  /** The hosted sign-in's domain: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  public readonly signInDomain: cognito.UserPoolDomain;
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
        // console client's writeAttributes).
        role: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        departmentId: new cognito.StringAttribute({ minLen: 0, maxLen: 64, mutable: true }),
        // The call centre's (CTI) agent id 工号: which answered calls are the agent's own.
        agentId: new cognito.StringAttribute({ minLen: 0, maxLen: 32, mutable: true }),
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

    this.signInDomain = this.userPool.addDomain('sign-in-domain', {
      cognitoDomain: { domainPrefix: signInDomainPrefix(this) },
    });

    this.issuerUrl = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }
}

/**
 * The Cognito domain's prefix: context `staffSignInDomainPrefix`, or `hotline12345-staff-<account>`.
 * Prefixes are unique per region across all AWS accounts; the account id makes the default one
 * unique without a setting, and a city picks a readable one (`-c staffSignInDomainPrefix=jc12345`).
 */
function signInDomainPrefix(scope: Construct): string {
  const given = scope.node.tryGetContext('staffSignInDomainPrefix') as string | undefined;
  if (given === undefined) return `hotline12345-staff-${Stack.of(scope).account}`;
  // Cognito's own rule; it refuses `aws`, `amazon` and `cognito` in a prefix too.
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(given) || /aws|amazon|cognito/.test(given))
    throw new Error(
      `context staffSignInDomainPrefix must be lower-case letters, digits and hyphens (at most 63), without aws, amazon or cognito: ${given}`,
    );
  return given;
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
 * Who signs the staff's tokens for this stack: the provider given as context (`external`), or else
 * a `StaffIdentity` (id `staff-identity`) made in `scope`, with its pool id as an output. The
 * console client, and so the authorizer's audience for the pool, are the service stack's.
 * Throws in the China regions without a provider, where Cognito user pools are not offered.
 *
 * @example
 * const { external, identity } = staffTokenIssuer(this);
 */
export function staffTokenIssuer(scope: Construct): {
  external?: StaffTokenIssuer;
  identity?: StaffIdentity;
} {
  const external = externalStaffIssuer(scope);
  if (external) return { external };
  const { region } = Stack.of(scope);
  if (!Token.isUnresolved(region) && region.startsWith('cn-')) {
    throw new Error(
      `Amazon Cognito user pools are not offered in ${region}: give the staff's OIDC provider ` +
        'with -c staffJwtIssuer=https://... -c staffJwtAudience=<client id> (docs/staff-console.md)',
    );
  }
  const identity = new StaffIdentity(scope, 'staff-identity');
  new CfnOutput(scope, 'staff-user-pool-id', { value: identity.userPool.userPoolId });
  new CfnOutput(scope, 'staff-sign-in-domain', { value: identity.signInDomain.baseUrl() });
  return { identity };
}
