import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHotline } from '../../infra/app.js';
import { FUNCTIONS, type FunctionSpec } from '../../infra/functions.js';
import { CHINA_STAFF_ISSUER, type SynthesizedHotline, synthHotline } from './synth.js';

// Staff authentication in AWS: the Cognito pool in the data stack, the JWT authorizer on every
// `auth: 'jwt'` route. A test-only staff route on get-directory stays beside case-api's, so these
// checks hold whatever staff routes ship.

const STAFF_PATH = '/v1/test/staff-probe';
const withStaffRoute: readonly FunctionSpec[] = FUNCTIONS.map((spec) =>
  spec.name === 'get-directory'
    ? {
        ...spec,
        triggers: [...spec.triggers, { kind: 'http', method: 'GET', path: STAFF_PATH, auth: 'jwt' }],
      }
    : spec,
);

/** The environment variables of a function of the service stack, as synthesized. */
function environmentOf(
  template: Template,
  hotline: SynthesizedHotline,
  name: string,
): Record<string, unknown> {
  const fn = hotline.service.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  const id = hotline.service.getLogicalId(fn.node.defaultChild as CfnElement);
  return template.toJSON().Resources[id].Properties.Environment.Variables;
}

/** The AwsSolutions findings on `stack` that no `Validations.acknowledge` covers. */
function unacknowledged(stack: Stack): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.filter(
      (v) => v.ruleName.startsWith('AwsSolutions-') && (v.severity === 'error' || v.severity === 'warning'),
    )
    .map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

describe('Staff authentication (Cognito and the HTTP API JWT authorizer)', () => {
  let hotline: SynthesizedHotline;
  let china: SynthesizedHotline;
  let data: Template;
  let service: Template;

  beforeAll(() => {
    hotline = synthHotline(undefined, withStaffRoute);
    china = synthHotline({ region: 'cn-north-1' }, withStaffRoute);
    data = Template.fromStack(hotline.data);
    service = Template.fromStack(hotline.service);
  });

  it('keeps a staff user pool without self sign-up, with TOTP MFA required and threat protection', () => {
    // Act & Assess
    data.resourceCountIs('AWS::Cognito::UserPool', 1);
    data.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        Schema: Match.arrayWith([
          Match.objectLike({ Name: 'role', AttributeDataType: 'String', Mutable: true }),
          Match.objectLike({ Name: 'departmentId', AttributeDataType: 'String', Mutable: true }),
        ]),
      }),
    });
  });

  it('gives the staff console a public client that cannot write its own role, department or agent id', () => {
    // Act
    const clients = Object.values(service.findResources('AWS::Cognito::UserPoolClient'));

    // Assess
    data.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    expect(clients).toHaveLength(1);
    const props = clients[0]?.Properties;
    expect(props.GenerateSecret).toBe(false);
    expect(props.WriteAttributes).toEqual(['name']);
    // The hosted sign-in needs no API flow of its own: no password or SRP flow through this client.
    expect(props.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it('signs the console in through the hosted sign-in: code grant only, back to the API’s /console/callback', () => {
    // Act
    const props = Object.values(service.findResources('AWS::Cognito::UserPoolClient'))[0]?.Properties;
    const apiId = Object.keys(service.findResources('AWS::ApiGatewayV2::Api'))[0];

    // Assess
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(props.AllowedOAuthFlows).toEqual(['code']);
    expect(props.AllowedOAuthScopes).toEqual(['openid', 'profile', 'email']);
    expect(props.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(JSON.stringify(props.CallbackURLs)).toContain(apiId);
    expect(JSON.stringify(props.CallbackURLs)).toContain('/console/callback');
    expect(JSON.stringify(props.LogoutURLs)).toMatch(/\/console\/"/);
    data.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['hotline12345-staff-', { Ref: 'AWS::AccountId' }]] },
    });
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'agentId', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
  });

  it('lets the console sign in from the city’s own domain too when publicBaseUrl fronts the API', () => {
    // Act
    const fronted = synthHotline(undefined, undefined, { publicBaseUrl: 'https://12345.example.gov.cn/' });
    const props = Object.values(
      Template.fromStack(fronted.service).findResources('AWS::Cognito::UserPoolClient'),
    )[0]?.Properties;

    // Assess
    // The API's own origin, the edge's CloudFront distribution, and the city's domain.
    expect(props.CallbackURLs).toHaveLength(3);
    expect(props.CallbackURLs).toContain('https://12345.example.gov.cn/console/callback');
    expect(props.LogoutURLs).toContain('https://12345.example.gov.cn/console/');
  });

  it('takes the Cognito domain prefix from context, and refuses one Cognito would refuse', () => {
    // Act
    const named = synthHotline(undefined, undefined, { staffSignInDomainPrefix: 'jc12345-staff' });
    const refused = () => synthHotline(undefined, undefined, { staffSignInDomainPrefix: 'aws-Staff' });

    // Assess
    Template.fromStack(named.data).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'jc12345-staff',
    });
    expect(refused).toThrow(/staffSignInDomainPrefix/);
  });

  it('tells serve-web where the console signs in (Cognito), and no other function', () => {
    // Act
    const env = environmentOf(service, hotline, 'serve-web');
    const other = environmentOf(service, hotline, 'case-api');

    // Assess
    expect(env.CONSOLE_OIDC_LOGOUT_STYLE).toBe('cognito');
    expect(env.CONSOLE_OIDC_SCOPE).toBe('openid profile email');
    expect(JSON.stringify(env.CONSOLE_OIDC_AUTHORIZATION_ENDPOINT)).toContain('/oauth2/authorize');
    expect(JSON.stringify(env.CONSOLE_OIDC_TOKEN_ENDPOINT)).toContain('/oauth2/token');
    expect(JSON.stringify(env.CONSOLE_OIDC_END_SESSION_ENDPOINT)).toContain('/logout');
    expect(JSON.stringify(env.CONSOLE_OIDC_ISSUER)).toContain('cognito-idp.');
    expect(env.CONSOLE_OIDC_CLIENT_ID).toEqual({ Ref: expect.stringMatching(/^staffconsoleclient/) });
    expect(Object.keys(other).filter((k) => k.startsWith('CONSOLE_OIDC_'))).toEqual([]);
  });

  it('tells serve-web the city provider’s endpoints in a China region', () => {
    // Act
    const env = environmentOf(Template.fromStack(china.service), china, 'serve-web');

    // Assess
    expect(env).toMatchObject({
      CONSOLE_OIDC_ISSUER: CHINA_STAFF_ISSUER.staffJwtIssuer,
      CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: CHINA_STAFF_ISSUER.staffOidcAuthorizationEndpoint,
      CONSOLE_OIDC_TOKEN_ENDPOINT: CHINA_STAFF_ISSUER.staffOidcTokenEndpoint,
      CONSOLE_OIDC_END_SESSION_ENDPOINT: CHINA_STAFF_ISSUER.staffOidcEndSessionEndpoint,
      CONSOLE_OIDC_LOGOUT_STYLE: 'oidc',
      CONSOLE_OIDC_CLIENT_ID: CHINA_STAFF_ISSUER.staffJwtAudience,
    });
  });

  it('refuses half of the China provider’s console endpoints, and a non-https one', () => {
    // Prepare
    const { staffOidcTokenEndpoint: _token, ...half } = CHINA_STAFF_ISSUER;

    // Act
    const halfGiven = () =>
      synthHotline({ region: 'cn-north-1' }, undefined, { ...half, staffOidcTokenEndpoint: '' });
    const plain = () =>
      synthHotline({ region: 'cn-north-1' }, undefined, {
        staffOidcTokenEndpoint: 'http://sso.example.gov.cn/token',
      });

    // Assess
    expect(halfGiven).toThrow(/set together/);
    expect(plain).toThrow(/https/);
  });

  it('checks staff routes with a JWT authorizer on the pool, issuer built from the URL suffix', () => {
    // Act & Assess
    service.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    service.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [Match.anyValue()],
        Issuer: {
          'Fn::Join': [
            '',
            Match.arrayWith([Match.stringLikeRegexp('^https://cognito-idp\\.'), { Ref: 'AWS::URLSuffix' }]),
          ],
        },
      },
    });
  });

  it('puts the authorizer on the jwt route and on no public or signed route', () => {
    // Prepare
    const authorizerId = Object.keys(service.findResources('AWS::ApiGatewayV2::Authorizer'))[0];

    // Act
    const routes = Object.values(service.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);

    // Assess
    // The probe and every staff route that ships (case-api's).
    const jwtRouteKeys = withStaffRoute
      .flatMap((f) => f.triggers)
      .flatMap((t) => (t.kind === 'http' && t.auth === 'jwt' ? [`${t.method} ${t.path}`] : []));
    const staff = routes.filter((r) => jwtRouteKeys.includes(r.RouteKey));
    const others = routes.filter((r) => !jwtRouteKeys.includes(r.RouteKey));
    expect(staff).toEqual(
      jwtRouteKeys.map(() =>
        expect.objectContaining({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } }),
      ),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const route of others) {
      expect(route.AuthorizerId).toBeUndefined();
      expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
    }
  });

  it('takes the audience from the console client beside the API', () => {
    // Prepare
    const clientId = Object.keys(service.findResources('AWS::Cognito::UserPoolClient'))[0];

    // Act
    const authorizer = Object.values(service.findResources('AWS::ApiGatewayV2::Authorizer'))[0];

    // Assess
    expect(authorizer?.Properties.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
  });

  it.each([
    ['env-agnostic', () => hotline],
    ['cn-north-1', () => china],
  ])(
    'leaves no unacknowledged cdk-nag finding and no partition literal with a staff route (%s)',
    (_, get) => {
      // Prepare
      const { data: dataStack, service: serviceStack } = get();

      // Act
      const findings = [...unacknowledged(dataStack), ...unacknowledged(serviceStack)];
      const text =
        JSON.stringify(Template.fromStack(dataStack).toJSON()) +
        JSON.stringify(Template.fromStack(serviceStack).toJSON());

      // Assess
      expect(findings).toEqual([]);
      expect(text).not.toContain('arn:aws:');
      expect(text).not.toContain('amazonaws.com/');
    },
  );

  it('takes the staff provider from context in a China region, where Cognito is not offered', () => {
    // Prepare
    const chinaData = Template.fromStack(china.data);
    const chinaService = Template.fromStack(china.service);

    // Act
    const pools = chinaData.findResources('AWS::Cognito::UserPool');

    // Assess
    expect(Object.keys(pools)).toHaveLength(0);
    chinaService.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Issuer: CHINA_STAFF_ISSUER.staffJwtIssuer,
        Audience: [CHINA_STAFF_ISSUER.staffJwtAudience],
      },
    });
  });

  it('refuses to build for a China region without a staff provider', () => {
    // Prepare
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });

    // Act
    const build = () => buildHotline(app, { env: { region: 'cn-northwest-1' } });

    // Assess
    expect(build).toThrow(/staffJwtIssuer/);
  });

  it('refuses a staff provider without https', () => {
    // Prepare
    const app = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        staffJwtIssuer: 'http://sso.example.gov.cn',
        staffJwtAudience: 'staff-console',
      },
    });

    // Act
    const build = () => buildHotline(app);

    // Assess
    expect(build).toThrow(/https/);
  });
});
