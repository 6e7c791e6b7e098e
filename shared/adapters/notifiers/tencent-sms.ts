import type { NoticeMessage } from '../../domain/notices/index.js';
import type { CitizenAddress, CitizenNotifier, SendOutcome } from './port.js';
import type { SmsTemplates } from './templates.js';

// PLACEHOLDER (issue 11, being written): Tencent Cloud SMS through tencentcloud-sdk-nodejs-sms.
// It throws, so a notice through it is recorded `failed` and retried, never `sent`.

export interface TencentSmsOptions {
  readonly credentials: () => Promise<{ readonly secretId: string; readonly secretKey: string }>;
  /** 短信 SdkAppId of the application in the Tencent Cloud SMS console. */
  readonly sdkAppId: string;
  /** 短信签名: the approved signature's text, e.g. 某市12345. */
  readonly signName: string;
  readonly templates: SmsTemplates;
  /** Default ap-guangzhou. */
  readonly region?: string;
  /** Set by the local stack only: its fake of the SMS API (host:port). */
  readonly endpoint?: string;
}

export class TencentSmsNotifier implements CitizenNotifier {
  readonly provider = 'tencent' as const;
  constructor(readonly options: TencentSmsOptions) {}
  async send(_to: CitizenAddress, _message: NoticeMessage): Promise<SendOutcome> {
    throw new Error('TencentSmsNotifier is not written yet');
  }
}
