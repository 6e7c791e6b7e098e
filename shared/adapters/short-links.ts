// 短链接: the short link a notice carries (`/n/<code>`), so an SMS stays within its parts and still
// opens the long, token-bearing page on the API's own origin.
import { createHmac } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds } from './request-marks.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const SHORT_CODE_LENGTH = 10;
/** Exactly ten base62 characters: anything else is refused before any lookup. */
export const SHORT_CODE = /^[0-9A-Za-z]{10}$/;

/**
 * The code of a notice's link: an HMAC under the feedback-token key over the case and the notice,
 * so a retried send makes the same link, and nobody without the key can tell a code from a case.
 * 62^10 ≈ 8.4 × 10^17 codes: a guesser at a thousand requests a second (far above the public
 * routes' rate limit) would find one of a million live links about once in 27 years.
 *
 * @example shortCode('c-1', 'completion#2026-12-03T08:00:00.000Z', key) // 'k3V9aQ0ZtB'
 */
export function shortCode(caseId: string, noticeId: string, key: string): string {
  const digest = createHmac('sha256', key).update(`link:v1:${caseId}:${noticeId}`).digest();
  let n = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  let code = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) {
    code += BASE62[Number(n % 62n)];
    n /= 62n;
  }
  return code;
}

/** Where a code leads: a path on the API's own origin, and until when. */
export interface ShortLink {
  readonly target: string;
  readonly expiresAt: Date;
}

export interface ShortLinkStore {
  put(code: string, link: ShortLink): Promise<void>;
  /** The link, or undefined when unknown or expired (TTL deletes late; the moment is checked here). */
  get(code: string, now: Date): Promise<ShortLink | undefined>;
}

function linkKey(code: string): string {
  return `LINK#${code}`;
}

/**
 * @example
 * await shortLinks().put(code, { target: `/v1/cases/${trackingNo}/feedback?token=${token}`, expiresAt });
 */
export class DynamoShortLinks implements ShortLinkStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(code: string, link: ShortLink): Promise<void> {
    // Unconditional: a retried send writes the same code with the same target.
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: linkKey(code), sk: 'MARK', target: link.target, expiresAt: epochSeconds(link.expiresAt) },
      }),
    );
  }

  async get(code: string, now: Date): Promise<ShortLink | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: linkKey(code), sk: 'MARK' } }),
    );
    if (!Item || typeof Item.target !== 'string' || typeof Item.expiresAt !== 'number') return undefined;
    if (Item.expiresAt <= epochSeconds(now)) return undefined;
    return { target: Item.target, expiresAt: new Date(Item.expiresAt * 1000) };
  }
}
