import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WechatApi } from '../../../../shared/adapters/notifiers/wechat-api.js';
import { WechatCustomNotifier } from '../../../../shared/adapters/notifiers/wechat-custom.js';
import { completionMessage } from '../../../../shared/domain/notices/index.js';
import { type ScriptedWechat, scriptWechat } from './wechat-fetch.js';

const credentials = async () => ({ appId: 'wx0123456789abcdef', appSecret: 'secret0123456789' });
const baseUrl = 'https://wechat.test';
const to = { kind: 'wechat', openId: 'oCitizenA0000000000000000000' } as const;
const message = completionMessage(
  { caseId: 'wxcase', trackingNo: '261122-K7M3-9XQ2', completedAt: '2026-11-25T07:00:00.000Z' },
  { link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k' },
);

let wechat: ScriptedWechat;

describe('Class: WechatCustomNotifier', () => {
  beforeEach(() => {
    wechat = scriptWechat();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends the text without the SMS signature, accepted under a cs- id of its own (WeChat gives none)', async () => {
    // Act
    const outcome = await new WechatCustomNotifier({ baseUrl, credentials }).send(to, message);

    // Assess
    expect(outcome).toMatchObject({ outcome: 'accepted', provider: 'wechat', via: 'wechat_custom' });
    expect(outcome.outcome === 'accepted' && outcome.messageId).toMatch(/^cs-/);
    expect(wechat.seen[1]?.body).toEqual({
      touser: to.openId,
      msgtype: 'text',
      // The account names itself: the SMS signature is left out.
      text: {
        content:
          '您的诉求（工单号261122-K7M3-9XQ2）已办结，查看答复并评价：https://12345.example.gov.cn/n/Ab3dE5gH7k',
      },
    });
  });

  it.each([
    [45015, 'wechat_48h_window_closed'],
    [45047, 'wechat_reply_quota_used'],
    [43004, 'wechat_not_following'],
    [40003, 'wechat_invalid_openid'],
  ])('is undeliverable on %i as %s', async (errcode, reason) => {
    // Prepare
    wechat.answers.push(JSON.stringify({ errcode, errmsg: 'no' }));

    // Act
    const outcome = await new WechatCustomNotifier({ baseUrl, credentials }).send(to, message);

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'wechat', reason });
  });

  it('throws on system busy', async () => {
    // Prepare
    wechat.answers.push('{"errcode":-1,"errmsg":"system error"}');

    // Act
    const sending = new WechatCustomNotifier({ baseUrl, credentials }).send(to, message);

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'WechatApiError', errcode: -1 });
  });

  it('shares the token of the client it is given', async () => {
    // Prepare
    const api = new WechatApi({ baseUrl, credentials });
    await new WechatCustomNotifier(api).send(to, message);

    // Act
    await new WechatCustomNotifier(api).send(to, message);

    // Assess
    expect(wechat.tokens).toBe(1);
  });
});
