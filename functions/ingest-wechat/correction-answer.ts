import { timingSafeEqual } from 'node:crypto';
import type { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import type { DynamoDirectoryStore } from '../../shared/adapters/directory-store.js';
import { updateCase } from '../../shared/adapters/update-case.js';
import type { WechatMessage } from '../../shared/channels/wechat-message.js';
import {
  ANSWER_MAX_CHARS,
  applyAction,
  type Case,
  CORRECTION_RECEIVED_TEXT,
  hashPhone,
  openCorrection,
  TRANSITIONS,
} from '../../shared/domain/index.js';
import { logger } from '../../shared/logger.js';

// 补正 by WeChat: a text beginning with 补正 (「补正 门牌号是12号」) answers the correction request
// open on the sender's own latest case. One index query and one conditional write, within WeChat's
// 5 seconds; with no open request the message goes on as an ordinary appeal.

/** `补正`, then the answer after any spaces or punctuation. */
const CORRECTION = /^补正[\s:：,，、.。-]*([\s\S]*)$/;

/** The sender's latest cases looked at: the request's case is among them unless they filed a flood since. */
const LATEST_CASES = 10;

/** WeChat retries a message it got no reply to within about 15 seconds; a minute allows for skew. */
const RETRY_WINDOW_MS = 60_000;

const ANSWERABLE: readonly string[] = TRANSITIONS.answer_correction.from;

export function correctionReceivedReply(trackingNo: string): string {
  return `已收到您对工单 ${trackingNo} 的补正。${CORRECTION_RECEIVED_TEXT}`;
}

export const EMPTY_CORRECTION_REPLY = '请在"补正"后写明需要补充的内容，例如"补正 门牌号是12号"。';

function sameHash(stored: string | undefined, sender: string): boolean {
  if (!stored || stored.length !== sender.length) return false;
  return timingSafeEqual(Buffer.from(stored), Buffer.from(sender));
}

/** The text after `补正`, or undefined when the message is no 补正 answer. */
export function correctionTextOf(message: WechatMessage): string | undefined {
  if (message.MsgType !== 'text') return undefined;
  const match = CORRECTION.exec((message.Content ?? '').trim());
  return match ? (match[1] ?? '').trim() : undefined;
}

/**
 * The reply to a 补正 message, or undefined when the sender has no open request (the caller then
 * takes the message as it would any other). WeChat's retry of a message already recorded finds its
 * own answer on the case and gets the same reply, so it never becomes an appeal the second time.
 */
export async function answerCorrectionByWechat(
  message: WechatMessage,
  ctx: { now: Date; hashKey: string; cases: DynamoCaseStore; directory: DynamoDirectoryStore },
): Promise<string | undefined> {
  const answer = correctionTextOf(message);
  if (answer === undefined) return undefined;
  const sender = hashPhone(message.FromUserName, ctx.hashKey);
  const [latest, calendar] = await Promise.all([
    ctx.cases.latestByCaller(`CALLER#${sender}`, LATEST_CASES),
    ctx.directory.loadCalendar(),
  ]);
  // Only the sender's own cases (the index key is the keyed hash of the openid; checked again).
  const own = latest.filter((k) => sameHash(k.contact.openIdHash, sender));
  const retried = own.find(
    (k) =>
      k.correction?.answeredVia === 'wechat' &&
      k.correction.answer === answer.slice(0, ANSWER_MAX_CHARS) &&
      ctx.now.getTime() - Date.parse(k.correction.answeredAt ?? '') <= RETRY_WINDOW_MS,
  );
  if (retried && answer !== '') return correctionReceivedReply(retried.trackingNo);
  const target = own.find((k) => openCorrection(k) && ANSWERABLE.includes(k.status));
  if (!target) return undefined;
  if (answer === '') return EMPTY_CORRECTION_REPLY;

  const result = await updateCase(
    ctx.cases,
    target,
    (kase: Case) =>
      applyAction(
        kase,
        // WeChat takes up to 4000 characters; the request keeps 2000 (the rest is cut, not refused).
        { action: 'answer_correction', answer: answer.slice(0, ANSWER_MAX_CHARS), via: 'wechat' },
        { role: 'citizen', id: 'wechat' },
        { now: ctx.now, calendar },
      ),
    // No second read within WeChat's 5 seconds: its retry of the message tries again.
    { attempts: 1 },
  );
  if (result.outcome === 'updated') {
    logger.info('correction answered', { caseId: target.caseId, via: 'wechat' });
    return correctionReceivedReply(target.trackingNo);
  }
  if (result.outcome === 'conflict')
    throw new Error(`correction answer of ${target.caseId}: version conflict`);
  logger.warn('correction answer by WeChat not recorded', { caseId: target.caseId, outcome: result.outcome });
  return undefined;
}
