import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../../functions/ingest-wechat/handler.js';
import { directoryItems } from '../../../../shared/adapters/directory-store.js';
import {
  aesKeyOf,
  decryptMessage,
  encryptMessage,
  sha1Signature,
  WechatCryptoError,
} from '../../../../shared/channels/wechat-crypto.js';
import { SEED_DIRECTORY } from '../../../../shared/seed/directory.js';
import { httpEvent, testContext } from '../../fixtures/lambda.js';
import {
  textMessage,
  WECHAT_SECRETS,
  WECHAT_TEST_ENV,
  wechatPost,
  wechatXml,
} from '../../fixtures/wechat.js';

// Thousands of generated and mutated requests: whatever arrives, the answer is a 2xx or a 4xx
// (WeChat's `success` included), never a throw or a 5xx.

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const KEY = aesKeyOf(WECHAT_SECRETS.encodingAesKey as string);

async function status(event: ReturnType<typeof httpEvent>): Promise<number> {
  const result = (await handler(event, testContext('ingest-wechat'))) as APIGatewayProxyStructuredResultV2;
  return result.statusCode ?? 0;
}

const isClean = (code: number) => code >= 200 && code < 500;

/** Replaces, inserts or deletes characters of a string at generated positions. */
const mutated = (base: string) =>
  fc
    .array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.string({ maxLength: 4 })), {
      minLength: 1,
      maxLength: 6,
    })
    .map((edits) => {
      let s = base;
      for (const [at, kind, text] of edits) {
        const i = s.length === 0 ? 0 : at % s.length;
        if (kind === 'replace') s = s.slice(0, i) + text + s.slice(i + text.length);
        else if (kind === 'insert') s = s.slice(0, i) + text + s.slice(i);
        else s = s.slice(0, i) + s.slice(i + 1);
      }
      return s;
    });

/** A plain-mode request whose signature holds, around any body. */
function signedPlainBody(body: string) {
  return wechatPost(textMessage('placeholder'), 'plain', { body });
}

/** A safe-mode request whose msg_signature holds, around any Encrypt value. */
function signedSafeEncrypt(encrypt: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = '12345';
  return httpEvent({
    method: 'POST',
    path: '/v1/channels/wechat',
    headers: { 'content-type': 'text/xml' },
    query: {
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: sha1Signature([WECHAT_SECRETS.token, timestamp, nonce, encrypt]),
    },
    body: `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  });
}

describe('Function: ingest-wechat (properties)', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(WECHAT_TEST_ENV)) vi.stubEnv(k, v);
    ddb.on(QueryCommand).callsFake((input) => ({
      Items: directoryItems(SEED_DIRECTORY).filter(
        (item) => item.pk === input.ExpressionAttributeValues?.[':pk'],
      ),
    }));
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  });

  afterAll(() => {
    ddb.reset();
    sqs.reset();
  });

  it('answers mutated signed plain-mode XML with 2xx or 4xx', async () => {
    // Prepare
    const base = textMessage('鼓楼区停水两天了，请尽快处理');

    // Act & Assess
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(base), fc.string({ maxLength: 300 })), async (body) => {
        expect(isClean(await status(signedPlainBody(body)))).toBe(true);
      }),
      { numRuns: 1500 },
    );
    // Each signed plain-mode request also writes its (mocked) nonce mark: 1,500 of them take seconds.
  }, 20_000);

  it('answers signed messages with generated field values with 2xx or 4xx', async () => {
    // Act & Assess
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          ToUserName: fc.string({ maxLength: 80 }),
          FromUserName: fc.string({ maxLength: 80 }),
          CreateTime: fc.oneof(fc.nat(), fc.string({ maxLength: 14 })),
          MsgType: fc.constantFrom('text', 'image', 'voice', 'location', 'event', 'video', 'link', ''),
          Content: fc.string({ maxLength: 200 }),
          MsgId: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.string({ maxLength: 10 })),
          MediaId: fc.string({ maxLength: 40 }),
          Event: fc.constantFrom('subscribe', 'unsubscribe', 'CLICK', ''),
          Label: fc.string({ maxLength: 60 }),
          Location_X: fc.string({ maxLength: 12 }),
          Location_Y: fc.string({ maxLength: 12 }),
        }),
        fc.constantFrom('plain' as const, 'safe' as const),
        async (fields, mode) => {
          const xml = wechatXml(fields);
          expect(isClean(await status(wechatPost(xml, mode)))).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  }, 20_000);

  it('answers mutated ciphertexts under a valid msg_signature with 2xx or 4xx', async () => {
    // Prepare
    const encrypt = encryptMessage(textMessage('鼓楼区停水两天了，请尽快处理'), KEY, WECHAT_SECRETS.appId);

    // Act & Assess
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutated(encrypt),
          fc.uint8Array({ minLength: 0, maxLength: 256 }).map((b) => Buffer.from(b).toString('base64')),
          fc.tuple(fc.nat(), fc.nat(255)).map(([at, x]) => {
            const bytes = Buffer.from(encrypt, 'base64');
            const i = at % bytes.length;
            bytes[i] = (bytes[i] ?? 0) ^ (x || 1);
            return bytes.toString('base64');
          }),
        ),
        async (value) => {
          expect(isClean(await status(signedSafeEncrypt(value)))).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('answers generated query strings with 2xx or 4xx', async () => {
    // Act & Assess
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'signature',
            'timestamp',
            'nonce',
            'echostr',
            'encrypt_type',
            'msg_signature',
            'openid',
          ),
          fc.oneof(fc.string({ maxLength: 50 }), fc.stringMatching(/^[0-9a-f]{40}$/), fc.constant('aes')),
        ),
        fc.constantFrom('GET', 'POST'),
        fc.string({ maxLength: 200 }),
        async (query, method, body) => {
          const event = httpEvent({ method, path: '/v1/channels/wechat', query, body });
          expect(isClean(await status(event))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('decrypts what it encrypts, for any text and AppId', () => {
    // Act & Assess
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), fc.string({ minLength: 1, maxLength: 40 }), (xml, appId) => {
        expect(decryptMessage(encryptMessage(xml, KEY, appId), [KEY], appId).xml).toBe(xml);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses arbitrary ciphertexts only with its own error', () => {
    // Act & Assess
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decryptMessage(Buffer.from(bytes).toString('base64'), [KEY], WECHAT_SECRETS.appId);
        } catch (error) {
          expect(error).toBeInstanceOf(WechatCryptoError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
