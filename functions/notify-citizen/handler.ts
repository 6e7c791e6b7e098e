import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type {
  AttributeValue,
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { caseOfItem } from '../../shared/adapters/case-item.js';
import { addressOf } from '../../shared/adapters/citizen-address.js';
import type {
  CitizenAddress,
  CitizenNotifier,
  NotifyOutcome,
} from '../../shared/adapters/citizen-notifier.js';
import { config, followUpDays } from '../../shared/adapters/config.js';
import { feedbackToken, feedbackTokenKey } from '../../shared/adapters/feedback-token.js';
import type { NoticeMarks } from '../../shared/adapters/notice-marks.js';
import type { RawPayloadReader } from '../../shared/adapters/raw-archive.js';
import { contactHashKey } from '../../shared/adapters/secrets.js';
import { SmsNotifierStub } from '../../shared/adapters/sms-notifier.stub.js';
import { noticeMarks, rawPayloadReader } from '../../shared/adapters/stores.js';
import { WechatCustomerServiceNotifier } from '../../shared/adapters/wechat-notifier.js';
import { wechatSecrets } from '../../shared/adapters/wechat-secrets.js';
import { type Case, completionNotice, enteredCompletion, feedbackUrlOf } from '../../shared/domain/index.js';
import { logger } from '../../shared/logger.js';
import { metrics } from '../../shared/metrics.js';

// 办结告知: the second consumer of the cases stream. On each move into `completed` the citizen is
// told, on their own channel, with the one-time feedback link. The event source's filter passes
// only records whose new image is completed; the move itself is checked here from both images.

export interface NotifyDeps {
  marks: NoticeMarks;
  raw: RawPayloadReader;
  notifiers: { wechat: () => Promise<CitizenNotifier | undefined>; sms: CitizenNotifier };
  contactHashKey: () => Promise<string>;
  feedbackTokenKey: () => Promise<string>;
  publicBaseUrl: () => string;
  /** 回访期: the days the notice tells the citizen they have to rate. */
  followUpDays: () => number;
  now: () => Date;
}

export type NotifyResult = 'sent' | 'undeliverable' | 'already_notified';

/** Module-level, so the WeChat access token is cached across invocations of a warm function. */
let wechat: WechatCustomerServiceNotifier | undefined;

function defaultDeps(): NotifyDeps {
  const cfg = config();
  return {
    marks: noticeMarks(),
    raw: rawPayloadReader(),
    notifiers: {
      wechat: async () => {
        // No AppSecret, no server API: the account only receives. Said once per notice, as an error.
        if (!(await wechatSecrets()).appSecret) return undefined;
        wechat ??= new WechatCustomerServiceNotifier({
          ...(cfg.WECHAT_API_BASE_URL ? { baseUrl: cfg.WECHAT_API_BASE_URL } : {}),
          credentials: async () => {
            const secrets = await wechatSecrets();
            return { appId: secrets.appId, appSecret: secrets.appSecret ?? '' };
          },
        });
        return wechat;
      },
      sms: new SmsNotifierStub({ logger, outboxUrl: cfg.LOCAL_NOTIFICATION_OUTBOX_URL }),
    },
    contactHashKey,
    feedbackTokenKey,
    publicBaseUrl: () => {
      const url = cfg.PUBLIC_BASE_URL;
      if (!url) throw new Error('PUBLIC_BASE_URL is not set: the feedback link needs the public API address');
      return url;
    },
    followUpDays,
    now: () => new Date(),
  };
}

async function deliver(
  address: CitizenAddress,
  notice: ReturnType<typeof completionNotice>,
  deps: NotifyDeps,
): Promise<NotifyOutcome> {
  if (address.kind === 'sms') return deps.notifiers.sms.notify(address, notice);
  const notifier = await deps.notifiers.wechat();
  if (!notifier) {
    logger.error('WeChat notice not sent: the WeChat secret has no appSecret', { caseId: notice.caseId });
    return { outcome: 'undeliverable', reason: 'wechat_app_secret_missing' };
  }
  return notifier.notify(address, notice);
}

/**
 * Sends the completion notice of `kase` once per completion (see NoticeMarks for the crash story).
 * A permanent refusal is recorded and logged, never retried; anything else throws, so the stream
 * retries the record and finally parks it on the stream-failures queue (alarmed).
 */
export async function notifyCompletion(kase: Case, deps: NotifyDeps): Promise<NotifyResult> {
  const completedAt = kase.completedAt as string;
  if (!(await deps.marks.claim(kase.caseId, completedAt, deps.now()))) {
    logger.debug('completion notice already settled', { caseId: kase.caseId, completedAt });
    return 'already_notified';
  }
  const address = kase.rawKey
    ? addressOf(kase, await deps.raw.get(kase.rawKey), await deps.contactHashKey())
    : undefined;
  let outcome: NotifyOutcome;
  let via: string | undefined;
  if (!address) {
    outcome = { outcome: 'undeliverable', reason: 'no_verified_address' };
  } else {
    via = address.kind;
    const token = feedbackToken(kase, await deps.feedbackTokenKey());
    const notice = completionNotice(kase, {
      feedbackUrl: feedbackUrlOf(deps.publicBaseUrl(), kase.trackingNo, token),
      followUpDays: deps.followUpDays(),
    });
    outcome = await deliver(address, notice, deps);
  }
  const at = deps.now();
  if (outcome.outcome === 'sent') {
    await deps.marks.settle(kase.caseId, completedAt, 'sent', { at, ...(via ? { via } : {}) });
    logger.info('completion notice sent', { caseId: kase.caseId, via });
    return 'sent';
  }
  // The citizen can still rate through an agent (a call) or the status page; the mark says why not.
  await deps.marks.settle(kase.caseId, completedAt, 'undeliverable', {
    at,
    reason: outcome.reason,
    ...(via ? { via } : {}),
  });
  logger.warn('completion notice undeliverable', { caseId: kase.caseId, via, reason: outcome.reason });
  return 'undeliverable';
}

function caseImage(image: Record<string, AttributeValue> | undefined): Case | undefined {
  return image ? caseOfItem(unmarshall(image as never)) : undefined;
}

const processor = new BatchProcessor(EventType.DynamoDBStreams);
let deps: NotifyDeps | undefined;

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const after = caseImage(record.dynamodb?.NewImage);
  if (!enteredCompletion(caseImage(record.dynamodb?.OldImage), after) || !after) return;
  deps ??= defaultDeps();
  const result = await notifyCompletion(after, deps);
  if (result === 'already_notified') return;
  const single = metrics.singleMetric();
  single.addDimension('Channel', after.channel);
  single.addMetric(
    result === 'sent' ? 'CompletionNoticeSent' : 'CompletionNoticeUndeliverable',
    MetricUnit.Count,
    1,
  );
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event: DynamoDBStreamEvent, context: Context) =>
    processPartialResponse(event, recordHandler, processor, { context }),
  );
