import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WechatApiError } from '../../../../shared/adapters/notifiers/wechat-api.js';
import {
  fitTemplateValue,
  parseWechatTemplates,
  WechatTemplateNotifier,
  type WechatTemplates,
} from '../../../../shared/adapters/notifiers/wechat-template.js';
import { completionMessage, verificationCodeMessage } from '../../../../shared/domain/notices/index.js';
import { type ScriptedWechat, scriptWechat } from './wechat-fetch.js';

const NOW = Date.parse('2026-11-25T08:00:00Z');
const credentials = async () => ({ appId: 'wx0123456789abcdef', appSecret: 'secret0123456789' });
const baseUrl = 'https://wechat.test';
const TEMPLATE_ID = 'Xy9-Ab3dE5gH7kLmN0pQrStUvWx_yZ0123456789ABC';
const templates: WechatTemplates = parseWechatTemplates(
  JSON.stringify({
    completion: {
      templateId: TEMPLATE_ID,
      data: { character_string1: 'trackingNo', thing2: { text: '已办结，请查看答复并评价' } },
    },
  }),
);
const message = completionMessage(
  { caseId: 'wxcase', trackingNo: '261122-K7M3-9XQ2', completedAt: '2026-11-25T07:00:00.000Z' },
  { link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k' },
);
const openId = 'oCitizenA0000000000000000000';
const recent = { kind: 'wechat', openId, lastMessageAt: '2026-11-24T08:00:00Z' } as const;
const old = { kind: 'wechat', openId, lastMessageAt: '2026-11-23T07:59:00Z' } as const;

function notifier(over: Partial<ConstructorParameters<typeof WechatTemplateNotifier>[0]> = {}) {
  return new WechatTemplateNotifier({ credentials, templates, baseUrl, now: () => NOW, ...over });
}

let wechat: ScriptedWechat;

describe('Class: WechatTemplateNotifier', () => {
  beforeEach(() => {
    wechat = scriptWechat();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends the template message and is accepted under its msgid', async () => {
    // Act
    const outcome = await notifier().send({ kind: 'wechat', openId }, message);

    // Assess
    expect(outcome).toEqual({
      outcome: 'accepted',
      provider: 'wechat',
      via: 'wechat_template',
      messageId: '200163836',
    });
    expect(wechat.seen.map((s) => s.path)).toEqual([
      '/cgi-bin/stable_token',
      '/cgi-bin/message/template/send',
    ]);
    expect(wechat.seen[1]).toEqual({
      path: '/cgi-bin/message/template/send',
      accessToken: 'token-1',
      body: {
        touser: openId,
        template_id: TEMPLATE_ID,
        url: 'https://12345.example.gov.cn/n/Ab3dE5gH7k',
        data: {
          character_string1: { value: '261122-K7M3-9XQ2' },
          thing2: { value: '已办结，请查看答复并评价' },
        },
      },
    });
  });

  it('keeps every digit of a msgid past 2^53', async () => {
    // Prepare
    wechat.answers.push('{"errcode":0,"errmsg":"ok","msgid":3147355296836763649}');

    // Act
    const outcome = await notifier().send({ kind: 'wechat', openId }, message);

    // Assess
    expect(outcome).toMatchObject({ outcome: 'accepted', messageId: '3147355296836763649' });
  });

  it('reuses the cached access token for the next message', async () => {
    // Prepare
    const sender = notifier();

    // Act
    await sender.send({ kind: 'wechat', openId }, message);
    await sender.send({ kind: 'wechat', openId }, message);

    // Assess
    expect(wechat.tokens).toBe(1);
  });

  it('fetches the token again once when WeChat refuses it, then sends', async () => {
    // Prepare
    wechat.answers.push('{"errcode":40001,"errmsg":"invalid credential"}');

    // Act
    const outcome = await notifier().send({ kind: 'wechat', openId }, message);

    // Assess
    expect(outcome).toMatchObject({ outcome: 'accepted', messageId: '200163836' });
    expect(wechat.seen.map((s) => s.accessToken ?? s.path)).toEqual([
      '/cgi-bin/stable_token',
      'token-1',
      '/cgi-bin/stable_token',
      'token-2',
    ]);
  });

  it('throws when a fresh token is refused too', async () => {
    // Prepare
    wechat.answers.push('{"errcode":42001,"errmsg":"expired"}', '{"errcode":40014,"errmsg":"invalid"}');

    // Act
    const sending = notifier().send({ kind: 'wechat', openId }, message);

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'WechatApiError', errcode: 40014 });
    expect(wechat.tokens).toBe(2);
  });

  it.each([
    ['-1 system busy', '{"errcode":-1,"errmsg":"system error"}'],
    ['45009 the daily limit', '{"errcode":45009,"errmsg":"reach max api daily quota limit"}'],
    ['an errcode it does not know', '{"errcode":61000,"errmsg":"?"}'],
  ])('throws on %s, so the notice is retried', async (_what, answer) => {
    // Prepare
    wechat.answers.push(answer);

    // Act
    const sending = notifier().send(recent, message);

    // Assess
    await expect(sending).rejects.toBeInstanceOf(WechatApiError);
    expect(wechat.seen.some((s) => s.path.endsWith('custom/send'))).toBe(false);
  });

  it('throws when WeChat cannot be reached', async () => {
    // Prepare
    vi.mocked(fetch).mockRejectedValueOnce(new TypeError('fetch failed'));

    // Act
    const sending = notifier().send({ kind: 'wechat', openId }, message);

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'WechatApiError' });
  });

  it('throws when the AppSecret is refused', async () => {
    // Prepare
    vi.mocked(fetch).mockResolvedValueOnce(new Response('{"errcode":40125,"errmsg":"invalid appsecret"}'));

    // Act
    const sending = notifier().send({ kind: 'wechat', openId }, message);

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'WechatApiError', errcode: 40125 });
  });

  describe('refusals for good', () => {
    it.each([
      [40037, 'wechat_template_invalid'],
      [43101, 'wechat_template_refused'],
      [47003, 'wechat_template_argument_invalid'],
    ])('falls back to the customer-service message after %i inside the 48-hour window', async (errcode) => {
      // Prepare
      wechat.answers.push(JSON.stringify({ errcode, errmsg: 'no' }));

      // Act
      const outcome = await notifier().send(recent, message);

      // Assess
      expect(outcome).toMatchObject({ outcome: 'accepted', provider: 'wechat', via: 'wechat_custom' });
      expect(outcome.outcome === 'accepted' && outcome.messageId).toMatch(/^cs-[0-9a-f-]{36}$/);
      expect(wechat.seen.at(-1)).toEqual({
        path: '/cgi-bin/message/custom/send',
        accessToken: 'token-1',
        body: { touser: openId, msgtype: 'text', text: { content: message.text.replace('【12345】', '') } },
      });
    });

    it.each([
      [40037, 'wechat_template_invalid'],
      [43101, 'wechat_template_refused'],
      [47003, 'wechat_template_argument_invalid'],
    ])('is undeliverable after %i once the window has closed', async (errcode, reason) => {
      // Prepare
      wechat.answers.push(JSON.stringify({ errcode, errmsg: 'no' }));

      // Act
      const outcome = await notifier().send(old, message);

      // Assess
      expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'wechat', reason });
      expect(wechat.seen.some((s) => s.path.endsWith('custom/send'))).toBe(false);
    });

    it('is undeliverable without a lastMessageAt, or with one in the future', async () => {
      // Prepare
      wechat.answers.push('{"errcode":43101,"errmsg":"no"}', '{"errcode":43101,"errmsg":"no"}');

      // Act
      const none = await notifier().send({ kind: 'wechat', openId }, message);
      const future = await notifier().send(
        { kind: 'wechat', openId, lastMessageAt: '2026-11-26T08:00:00Z' },
        message,
      );

      // Assess
      expect(none).toMatchObject({ outcome: 'undeliverable', reason: 'wechat_template_refused' });
      expect(future).toMatchObject({ outcome: 'undeliverable', reason: 'wechat_template_refused' });
    });

    it.each([
      [43004, 'wechat_not_following'],
      [40003, 'wechat_invalid_openid'],
    ])('is undeliverable after %i without trying a customer-service message', async (errcode, reason) => {
      // Prepare
      wechat.answers.push(JSON.stringify({ errcode, errmsg: 'no' }));

      // Act
      const outcome = await notifier().send(recent, message);

      // Assess
      expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'wechat', reason });
      expect(wechat.seen.some((s) => s.path.endsWith('custom/send'))).toBe(false);
    });

    it('reports the customer-service refusal when the fallback is refused too', async () => {
      // Prepare
      wechat.answers.push('{"errcode":43101,"errmsg":"no"}', '{"errcode":45015,"errmsg":"out of time"}');

      // Act
      const outcome = await notifier().send(recent, message);

      // Assess
      expect(outcome).toEqual({
        outcome: 'undeliverable',
        provider: 'wechat',
        reason: 'wechat_48h_window_closed',
      });
    });

    it('throws when the fallback fails for a while', async () => {
      // Prepare
      wechat.answers.push('{"errcode":43101,"errmsg":"no"}', '{"errcode":-1,"errmsg":"busy"}');

      // Act
      const sending = notifier().send(recent, message);

      // Assess
      await expect(sending).rejects.toMatchObject({ errcode: -1 });
    });
  });

  describe('a kind without a template', () => {
    const code = verificationCodeMessage({ verificationId: 'v1', code: '123456', minutes: 5 });

    it('sends the customer-service message inside the window', async () => {
      // Act
      const outcome = await notifier().send(recent, code);

      // Assess
      expect(outcome).toMatchObject({ outcome: 'accepted', via: 'wechat_custom' });
      expect(wechat.seen.map((s) => s.path)).toEqual([
        '/cgi-bin/stable_token',
        '/cgi-bin/message/custom/send',
      ]);
    });

    it('is undeliverable as template_not_configured outside it, asking WeChat nothing', async () => {
      // Act
      const outcome = await notifier().send(old, code);

      // Assess
      expect(outcome).toEqual({
        outcome: 'undeliverable',
        provider: 'wechat',
        reason: 'template_not_configured',
      });
      expect(wechat.seen).toEqual([]);
    });
  });

  it('cuts a thing value to 20 characters and a character_string to 32', async () => {
    // Prepare
    const long = parseWechatTemplates(
      JSON.stringify({
        completion: { templateId: TEMPLATE_ID, data: { thing3: 'link', character_string4: 'link' } },
      }),
    );

    // Act
    await notifier({ templates: long }).send({ kind: 'wechat', openId }, message);

    // Assess
    const data = wechat.seen[1]?.body.data as Record<string, { value: string }>;
    expect(data.thing3?.value).toBe('https://12345.examp…');
    expect([...(data.thing3?.value ?? '')]).toHaveLength(20);
    expect(data.character_string4?.value).toBe('https://12345.example.gov.cn/n/A');
  });

  it('refuses an SMS address', async () => {
    // Act
    const sending = notifier().send({ kind: 'sms', phone: '13800138000' }, message);

    // Assess
    await expect(sending).rejects.toThrow(/cannot reach a sms address/);
  });
});

describe('Function: fitTemplateValue', () => {
  it.each([
    ['thing2', '鼓楼区东街12号小区从昨晚开始停水至今没有通知任何人', '鼓楼区东街12号小区从昨晚开始停水至今…'],
    ['thing2', '已办结', '已办结'],
    ['phrase5', '已经全部办结', '已经全部办'],
    ['time3', '2026年11月25日 15:01', '2026年11月25日 15:01'],
    ['keyword1', 'x'.repeat(50), 'x'.repeat(50)],
  ])('fits %s: %s', (key, value, expected) => {
    // Act
    const fitted = fitTemplateValue(key, value);

    // Assess
    expect(fitted).toBe(expected);
  });
});

describe('Function: parseWechatTemplates', () => {
  it('reads nothing as no templates', () => {
    // Act
    const parsed = parseWechatTemplates(undefined);

    // Assess
    expect(parsed).toEqual({});
  });

  it.each([
    ['an unknown kind', { reminder: { templateId: 'abc', data: { thing1: 'trackingNo' } } }],
    ['a parameter no message has', { completion: { templateId: 'abc', data: { thing1: 'phone' } } }],
    ['a parameter the kind does not carry', { completion: { templateId: 'abc', data: { thing1: 'code' } } }],
    ['a key that is not a keyword', { completion: { templateId: 'abc', data: { 'thing-1': 'trackingNo' } } }],
    ['no data fields', { completion: { templateId: 'abc', data: {} } }],
    [
      'a fixed text longer than its type',
      { completion: { templateId: 'abc', data: { thing1: { text: '字'.repeat(21) } } } },
    ],
    [
      'a template id with odd characters',
      { completion: { templateId: 'a b', data: { thing1: 'trackingNo' } } },
    ],
    ['no template id', { completion: { data: { thing1: 'trackingNo' } } }],
  ])('refuses %s', (_what, config) => {
    // Act
    const parsing = () => parseWechatTemplates(JSON.stringify(config));

    // Assess
    expect(parsing).toThrow();
  });

  it('takes a template for each kind with parameters and fixed texts', () => {
    // Prepare
    const config = {
      completion: { templateId: 'T1', data: { character_string1: 'trackingNo', thing2: { text: '已办结' } } },
      correction_request: { templateId: 'T2', data: { character_string1: 'trackingNo', number2: 'days' } },
    };

    // Act
    const parsed = parseWechatTemplates(JSON.stringify(config));

    // Assess
    expect(parsed).toEqual(config);
  });
});
