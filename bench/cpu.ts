import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { WebformSubmissionSchema } from '../functions/ingest-webform/webform.js';
import { hotlinePath, randomCallRecord, signedHeaders } from '../scripts/hotline-client.js';
import { signedRequest } from '../scripts/wechat-client.js';
import type { WechatSecrets } from '../shared/adapters/wechat-secrets.js';
import { parseHotlinePayload } from '../shared/channels/hotline.js';
import { verifySignature } from '../shared/channels/hotline-signature.js';
import { aesKeyOf } from '../shared/channels/wechat-crypto.js';
import { randomWebformBody, seededRandom } from '../shared/seed/appeals.js';
import { checkOnce, messageOfSize } from './wechat.js';

// CPU time per message of each channel's checks before it touches AWS, in this process: what a
// Lambda pays per message whatever the network does. Each beside its floor, a bare JSON.parse of
// the same bytes (for WeChat, of its XML body carried as one JSON string), so the ratio says what
// the verification and the schema add to the least any JSON endpoint must do.

export interface ChannelCpu {
  readonly channel: 'webform' | 'hotline' | 'wechat';
  /** What the measured step does, in the report's words. */
  readonly step: string;
  readonly bodyBytes: number;
  readonly iterations: number;
  /** CPU time (user + system) per message, in microseconds. */
  readonly perMessageUs: number;
  readonly floorUs: number;
  readonly ratio: number;
}

/** CPU microseconds per call of `fn`, after a warm-up (the JIT's), from process.cpuUsage. */
export function cpuPerCall(fn: () => void, iterations: number): number {
  for (let i = 0; i < Math.max(200, iterations / 10); i++) fn();
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / iterations;
}

function measured(
  channel: ChannelCpu['channel'],
  step: string,
  body: string,
  iterations: number,
  check: () => void,
  floor: () => void,
): ChannelCpu {
  // Checked once first: a check that throws would time the throw, not the intake.
  check();
  const perMessageUs = cpuPerCall(check, iterations);
  const floorUs = cpuPerCall(floor, iterations);
  return {
    channel,
    step,
    bodyBytes: Buffer.byteLength(body),
    iterations,
    perMessageUs,
    floorUs,
    ratio: perMessageUs / floorUs,
  };
}

/** A bench-only WeChat account: a token, a fresh EncodingAESKey and an AppID of the right shapes. */
function benchWechatSecrets(): WechatSecrets {
  return {
    token: 'benchToken2026',
    encodingAesKey: randomBytes(32).toString('base64').slice(0, 43),
    appId: 'wx0123456789abcdef',
    requireSafeMode: true,
  };
}

export function measureChannelCpu(iterations = 20_000): ChannelCpu[] {
  const rng = seededRandom(2026);

  const webBody = JSON.stringify(randomWebformBody(rng));
  const webform = measured(
    'webform',
    'JSON.parse + 表单模式校验',
    webBody,
    iterations,
    () => {
      WebformSubmissionSchema.parse(JSON.parse(webBody));
    },
    () => JSON.parse(webBody),
  );

  const callBody = JSON.stringify(randomCallRecord(rng, 'bench-cpu-call'));
  const path = hotlinePath(callBody);
  const headers = signedHeaders('bench-hotline-secret', callBody, path);
  const hotline = measured(
    'hotline',
    'HMAC 验签 + JSON.parse + 话单模式校验',
    callBody,
    iterations,
    () => {
      const bytes = Buffer.from(callBody, 'utf8');
      const check = verifySignature({
        secret: 'bench-hotline-secret',
        signature: headers['x-signature'],
        timestamp: headers['x-timestamp'],
        body: bytes,
        nowMs: Date.now(),
        version: headers['x-signature-version'],
        request: { method: 'POST', path },
      });
      if (!check.ok || !isUtf8(bytes)) throw new Error(`bench: the call's signature is refused`);
      parseHotlinePayload('call-record', JSON.parse(callBody));
    },
    () => JSON.parse(callBody),
  );

  const secrets = benchWechatSecrets();
  const { query, body } = signedRequest(messageOfSize(1024, '24600000000000001'), secrets, 'safe');
  const params = new URLSearchParams(query);
  const keys = [aesKeyOf(secrets.encodingAesKey ?? '')];
  const asJson = JSON.stringify(body);
  const wechat = measured(
    'wechat',
    '验签 + DTD 检查 + AES 解密 + XML 解析 + 模式校验',
    body,
    iterations,
    () => checkOnce(params, body, secrets, keys),
    () => JSON.parse(asJson),
  );

  return [webform, hotline, wechat];
}

/** Prints the section; true (the ratios have no target; WeChat's absolute one is in its own section). */
export function reportChannelCpu(
  results: readonly ChannelCpu[],
  section: number,
  table: (rows: string[][]) => string,
): true {
  console.log(`\n${section}. 各渠道验签与解析的 CPU 时间（进程内，每条消息；底线为同一报文的 JSON.parse）`);
  console.log(
    table([
      ['渠道', '步骤', '报文', 'CPU 时间', '底线', '比值'],
      ...results.map((r) => [
        r.channel,
        r.step,
        `${r.bodyBytes} B`,
        `${r.perMessageUs.toFixed(1)} µs`,
        `${r.floorUs.toFixed(2)} µs`,
        `${r.ratio.toFixed(1)}×`,
      ]),
    ]),
  );
  return true;
}
