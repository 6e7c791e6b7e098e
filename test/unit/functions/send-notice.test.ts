import { describe, expect, it } from 'vitest';
import { workingDaysLeft } from '../../../functions/send-notice/message-of.js';
import { reasonOf, type SendDeps, STALE_CLAIM_MS, sendNotice } from '../../../functions/send-notice/send.js';
import { verifyCorrectionToken } from '../../../shared/adapters/correction-token.js';
import { verifyFeedbackToken } from '../../../shared/adapters/feedback-token.js';
import type { AttemptClaim, NoticeRef } from '../../../shared/adapters/notice-send-marks.js';
import type {
  CitizenAddress,
  CitizenNotifier,
  SendOutcome,
} from '../../../shared/adapters/notifiers/port.js';
import type { ShortLink } from '../../../shared/adapters/short-links.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { hashPhone } from '../../../shared/domain/identity.js';
import { type Actor, applyAction } from '../../../shared/domain/lifecycle/index.js';
import {
  MAX_NOTICE_PARTS,
  type Notice,
  type NoticeEvent,
  type NoticeMessage,
  noticesAfter,
  queuedNotice,
  smsParts,
  withQueuedNotice,
} from '../../../shared/domain/notices/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const CONTACT_KEY = 'unit-contact-key';
const TOKEN_KEY = 'unit-feedback-key';
const PHONE = '13912345678';
const OPENID = 'oUser-openid-0001';
const NOW = new Date('2026-11-23T03:00:00.000Z');
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };

function completedCase(overrides: Parameters<typeof testAppeal>[0] = {}): Case {
  const kase = createCase(
    testAppeal({
      contact: { phoneHash: hashPhone(PHONE, CONTACT_KEY), phoneMasked: '139****5678' },
      ...overrides,
    }),
    {
      directory: TEST_DIRECTORY,
      calendar: WEEKENDS_ONLY,
      now: new Date('2026-11-20T02:00:05Z'),
      rawKey: 'raw/k.json',
    },
  );
  const ctx = { now: new Date('2026-11-23T02:00:00Z'), calendar: WEEKENDS_ONLY };
  const acked = applyAction(kase, { action: 'acknowledge' }, water, ctx);
  if (!acked.ok) throw new Error(acked.refusal.code);
  const done = applyAction(acked.case, { action: 'complete', reply: '管道已修复' }, water, ctx);
  if (!done.ok) throw new Error(done.refusal.code);
  return done.case;
}

/** The ports as fakes, keeping one log of what happened in which order. */
class World {
  readonly log: string[] = [];
  readonly cases = new Map<string, Case>();
  readonly claims = new Map<string, string>();
  readonly messageMarks = new Map<string, NoticeRef>();
  readonly links = new Map<string, ShortLink>();
  readonly sent: { to: CitizenAddress; message: NoticeMessage }[] = [];
  raw = JSON.stringify({ phone: PHONE });
  answer: () => Promise<SendOutcome> = async () => ({
    outcome: 'accepted',
    provider: 'tencent',
    via: 'sms',
    messageId: 'sid-1',
  });
  sms: CitizenNotifier | undefined = {
    provider: 'tencent',
    send: async (to, message) => {
      this.log.push('provider');
      this.sent.push({ to, message });
      return this.answer();
    },
  };
  wechat: CitizenNotifier | undefined = {
    provider: 'wechat',
    send: async (to, message) => {
      this.log.push('provider');
      this.sent.push({ to, message });
      return { outcome: 'accepted', provider: 'wechat', via: 'wechat_template', messageId: 'msg-9' };
    },
  };

  constructor(kase: Case) {
    this.cases.set(kase.caseId, kase);
  }

  notice(caseId: string): Notice | undefined {
    return this.cases.get(caseId)?.notices?.[0];
  }

  deps(): SendDeps {
    return {
      cases: { getById: async (id) => this.cases.get(id) },
      record: async (caseId: string, noticeId: string, event: NoticeEvent) => {
        this.log.push(`record:${event.type}`);
        const kase = this.cases.get(caseId);
        const notices = kase && noticesAfter(kase.notices, noticeId, event);
        if (!kase || !notices) return 'unchanged';
        this.cases.set(caseId, { ...kase, notices, version: kase.version + 1 });
        return 'updated';
      },
      marks: {
        claimAttempt: async (ref, attempt, now): Promise<AttemptClaim> => {
          const key = `${ref.caseId}#${ref.noticeId}#${attempt}`;
          const at = this.claims.get(key);
          if (at) return { kind: 'taken', claimedAt: at };
          this.claims.set(key, now.toISOString());
          this.log.push(`claim:${attempt}`);
          return { kind: 'claimed' };
        },
        putMessage: async (provider, messageId, ref) => {
          this.log.push('message-mark');
          this.messageMarks.set(`${provider}#${messageId}`, ref);
        },
        noticeOfMessage: async (provider, messageId) => this.messageMarks.get(`${provider}#${messageId}`),
      },
      links: {
        put: async (code, link) => {
          this.links.set(code, link);
        },
        get: async (code) => this.links.get(code),
      },
      raw: {
        get: async () => ({
          caseId: 'c',
          channel: 'webform',
          contentType: 'application/json',
          body: this.raw,
        }),
      },
      notifiers: { sms: async () => this.sms, wechat: async () => this.wechat },
      contactHashKey: async () => CONTACT_KEY,
      feedbackTokenKey: async () => TOKEN_KEY,
      publicBaseUrl: () => 'https://12345.example.gov.cn/',
      followUpDays: () => 7,
      calendar: async () => WEEKENDS_ONLY,
      now: () => NOW,
    };
  }
}

function refOf(kase: Case): NoticeRef {
  const notice = kase.notices?.[0];
  if (!notice) throw new Error('no notice');
  return { caseId: kase.caseId, noticeId: notice.noticeId };
}

describe('Use case: sendNotice', () => {
  it('sends a completion notice once, writing the receipt mark before it records sent', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result).toEqual({ kind: 'accepted', provider: 'tencent', messageId: 'sid-1' });
    expect(world.log).toEqual(['claim:1', 'provider', 'message-mark', 'record:accepted']);
    expect(world.notice(kase.caseId)).toMatchObject({
      state: 'sent',
      attempts: 1,
      messageId: 'sid-1',
      via: 'sms',
    });
    expect(world.messageMarks.get('tencent#sid-1')).toEqual(refOf(kase));
    const { to, message } = world.sent[0] ?? {};
    expect(to).toEqual({ kind: 'sms', phone: PHONE });
    expect(message?.kind).toBe('completion');
    expect(message?.text).toContain(kase.trackingNo);
    expect(message?.link).toMatch(/^https:\/\/12345\.example\.gov\.cn\/n\/[0-9A-Za-z]{10}$/);
  });

  it('stores a short link that leads to the rating page with a token that verifies', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);

    // Act
    await sendNotice(refOf(kase), world.deps());

    // Assess
    const code = world.sent[0]?.message.link?.split('/n/')[1] ?? '';
    const link = world.links.get(code);
    const target = new URL(link?.target ?? '', 'https://x');
    expect(target.pathname).toBe(`/v1/cases/${kase.trackingNo}/feedback`);
    expect(verifyFeedbackToken(target.searchParams.get('token') ?? '', kase, TOKEN_KEY)).toBe(true);
    expect(link?.expiresAt.getTime()).toBeGreaterThan(NOW.getTime() + 7 * 86_400_000);
  });

  it('does nothing for a notice already sent (a replayed message)', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);
    await sendNotice(refOf(kase), world.deps());
    world.log.length = 0;

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result).toEqual({ kind: 'settled', state: 'sent' });
    expect(world.log).toEqual([]);
    expect(world.sent).toHaveLength(1);
  });

  it('lets only one of two deliveries of the same message reach the provider', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);

    // Act
    const [first, second] = await Promise.all([
      sendNotice(refOf(kase), world.deps()),
      sendNotice(refOf(kase), world.deps()),
    ]);

    // Assess
    expect([first.kind, second.kind].sort()).toEqual(['accepted', 'retry']);
    expect(world.sent).toHaveLength(1);
    expect(world.log.filter((l) => l === 'provider')).toHaveLength(1);
  });

  it('records a thrown attempt as failed with the error code, never sent, and asks for a retry', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);
    world.answer = async () => {
      throw Object.assign(new Error('rate limited'), { code: 'LimitExceeded.PhoneNumberThirtySecondLimit' });
    };

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result).toEqual({
      kind: 'retry',
      reason: 'LimitExceeded.PhoneNumberThirtySecondLimit',
      provider: 'tencent',
    });
    expect(world.notice(kase.caseId)).toMatchObject({ state: 'failed', attempts: 1, provider: 'tencent' });
    expect(world.log).toEqual(['claim:1', 'provider', 'record:attempt_failed']);
    expect(world.messageMarks.size).toBe(0);
  });

  it('retries a failed notice as attempt 2, and records sent when the provider accepts', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);
    world.answer = async () => {
      throw new Error('socket hang up');
    };
    await sendNotice(refOf(kase), world.deps());
    world.answer = async () => ({ outcome: 'accepted', provider: 'tencent', via: 'sms', messageId: 'sid-2' });

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result.kind).toBe('accepted');
    expect(world.claims.size).toBe(2);
    expect(world.notice(kase.caseId)).toMatchObject({ state: 'sent', attempts: 2, messageId: 'sid-2' });
  });

  it('records undeliverable when the provider refuses for good', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);
    world.answer = async () => ({ outcome: 'undeliverable', provider: 'tencent', reason: 'invalid_phone' });

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result).toEqual({ kind: 'undeliverable', provider: 'tencent', reason: 'invalid_phone' });
    expect(world.notice(kase.caseId)).toMatchObject({ state: 'undeliverable', reason: 'invalid_phone' });
  });

  it('records undeliverable no_verified_address when the payload names nobody matching the case', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);
    world.raw = JSON.stringify({ phone: '13800000000' });

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result).toEqual({ kind: 'undeliverable', reason: 'no_verified_address' });
    expect(world.sent).toHaveLength(0);
    expect(world.notice(kase.caseId)).toMatchObject({
      state: 'undeliverable',
      reason: 'no_verified_address',
    });
  });

  it('records undeliverable sms_not_configured when the deployment has no SMS provider', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);
    world.sms = undefined;

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result).toEqual({ kind: 'undeliverable', reason: 'sms_not_configured' });
    expect(world.notice(kase.caseId)?.state).toBe('undeliverable');
  });

  it('sends a WeChat case through the WeChat notifier with the time the citizen last wrote', async () => {
    // Prepare
    const kase = completedCase({
      channel: 'wechat',
      contact: { openIdHash: hashPhone(OPENID, CONTACT_KEY) },
    });
    const world = new World(kase);
    world.raw = `<xml><FromUserName><![CDATA[${OPENID}]]></FromUserName><Content>停水</Content></xml>`;

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result).toEqual({ kind: 'accepted', provider: 'wechat', messageId: 'msg-9' });
    expect(world.sent[0]?.to).toEqual({ kind: 'wechat', openId: OPENID, lastMessageAt: kase.receivedAt });
  });

  it('records undeliverable wechat_app_secret_missing when WeChat cannot send', async () => {
    // Prepare
    const kase = completedCase({
      channel: 'wechat',
      contact: { openIdHash: hashPhone(OPENID, CONTACT_KEY) },
    });
    const world = new World(kase);
    world.raw = `<xml><FromUserName>${OPENID}</FromUserName></xml>`;
    world.wechat = undefined;

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result).toEqual({ kind: 'undeliverable', reason: 'wechat_app_secret_missing' });
  });

  it('records an attempt whose sender died as failed once its claim is stale, so the next can go', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);
    const ref = refOf(kase);
    world.claims.set(
      `${ref.caseId}#${ref.noticeId}#1`,
      new Date(NOW.getTime() - STALE_CLAIM_MS - 1).toISOString(),
    );

    // Act
    const first = await sendNotice(ref, world.deps());
    const second = await sendNotice(ref, world.deps());

    // Assess
    expect(first).toEqual({ kind: 'retry', reason: 'attempt_interrupted' });
    expect(second.kind).toBe('accepted');
    expect(world.notice(kase.caseId)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('loses no notice whose sent could not be recorded (DynamoDB throttled): the retry waits, then sends it again', async () => {
    // Catches: a throttle after the provider accepted leaving the notice stuck (never sent nor
    // failed), or a second delivery reaching the provider while the first attempt's claim is fresh.
    // Prepare: the write of `accepted` is throttled once, after the SDK's own retries
    const kase = completedCase();
    const world = new World(kase);
    const ref = refOf(kase);
    const deps = world.deps();
    let throttled = false;
    const record: SendDeps['record'] = async (caseId, noticeId, event) => {
      if (event.type === 'accepted' && !throttled) {
        throttled = true;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
      }
      return deps.record(caseId, noticeId, event);
    };
    const later = new Date(NOW.getTime() + STALE_CLAIM_MS + 1);

    // Act: the failed delivery, SQS's next delivery at once, and the ones after the claim went stale
    const first = await sendNotice(ref, { ...deps, record }).catch((error: Error) => error.name);
    const soon = await sendNotice(ref, { ...deps, record });
    const stale = await sendNotice(ref, { ...deps, record, now: () => later });
    const last = await sendNotice(ref, { ...deps, record, now: () => later });

    // Assess: sent in the end; twice to the provider (the documented window), never while claimed
    expect(first).toBe('ProvisionedThroughputExceededException');
    expect(soon).toEqual({ kind: 'retry', reason: 'attempt_in_progress' });
    expect(stale).toEqual({ kind: 'retry', reason: 'attempt_interrupted' });
    expect(last.kind).toBe('accepted');
    expect(world.sent).toHaveLength(2);
    expect(world.notice(kase.caseId)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('sends a correction request with its working days left and a 补正 link that verifies', async () => {
    // Prepare
    const base = completedCase();
    const requestedAt = '2026-11-23T02:30:00.000Z';
    const kase: Case = {
      ...base,
      notices: withQueuedNotice([], queuedNotice('correction_request', requestedAt)),
      correction: {
        requestedAt,
        requestedBy: 'u-1',
        question: '请补充照片',
        dueAt: '2026-11-30T15:59:59.000Z',
      },
    };
    const world = new World(kase);

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result.kind).toBe('accepted');
    const message = world.sent[0]?.message;
    expect(message?.kind).toBe('correction_request');
    expect(message?.params.days).toBe('5');
    const code = message?.link?.split('/n/')[1] ?? '';
    const target = new URL(world.links.get(code)?.target ?? '', 'https://x');
    expect(target.pathname).toBe(`/v1/cases/${kase.trackingNo}/correction`);
    expect(
      verifyCorrectionToken(target.searchParams.get('token') ?? '', kase.caseId, requestedAt, TOKEN_KEY),
    ).toBe(true);
  });

  it.each([
    ['disclosure_reply', '已作出答复，答复书按您选择的方式送达'],
    ['disclosure_extension', '经批准延长答复期限，将于2026年11月27日前答复'],
    ['disclosure_registration', '经登记不作为信息公开申请处理'],
  ] as const)(
    'sends a disclosure request’s %s notice with a link to the status lookup',
    async (kind, words) => {
      // Prepare: the reply's notice needs the case closed as replied
      const base = completedCase();
      const at = '2026-11-23T02:30:00.000Z';
      const kase: Case = {
        ...base,
        type: 'disclosure',
        status: 'closed',
        closeReason: 'replied',
        notices: withQueuedNotice([], queuedNotice(kind, at)),
      };
      const world = new World(kase);

      // Act
      const result = await sendNotice(refOf(kase), world.deps());

      // Assess
      expect(result.kind).toBe('accepted');
      const message = world.sent[0]?.message;
      expect(message?.kind).toBe(kind);
      expect(message?.text).toContain(words);
      expect(message?.text).toContain(kase.trackingNo);
      expect(message?.params.trackingNo).toBe(kase.trackingNo);
      expect(smsParts(message?.text ?? '')).toBeLessThanOrEqual(MAX_NOTICE_PARTS);
      const code = message?.link?.split('/n/')[1] ?? '';
      expect(world.links.get(code)?.target).toBe(`/?trackingNo=${kase.trackingNo}`);
    },
  );

  it('does not send a reply notice for a case not closed as replied (superseded)', async () => {
    // Prepare
    const base = completedCase();
    const kase: Case = {
      ...base,
      notices: withQueuedNotice([], queuedNotice('disclosure_reply', '2026-11-23T02:30:00.000Z')),
    };
    const world = new World(kase);

    // Act
    const result = await sendNotice(refOf(kase), world.deps());

    // Assess
    expect(result).toEqual({ kind: 'undeliverable', reason: 'reply_not_made' });
    expect(world.sent).toHaveLength(0);
  });

  it('does not send a completion notice of an earlier completion (superseded)', async () => {
    // Prepare
    const base = completedCase();
    const kase: Case = {
      ...base,
      notices: withQueuedNotice(base.notices, queuedNotice('completion', '2026-01-01T00:00:00.000Z')),
    };
    const world = new World(kase);

    // Act
    const result = await sendNotice(
      { caseId: kase.caseId, noticeId: 'completion#2026-01-01T00:00:00.000Z' },
      world.deps(),
    );

    // Assess
    expect(result).toEqual({ kind: 'undeliverable', reason: 'completion_superseded' });
    expect(world.sent).toHaveLength(0);
  });

  it('answers settled for a notice or case that is not there', async () => {
    // Prepare
    const kase = completedCase();
    const world = new World(kase);

    // Act
    const results = [
      await sendNotice({ caseId: kase.caseId, noticeId: 'completion#nope' }, world.deps()),
      await sendNotice({ caseId: 'no-such-case', noticeId: 'completion#x' }, world.deps()),
    ];

    // Assess
    expect(results).toEqual([{ kind: 'settled' }, { kind: 'settled' }]);
    expect(world.log).toEqual([]);
  });
});

describe('reasonOf and workingDaysLeft', () => {
  it("keeps an error's code or name, short and without odd characters", () => {
    expect(reasonOf(Object.assign(new Error('x'), { code: 'FailedOperation.Timeout' }))).toBe(
      'FailedOperation.Timeout',
    );
    expect(reasonOf(new TypeError('x'))).toBe('TypeError');
    expect(reasonOf({ name: 'bad name\n<script>' })).toBe('bad_name__script_');
    expect(reasonOf(undefined)).toBe('Error');
  });

  it('counts working days from tomorrow to the due day, at least one', () => {
    // Monday 2026-11-23 (Shanghai) → due Monday 2026-11-30: Tue–Fri and Mon = 5
    expect(workingDaysLeft(NOW, '2026-11-30T15:59:59.000Z', WEEKENDS_ONLY)).toBe(5);
    expect(workingDaysLeft(NOW, '2026-11-23T15:59:59.000Z', WEEKENDS_ONLY)).toBe(1);
    expect(workingDaysLeft(NOW, '2026-11-01T00:00:00.000Z', WEEKENDS_ONLY)).toBe(1);
  });
});
