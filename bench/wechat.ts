import { aesKeyFor, freshMessage, localWechatSecrets, signedRequest } from '../scripts/wechat-client.js';
import type { WechatSecrets } from '../shared/adapters/wechat-secrets.js';
import { decryptMessage, sha1Signature, signatureMatches } from '../shared/channels/wechat-crypto.js';
import { interpret, WechatMessageSchema } from '../shared/channels/wechat-message.js';
import { extractEncrypt, guardXml, parseFlatXml } from '../shared/channels/wechat-xml.js';
import { type AppealMessage, buildDirectory } from '../shared/domain/index.js';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';
import type { LatencySummary } from './latency.js';
import { measurePaired } from './paired.js';
import type { RemoteStack } from './stack-client.js';

// WeChat in safe mode: (1) the ingest p99 through the gateway beside a bare SendMessage of the same
// appeal, interleaved as bench/ingest.ts does for the web form; (2) the CPU time of the checks a
// message costs in-process (signature, decrypt, parse), for a 1 KB message.

export const WECHAT_INGEST_TARGET = 2.0;
export const WECHAT_CPU_TARGET_MS = 0.2;

export interface WechatBenchResult {
  warmup: number;
  gateway: LatencySummary & { non200: number; bodyBytes: number };
  bare: LatencySummary;
  ratio: { p50: number; p99: number };
  cpu: { iterations: number; messageBytes: number; perMessageMs: number };
}

/**
 * An openid of WeChat's shape (28 characters) for the i-th citizen of a run. Each message of the
 * bench comes from a citizen of its own, as a city's account sees them: one openid sending a
 * thousand appeals is a flood, which the sender limit refuses after a few (and which would time the
 * refusal, not the intake).
 */
export function benchOpenId(run: number, i: number): string {
  return `oBench${String(run).padStart(7, '0')}${String(i).padStart(15, '0')}`;
}

/** A text message of about `bytes` bytes of XML (Chinese text, as citizens write). */
export function messageOfSize(bytes: number, msgId: string, from = benchOpenId(0, 0)): string {
  const base = freshMessage(
    '<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[oBenchCitizen000000000000000]]></FromUserName>' +
      '<CreateTime>0</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[]]></Content><MsgId>1</MsgId></xml>',
    { msgId, from },
  );
  const filler = '鼓楼区东街12号小区停水两天了请尽快处理';
  let content = '';
  while (Buffer.byteLength(base) + Buffer.byteLength(content) < bytes) content += filler;
  return base.replace('<Content><![CDATA[]]>', `<Content><![CDATA[${content}]]>`);
}

const DIRECTORY = buildDirectory(SEED_DIRECTORY);

function intakeMessage(xml: string): AppealMessage {
  const message = WechatMessageSchema.parse(parseFlatXml(xml));
  const intent = interpret(message, {
    directory: DIRECTORY,
    contactHashKey: 'bench',
    receivedAt: new Date(),
  });
  if (intent.kind !== 'appeal') throw new Error('the bench message is not an appeal');
  return {
    appeal: intent.appeal,
    raw: { contentType: 'text/xml', body: xml, headers: { 'x-wechat-encrypt-type': 'aes' } },
  };
}

/** What the handler does before it touches AWS: size, signature, DTD guard, decrypt, parse. */
export function checkOnce(
  query: URLSearchParams,
  body: string,
  secrets: WechatSecrets,
  keys: Buffer[],
): void {
  const encrypt = extractEncrypt(body);
  const expected = sha1Signature([
    secrets.token,
    query.get('timestamp') ?? '',
    query.get('nonce') ?? '',
    encrypt,
  ]);
  if (!signatureMatches(expected, query.get('msg_signature') ?? undefined)) throw new Error('signature');
  guardXml(body);
  const { xml } = decryptMessage(encrypt, keys, secrets.appId);
  if (!WechatMessageSchema.safeParse(parseFlatXml(xml)).success) throw new Error('schema');
}

/** CPU time per message, from process.cpuUsage over many iterations (user + system). */
export function measureWechatCpu(secrets: WechatSecrets, iterations = 20_000): WechatBenchResult['cpu'] {
  const xml = messageOfSize(1024, '24600000000000001');
  const { query, body } = signedRequest(xml, secrets, 'safe');
  const params = new URLSearchParams(query);
  const keys = [aesKeyFor(secrets)];
  for (let i = 0; i < 2_000; i++) checkOnce(params, body, secrets, keys);
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) checkOnce(params, body, secrets, keys);
  const used = process.cpuUsage(before);
  return {
    iterations,
    messageBytes: Buffer.byteLength(xml),
    perMessageMs: (used.user + used.system) / 1000 / iterations,
  };
}

/**
 * `n` safe-mode WeChat POSTs through the gateway and `n` bare SendMessage calls of a message of the
 * same size, interleaved one for one, after `warmup` of each.
 */
export async function measureWechat(
  stack: RemoteStack,
  dataDir: string,
  n: number,
  warmup: number,
): Promise<WechatBenchResult> {
  const secrets = localWechatSecrets(dataDir);
  const run = Date.now() % 1_000_000;
  const result = await measurePaired(stack, { n, warmup, expectedStatus: 200 }, (i) => {
    // A citizen of its own per message (warm-up included: `i` counts from the first warm-up step).
    const from = benchOpenId(run, i);
    const xml = messageOfSize(1024, `${run}${String(i).padStart(6, '0')}`, from);
    const { query, body } = signedRequest(xml, secrets, 'safe');
    // The message the function would queue for a message like it (another MsgId, so another case).
    const message = intakeMessage(messageOfSize(1024, `9${run}${String(i).padStart(6, '0')}`, from));
    return {
      request: { path: `/v1/channels/wechat?${query}`, headers: { 'content-type': 'text/xml' }, body },
      bare: {
        body: JSON.stringify(message),
        attributes: { caseId: message.appeal.caseId, channel: message.appeal.channel },
      },
    };
  });
  const { unexpected, requestBytes, ...gateway } = result.gateway;
  return {
    warmup,
    gateway: { ...gateway, non200: unexpected, bodyBytes: requestBytes },
    bare: result.bare,
    ratio: result.ratio,
    cpu: measureWechatCpu(secrets),
  };
}

/** Prints the WeChat section in the report's style; true when both targets are met. */
export function reportWechat(result: WechatBenchResult, section: number): boolean {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const ratio = (v: number) => `${v.toFixed(2)}×`;
  console.log(
    `\n${section}. 微信公众号安全模式受理（顺序 ${result.gateway.n} 次，预热 ${result.warmup} 次）`,
  );
  const rows = [
    ['', 'p50', 'p99', 'mean', 'max'],
    [
      `POST /v1/channels/wechat（网关，${result.gateway.bodyBytes} B 密文）`,
      ...[result.gateway.p50, result.gateway.p99, result.gateway.mean, result.gateway.max].map(ms),
    ],
    [
      'SQS SendMessage（裸发）',
      ...[result.bare.p50, result.bare.p99, result.bare.mean, result.bare.max].map(ms),
    ],
    ['比值 网关/裸发', ratio(result.ratio.p50), ratio(result.ratio.p99), '', ''],
  ];
  for (const row of rows)
    console.log(`  ${row.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(10))).join(' ')}`);
  if (result.gateway.non200 > 0) console.log(`  注意：${result.gateway.non200} 次 POST 未返回 200`);
  const ingestOk = result.ratio.p99 <= WECHAT_INGEST_TARGET;
  console.log(
    `  目标 p99 网关/裸发 ≤ ${WECHAT_INGEST_TARGET.toFixed(1)}（${ratio(result.ratio.p99)}）：${ingestOk ? 'meets' : 'misses'}`,
  );
  const cpuOk = result.cpu.perMessageMs < WECHAT_CPU_TARGET_MS;
  console.log(
    `  验签 + 解密 + 解析 CPU 时间（${result.cpu.messageBytes} B 明文，${result.cpu.iterations} 次）：` +
      `${(result.cpu.perMessageMs * 1000).toFixed(1)} µs/条，目标 < ${WECHAT_CPU_TARGET_MS} ms：${cpuOk ? 'meets' : 'misses'}`,
  );
  return ingestOk && cpuOk;
}
