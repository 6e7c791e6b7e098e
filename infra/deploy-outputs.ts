import { CfnOutput, Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

// The stack outputs the deployment guide (docs/deploy.md) has the operator paste: each address a
// channel's console asks for, whole, and the names the operator scripts take from the environment.

/** The paths of the addresses the operator configures elsewhere (infra/functions.ts routes them). */
export const CHANNEL_PATHS = {
  /** 微信公众号 服务器配置 → 服务器地址(URL). */
  'wechat-url': '/v1/channels/wechat',
  /** The call centre's call-record webhook (signed, docs/channels.md#signing). */
  'hotline-webhook-url': '/v1/channels/hotline/calls',
  /** The staff console, signed in through the staff's issuer. */
  'console-url': '/console',
  /** The citizens' page (web form, status lookup). */
  'citizen-page-url': '/',
} as const;

/**
 * The channel URLs, on the city's own domain when the deploy names one (`-c publicBaseUrl=…`: the
 * ICP-filed domain WeChat and a citizen reach), else on the stack's public URL (the CloudFront
 * distribution with AWS WAF, or the API's default endpoint where there is none; no trailing `/`);
 * and the names the scripts need (`METRICS_TABLE_NAME`, `ARCHIVE_BUCKET_NAME`).
 *
 * @example
 * deployOutputs(this, { publicUrl: this.publicUrl(), publicBaseUrl: this.node.tryGetContext('publicBaseUrl'), metricsTableName, archiveBucketName });
 */
export function deployOutputs(
  scope: Construct,
  o: { publicUrl: string; publicBaseUrl?: unknown; metricsTableName: string; archiveBucketName: string },
): void {
  const custom =
    typeof o.publicBaseUrl === 'string' && URL.canParse(o.publicBaseUrl)
      ? o.publicBaseUrl.replace(/\/+$/, '')
      : undefined;
  for (const [id, path] of Object.entries(CHANNEL_PATHS)) {
    new CfnOutput(scope, id, {
      // The public URL is a token (it names the distribution or the API): joined, so it resolves.
      value: custom ? `${custom}${path}` : Fn.join('', [o.publicUrl, path]),
      description: `The address to configure: ${path}`,
    });
  }
  new CfnOutput(scope, 'metrics-table-name', { value: o.metricsTableName });
  new CfnOutput(scope, 'archive-bucket-name', { value: o.archiveBucketName });
}
