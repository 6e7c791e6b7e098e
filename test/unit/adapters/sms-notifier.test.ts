import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SmsNotifierStub } from '../../../shared/adapters/sms-notifier.stub.js';
import type { CompletionNotice } from '../../../shared/domain/follow-up.js';

const notice: CompletionNotice = {
  caseId: 'wfabcdefghijklmnopqrstuvwx',
  trackingNo: '261123-ABCD-EFGH',
  completedAt: '2026-11-23T02:00:00.000Z',
  channel: 'webform',
  text: '【12345】您的诉求（工单号 261123-ABCD-EFGH）已办结。',
};

let server: Server;
let outboxUrl: string;
const posted: unknown[] = [];

function fakeLogger() {
  return { warn: vi.fn() } as unknown as Logger & { warn: ReturnType<typeof vi.fn> };
}

describe('Class: SmsNotifierStub', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posted.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    outboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/outbox`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends nothing, logs the masked number only, and posts the notice to the local outbox', async () => {
    // Prepare
    const logger = fakeLogger();
    const stub = new SmsNotifierStub({ logger, outboxUrl });

    // Act
    const outcome = await stub.notify({ kind: 'sms', phone: '13912345678' }, notice);

    // Assess
    expect(outcome).toEqual({ outcome: 'sent' });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('STUB'), {
      to: '139****5678',
      caseId: notice.caseId,
      trackingNo: notice.trackingNo,
    });
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain('13912345678');
    expect(posted).toEqual([{ ...notice, via: 'sms', to: '139****5678' }]);
  });

  it('posts nowhere without an outbox URL', async () => {
    // Prepare
    const stub = new SmsNotifierStub({ logger: fakeLogger() });
    const before = posted.length;

    // Act
    const outcome = await stub.notify({ kind: 'sms', phone: '13912345678' }, notice);

    // Assess
    expect(outcome).toEqual({ outcome: 'sent' });
    expect(posted).toHaveLength(before);
  });
});
