import type { NoticeMessage } from '../../domain/notices/index.js';
import type { CitizenAddress, CitizenNotifier, SendOutcome } from './port.js';
import type { SmsTemplates } from './templates.js';

// PLACEHOLDER (issue 11, being written): Alibaba Cloud SMS through @alicloud/dysmsapi20170525.
// It throws, so a notice through it is recorded `failed` and retried, never `sent`.

export interface AliyunSmsOptions {
  readonly credentials: () => Promise<{ readonly accessKeyId: string; readonly accessKeySecret: string }>;
  /** 短信签名: the approved signature's text, e.g. 某市12345. */
  readonly signName: string;
  readonly templates: SmsTemplates;
  /** Default cn-hangzhou. */
  readonly region?: string;
  /** Set by the local stack only: its fake of the SMS API (host:port). */
  readonly endpoint?: string;
}

export class AliyunSmsNotifier implements CitizenNotifier {
  readonly provider = 'aliyun' as const;
  constructor(readonly options: AliyunSmsOptions) {}
  async send(_to: CitizenAddress, _message: NoticeMessage): Promise<SendOutcome> {
    throw new Error('AliyunSmsNotifier is not written yet');
  }
}
