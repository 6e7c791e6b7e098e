import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IntakeMessage } from '../domain/index.js';

/** The port through which a channel hands an appeal (or a call) on. Resolves only once the queue holds it. */
export interface AppealQueue {
  send(message: IntakeMessage): Promise<void>;
}

/** Lets an operator find a message in the DLQ by case or by call without parsing bodies. */
function attributesOf(message: IntakeMessage): Record<string, { DataType: 'String'; StringValue: string }> {
  const text = (value: string) => ({ DataType: 'String' as const, StringValue: value });
  const call = message.kind === 'call' ? message.call : undefined;
  return {
    channel: text(message.appeal?.channel ?? 'hotline'),
    ...(message.appeal ? { caseId: text(message.appeal.caseId) } : {}),
    ...(call ? { callId: text(call.callId) } : {}),
  };
}

/**
 * JSON with every character outside printable ASCII written as `\uXXXX` (an emoji as its surrogate
 * pair). SQS takes only part of Unicode in a message body (no U+FFFE, U+FFFF, lone surrogates or most
 * control characters), and an emulator may take less (fauxqs leaves out U+10000–U+10FFFF): in ASCII
 * the same message passes everywhere, and `JSON.parse` gives back exactly what was sent.
 *
 * @example asciiJson({ content: '停水😡' }) // '{"content":"\\u505c\\u6c34\\ud83d\\ude21"}'
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export class SqsAppealQueue implements AppealQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: IntakeMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: asciiJson(message),
        MessageAttributes: attributesOf(message),
      }),
    );
  }
}
