// The sender's marks in the request-marks table: one per send attempt (so two deliveries of the same
// queue message never both reach a provider) and one per accepted message (so a delivery receipt
// finds its notice by the provider's message id).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { epochSeconds } from './request-marks.js';

/** A notice of a case: what a message mark points at. */
export interface NoticeRef {
  readonly caseId: string;
  readonly noticeId: string;
}

/** 30 days: receipts arrive within hours (Tencent and Alibaba give up after 72 h); margin kept. */
export const MESSAGE_MARK_DAYS = 30;
/** 14 days: the attempt marks outlive the notices queue's retention, so no retry finds one gone. */
export const ATTEMPT_MARK_DAYS = 14;

const DAY_MS = 86_400_000;

export function attemptMarkKey(caseId: string, noticeId: string, attempt: number): string {
  return `NOTICE#${caseId}#${noticeId}#${attempt}`;
}

export function messageMarkKey(provider: string, messageId: string): string {
  return `NOTICEMSG#${provider}#${messageId}`;
}

/** `claimed`: this caller makes the attempt; `taken`: another did, at `claimedAt` when known. */
export type AttemptClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'taken'; readonly claimedAt?: string };

/** What send-notice and the receipts need of the marks (a fake in unit tests). */
export interface NoticeSendMarks {
  /** `claimed` for the one caller that may make this attempt; else when another claimed it. */
  claimAttempt(ref: NoticeRef, attempt: number, now: Date): Promise<AttemptClaim>;
  /** Written BEFORE the notice is recorded `sent`, so a receipt can never find no mark. */
  putMessage(provider: string, messageId: string, ref: NoticeRef, now: Date): Promise<void>;
  /** The notice a provider's message id belongs to, or undefined (unknown, or past its TTL). */
  noticeOfMessage(provider: string, messageId: string, now: Date): Promise<NoticeRef | undefined>;
}

/**
 * @example
 * const claim = await noticeSendMarks().claimAttempt({ caseId, noticeId }, 1, now);
 * if (claim.kind === 'taken') return; // another delivery of the message makes this attempt
 */
export class DynamoNoticeSendMarks implements NoticeSendMarks {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimAttempt(ref: NoticeRef, attempt: number, now: Date): Promise<AttemptClaim> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: attemptMarkKey(ref.caseId, ref.noticeId, attempt),
            sk: 'MARK',
            claimedAt: now.toISOString(),
            expiresAt: epochSeconds(new Date(now.getTime() + ATTEMPT_MARK_DAYS * DAY_MS)),
          },
          // Never overwritten, even past its TTL: an attempt number is used once.
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const claimedAt = error.Item ? unmarshall(error.Item).claimedAt : undefined;
      return { kind: 'taken', ...(typeof claimedAt === 'string' ? { claimedAt } : {}) };
    }
  }

  async putMessage(provider: string, messageId: string, ref: NoticeRef, now: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: messageMarkKey(provider, messageId),
          sk: 'MARK',
          caseId: ref.caseId,
          noticeId: ref.noticeId,
          expiresAt: epochSeconds(new Date(now.getTime() + MESSAGE_MARK_DAYS * DAY_MS)),
        },
      }),
    );
  }

  async noticeOfMessage(provider: string, messageId: string, now: Date): Promise<NoticeRef | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: messageMarkKey(provider, messageId), sk: 'MARK' },
      }),
    );
    if (!Item || typeof Item.caseId !== 'string' || typeof Item.noticeId !== 'string') return undefined;
    if (typeof Item.expiresAt === 'number' && Item.expiresAt < epochSeconds(now)) return undefined;
    return { caseId: Item.caseId, noticeId: Item.noticeId };
  }
}
