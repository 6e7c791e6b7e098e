// The local stack's outside world of notices: a fake of the chosen SMS provider's API
// (LOCAL_SMS_PROVIDER: tencent by default, aliyun, aws or none) and of WeChat's server API, each
// verifying requests as the provider does, so the official SDKs run for real. What they accept is
// listed at GET /_local/notifications, with the short link's long form and token beside it (the
// docs' curl walks and the tests pick the feedback token up there). Never used in AWS.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoShortLinks } from '../shared/adapters/short-links.js';
import {
  ALIYUN_FAKE_CREDENTIALS,
  ALIYUN_FAKE_SIGN_NAME,
  ALIYUN_FAKE_TEMPLATE_CONFIG,
  startAliyunSmsFake,
} from './fakes/aliyun-sms.js';
import { startAwsSmsFake } from './fakes/aws-sms.js';
import type { OutboxEntry } from './fakes/outbox-entry.js';
import { startTencentSmsFake } from './fakes/tencent-sms.js';
import { LOCAL_WECHAT_TEMPLATES, startWechatApiFake } from './fakes/wechat-api.js';
import { signedWechatPush } from './fakes/wechat-push.js';

export const LOCAL_SMS_PROVIDERS = ['tencent', 'aliyun', 'aws', 'none'] as const;
export type LocalSmsProvider = (typeof LOCAL_SMS_PROVIDERS)[number];

/** A notice as /_local/notifications lists it: the fake's entry, and where its short link leads. */
export type ListedNotice = OutboxEntry & { feedbackUrl?: string; correctionUrl?: string; token?: string };

export interface NotificationOutbox {
  /** The environment the functions need to reach the fakes (endpoints, credentials, templates). */
  readonly env: Record<string, string>;
  /** Notices accepted by any fake, oldest first, each with its long link and token. */
  list(): Promise<ListedNotice[]>;
  /** The next `count` sends of `provider` fail (a test's transient or permanent provider fault). */
  failNext(provider: string, count: number, mode: 'transient' | 'permanent'): boolean;
  /** A fake still has a receipt or an event to push: the stack is not idle yet. */
  busy(): boolean;
  close(): Promise<void>;
}

const TENCENT = {
  secretId: 'AKIDLocalFakeTencentSms0000000000',
  secretKey: 'local-fake-tencent-sms-secret-key',
  sdkAppId: '1400000000',
  signName: '某市12345',
} as const;

/** `LOCAL_SMS_PROVIDER`, checked; default tencent. */
export function localSmsProvider(raw = process.env.LOCAL_SMS_PROVIDER): LocalSmsProvider {
  const value = raw || 'tencent';
  if (!(LOCAL_SMS_PROVIDERS as readonly string[]).includes(value)) {
    throw new Error(`LOCAL_SMS_PROVIDER must be one of ${LOCAL_SMS_PROVIDERS.join(', ')}, not ${value}`);
  }
  return value as LocalSmsProvider;
}

const MAX_ENTRIES = 1000;

/**
 * Starts the fakes. `gatewayUrl` is the local API (the links' origin, the receipts' and WeChat
 * events' destination); `marks` reads the short links the sender stored.
 */
export async function startNotificationOutbox(o: {
  gatewayUrl: string;
  publicBaseUrl: string;
  secrets: {
    WECHAT_APP_ID: string;
    WECHAT_APP_SECRET: string;
    WECHAT_TOKEN: string;
    WECHAT_ENCODING_AES_KEY: string;
    NOTICE_RECEIPT_KEY: string;
  };
  marks: { client: DynamoDBDocumentClient; tableName: string };
  region: string;
  provider?: LocalSmsProvider;
}): Promise<NotificationOutbox> {
  const entries: OutboxEntry[] = [];
  const onMessage = (entry: OutboxEntry) => {
    entries.push(entry);
    if (entries.length > MAX_ENTRIES) entries.shift();
  };
  const receiptUrl = (provider: string) => () =>
    `${o.gatewayUrl}/v1/notices/receipts/${provider}/${encodeURIComponent(o.secrets.NOTICE_RECEIPT_KEY)}`;
  const closers: (() => Promise<void>)[] = [];
  const busyChecks: (() => boolean)[] = [];
  const faults = new Map<string, (count: number, mode: 'transient' | 'permanent') => void>();
  /** Tencent's parameters are positional ({1}, {2} …): the listing names them as the templates do. */
  const tencentNames = new Map<string, readonly string[]>();
  const env: Record<string, string> = {};

  const wechat = await startWechatApiFake({
    appId: o.secrets.WECHAT_APP_ID,
    appSecret: o.secrets.WECHAT_APP_SECRET,
    onMessage,
    // TEMPLATESENDJOBFINISH, signed (and encrypted, the dev secrets having an EncodingAESKey) as WeChat does.
    pushEvent: (xml) =>
      signedWechatPush(
        o.gatewayUrl,
        {
          token: o.secrets.WECHAT_TOKEN,
          encodingAesKey: o.secrets.WECHAT_ENCODING_AES_KEY,
          appId: o.secrets.WECHAT_APP_ID,
        },
        xml,
      ),
  });
  closers.push(() => wechat.close());
  busyChecks.push(() => wechat.busy());
  faults.set('wechat', (count, mode) => wechat.failNext(count, mode));
  // A developer with a real test account may point WECHAT_API_BASE_URL at https://api.weixin.qq.com.
  env.WECHAT_API_BASE_URL = process.env.WECHAT_API_BASE_URL || wechat.url;
  env.WECHAT_TEMPLATES = process.env.WECHAT_TEMPLATES || LOCAL_WECHAT_TEMPLATES;

  const provider = o.provider ?? localSmsProvider();
  env.NOTICE_SMS_PROVIDER = provider;
  // Retries after 2 s, doubling, instead of 30 s: a developer (and a test) sees the retry land.
  env.NOTICE_BACKOFF_BASE_SECONDS = process.env.NOTICE_BACKOFF_BASE_SECONDS || '2';
  if (provider === 'tencent') {
    const base = o.publicBaseUrl.replace(/\/+$/, '');
    // Tencent takes no URL as a parameter: its approved templates hold the link's fixed part.
    const tencent = await startTencentSmsFake({
      ...TENCENT,
      templates: {
        '2000001': { text: `您的诉求（工单号{1}）已办结，查看答复并评价：${base}/n/{2}` },
        '2000002': { text: `您的诉求（工单号{1}）需补充材料，请在{2}个工作日内补正：${base}/n/{3}` },
        '2000003': {
          text: '您的验证码为{1}，{2}分钟内有效。如非本人操作，请忽略本短信。',
          verificationCode: true,
        },
        '2000004': {
          text: `您提交的政府信息公开申请（工单号{1}）经登记不作为信息公开申请处理，告知内容请查看：${base}/n/{2}`,
        },
        '2000005': {
          text: `您的政府信息公开申请（工单号{1}）经批准延长答复期限，将于{2}前答复：${base}/n/{3}`,
        },
        '2000006': {
          text: `您的政府信息公开申请（工单号{1}）已作出答复，答复书按您选择的方式送达，查看：${base}/n/{2}`,
        },
      },
      onMessage,
      receiptUrl: receiptUrl('tencent'),
    });
    closers.push(() => tencent.close());
    busyChecks.push(() => tencent.busy());
    faults.set('tencent', (count, mode) => tencent.failNext(count, mode));
    const templates = {
      completion: { templateId: '2000001', params: ['trackingNo', 'linkCode'] },
      correction_request: { templateId: '2000002', params: ['trackingNo', 'days', 'linkCode'] },
      verification_code: { templateId: '2000003', params: ['code', 'minutes'] },
      disclosure_registration: { templateId: '2000004', params: ['trackingNo', 'linkCode'] },
      disclosure_extension: { templateId: '2000005', params: ['trackingNo', 'dueOn', 'linkCode'] },
      disclosure_reply: { templateId: '2000006', params: ['trackingNo', 'linkCode'] },
    };
    for (const t of Object.values(templates)) tencentNames.set(t.templateId, t.params);
    Object.assign(env, {
      TENCENTCLOUD_SMS_ENDPOINT: tencent.url,
      TENCENT_SMS_SDK_APP_ID: TENCENT.sdkAppId,
      NOTICE_SMS_SIGN_NAME: TENCENT.signName,
      SMS_PROVIDER_CREDENTIALS: JSON.stringify({ secretId: TENCENT.secretId, secretKey: TENCENT.secretKey }),
      NOTICE_SMS_TEMPLATES: JSON.stringify(templates),
    });
  } else if (provider === 'aliyun') {
    const aliyun = await startAliyunSmsFake({ onMessage, receiptUrl: receiptUrl('aliyun') });
    closers.push(() => aliyun.close());
    busyChecks.push(() => aliyun.busy());
    faults.set('aliyun', (count, mode) => aliyun.failNext(count, mode));
    Object.assign(env, {
      ALIBABA_CLOUD_SMS_ENDPOINT: aliyun.url,
      NOTICE_SMS_SIGN_NAME: ALIYUN_FAKE_SIGN_NAME,
      SMS_PROVIDER_CREDENTIALS: JSON.stringify(ALIYUN_FAKE_CREDENTIALS),
      NOTICE_SMS_TEMPLATES: JSON.stringify(ALIYUN_FAKE_TEMPLATE_CONFIG),
    });
  } else if (provider === 'aws') {
    // Delivery events reach AWS through SNS; locally they are not pushed (no SNS), so AWS notices
    // stay `sent`.
    const aws = await startAwsSmsFake({
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      region: o.region,
      onMessage,
    });
    closers.push(() => aws.close());
    busyChecks.push(() => aws.busy());
    faults.set('aws', (count, mode) => aws.failNext(count, mode));
    env.AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 = aws.url;
  }

  const links = new DynamoShortLinks(o.marks.client, o.marks.tableName);
  function named(entry: OutboxEntry): OutboxEntry {
    const names = entry.templateId ? tencentNames.get(entry.templateId) : undefined;
    if (entry.provider !== 'tencent' || !names || !entry.params) return entry;
    const params = Object.fromEntries(names.map((name, i) => [name, entry.params?.[String(i + 1)] ?? '']));
    return { ...entry, params };
  }

  async function listed(raw: OutboxEntry): Promise<ListedNotice> {
    const entry = named(raw);
    const code = /\/n\/([0-9A-Za-z]{10})(?![0-9A-Za-z])/.exec(entry.link ?? entry.text)?.[1];
    const link = code ? await links.get(code, new Date()) : undefined;
    if (!link) return entry;
    const url = new URL(link.target, 'http://local');
    const long = `${o.publicBaseUrl.replace(/\/+$/, '')}${link.target}`;
    const token = url.searchParams.get('token') ?? undefined;
    const kind = url.pathname.endsWith('/correction') ? 'correctionUrl' : 'feedbackUrl';
    return { ...entry, [kind]: long, ...(token ? { token } : {}) };
  }

  return {
    env,
    list: () => Promise.all(entries.map(listed)),
    busy: () => busyChecks.some((busy) => busy()),
    failNext: (name, count, mode) => {
      const fail = faults.get(name);
      fail?.(count, mode);
      return fail !== undefined;
    },
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
