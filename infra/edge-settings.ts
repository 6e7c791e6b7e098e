/** Reads one CDK context value (`this.node.tryGetContext`). */
export type ContextReader = (key: string) => unknown;

/**
 * A CLOUDFRONT-scope web ACL and CloudFront's own logs and metrics live in us-east-1, whatever the
 * region of the API: the edge stack is pinned there.
 */
export const EDGE_REGION = 'us-east-1';

/** The edge stack's name: the service stack reads its output by it (Fn::GetStackOutput). */
export const EDGE_STACK_NAME = 'Hotline12345-Edge';

/** The output of the edge stack that carries the web ACL's ARN. */
export const WEB_ACL_ARN_OUTPUT = 'WebAclArn';

/**
 * Requests per 5 minutes from one client address to the public routes. A citizen's page load,
 * filing with photos and a status lookup take a few dozen; a service hall or a school behind one
 * address with a few dozen citizens at once stays well below; a script guessing tracking numbers or
 * requesting 短信验证码 in a loop is stopped within seconds of passing it.
 */
export const DEFAULT_WAF_RATE_LIMIT = 600;

/** AWS WAF's bounds for a rate-based rule's limit (per evaluation window). */
const WAF_RATE_LIMIT_MIN = 10;
const WAF_RATE_LIMIT_MAX = 2_000_000_000;

/**
 * Whether the partition offers what the edge needs: in the China regions AWS WAF is regional only
 * (no web ACL for CloudFront), and CloudFront there serves only an ICP-filed domain of one's own,
 * never its default *.cloudfront.cn name. An env-agnostic synth is the global partition's (as the
 * staff sign-in is: Cognito).
 */
export function edgeOffered(region: string | undefined): boolean {
  return !(region ?? '').startsWith('cn-');
}

/**
 * Whether to put CloudFront and AWS WAF in front of the API: where the partition offers it, unless
 * `-c waf=false`.
 *
 * @example
 * wafEnabled((k) => app.node.tryGetContext(k), 'eu-west-1') // true
 */
export function wafEnabled(context: ContextReader, region: string | undefined): boolean {
  const raw = context('waf');
  if (raw !== undefined && raw !== true && raw !== false && raw !== 'true' && raw !== 'false') {
    throw new Error(`context waf must be true or false, not ${String(raw)}`);
  }
  return raw !== false && raw !== 'false' && edgeOffered(region);
}

/** `-c wafRateLimit=N`: a whole number within WAF's bounds; absent, DEFAULT_WAF_RATE_LIMIT. */
export function wafRateLimitOf(context: ContextReader): number {
  const raw = context('wafRateLimit');
  if (raw === undefined) return DEFAULT_WAF_RATE_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < WAF_RATE_LIMIT_MIN || n > WAF_RATE_LIMIT_MAX) {
    throw new Error(
      `context wafRateLimit must be a whole number of requests per 5 minutes from ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX}, not ${String(raw)}`,
    );
  }
  return n;
}
