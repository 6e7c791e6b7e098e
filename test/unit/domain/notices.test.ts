import { describe, expect, it } from 'vitest';
import {
  completionMessage,
  correctionRequestMessage,
  MAX_NOTICE_PARTS,
  NOTICES_MAX,
  type Notice,
  noticeAfter,
  queuedNotice,
  smsParts,
  verificationCodeMessage,
  withQueuedNotice,
} from '../../../shared/domain/notices/index.js';

const AT = '2026-12-03T08:00:00.000Z';
const LINK = 'https://12345.jiangcheng.gov.cn/n/Ab3dE5gH7k';
const KASE = { caseId: 'wf3iyz5jsciawtap32vtqudrv7', trackingNo: '261203-QA2E-8TZB', completedAt: AT };

describe('Module: notices/message', () => {
  it('counts SMS parts as carriers do: 70 in one, 67 each in a long message, two units past the BMP', () => {
    // Act & Assess
    expect(smsParts('')).toBe(0);
    expect(smsParts('字'.repeat(70))).toBe(1);
    expect(smsParts('字'.repeat(71))).toBe(2);
    expect(smsParts('字'.repeat(134))).toBe(2);
    expect(smsParts('字'.repeat(135))).toBe(3);
    expect(smsParts(`${'字'.repeat(69)}😀`)).toBe(2);
  });

  it('keeps every notice within two parts, with the tracking number and the link in it', () => {
    // Prepare
    const messages = [
      completionMessage(KASE, { link: LINK }),
      completionMessage(KASE, { link: LINK, rateable: false }),
      correctionRequestMessage(KASE, { requestedAt: AT, link: LINK, days: 5 }),
    ];

    // Act
    const parts = messages.map((m) => smsParts(m.text));

    // Assess
    expect(parts.every((p) => p >= 1 && p <= MAX_NOTICE_PARTS)).toBe(true);
    for (const m of messages) {
      expect(m.text).toContain(KASE.trackingNo);
      expect(m.text).toContain(LINK);
      expect(m.text.startsWith('【12345】')).toBe(true);
      expect(m.params.trackingNo).toBe(KASE.trackingNo);
    }
    expect(smsParts(verificationCodeMessage({ verificationId: 'v1', code: '123456', minutes: 5 }).text)).toBe(
      1,
    );
  });

  it('names each notice by its kind and instant, so a completion after a reopen gets its own', () => {
    // Act
    const first = completionMessage(KASE, { link: LINK });
    const again = completionMessage({ ...KASE, completedAt: '2026-12-05T08:00:00.000Z' }, { link: LINK });

    // Assess
    expect(first.noticeId).toBe(`completion#${AT}`);
    expect(again.noticeId).not.toBe(first.noticeId);
  });
});

describe('Module: notices/notice', () => {
  const queued = queuedNotice('completion', AT);
  const accepted = { type: 'accepted', at: AT, provider: 'tencent', via: 'sms', messageId: 'sid-1' } as const;

  it('is sent only on acceptance, with the message id, and a replay of it changes nothing', () => {
    // Act
    const sent = noticeAfter(queued, accepted) as Notice;

    // Assess
    expect(sent).toMatchObject({ state: 'sent', attempts: 1, messageId: 'sid-1', provider: 'tencent' });
    expect(noticeAfter(sent, accepted)).toBeUndefined();
  });

  it('is failed and counted on a failed attempt, and still sendable; undeliverable is final', () => {
    // Act
    const failed = noticeAfter(queued, { type: 'attempt_failed', at: AT, reason: 'InternalError' }) as Notice;
    const retried = noticeAfter(failed, accepted) as Notice;
    const refused = noticeAfter(queued, { type: 'undeliverable', at: AT, reason: 'invalid_phone' }) as Notice;

    // Assess
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, reason: 'InternalError' });
    expect(retried).toMatchObject({ state: 'sent', attempts: 2 });
    expect(retried.reason).toBeUndefined();
    expect(refused.state).toBe('undeliverable');
    expect(noticeAfter(refused, accepted)).toBeUndefined();
  });

  it('is delivered only on its own receipt, even one that comes before the sender recorded sent', () => {
    // Prepare
    const sent = noticeAfter(queued, accepted) as Notice;
    const receipt = { type: 'receipt', at: AT, delivered: true, messageId: 'sid-1' } as const;

    // Act
    const delivered = noticeAfter(sent, receipt) as Notice;
    const early = noticeAfter(queued, receipt) as Notice;
    const other = noticeAfter(sent, { ...receipt, messageId: 'sid-2' });

    // Assess
    expect(delivered).toMatchObject({ state: 'delivered', deliveredAt: AT });
    expect(early).toMatchObject({ state: 'delivered', messageId: 'sid-1' });
    expect(noticeAfter(early, accepted)).toBeUndefined();
    expect(other).toBeUndefined();
    expect(noticeAfter(delivered, receipt)).toBeUndefined();
  });

  it('records a receipt of non-delivery as failed with the provider reason', () => {
    // Act
    const sent = noticeAfter(queued, accepted) as Notice;
    const lost = noticeAfter(sent, {
      type: 'receipt',
      at: AT,
      delivered: false,
      messageId: 'sid-1',
      reason: '002',
    });

    // Assess
    expect(lost).toMatchObject({ state: 'failed', reason: '002', messageId: 'sid-1' });
  });

  it('queues a notice once, and keeps at most NOTICES_MAX, dropping settled ones first', () => {
    // Prepare
    const many = Array.from({ length: NOTICES_MAX }, (_, i) => ({
      ...queuedNotice('completion', new Date(Date.parse(AT) + i * 60_000).toISOString()),
      state: i === 3 ? ('delivered' as const) : ('sent' as const),
    }));

    // Act
    const once = withQueuedNotice(withQueuedNotice([], queued), queued);
    const bounded = withQueuedNotice(many, queuedNotice('correction_request', '2026-12-09T00:00:00.000Z'));

    // Assess
    expect(once).toHaveLength(1);
    expect(bounded).toHaveLength(NOTICES_MAX);
    expect(bounded.some((n) => n.state === 'delivered')).toBe(false);
    expect(bounded.at(-1)?.kind).toBe('correction_request');
  });
});
