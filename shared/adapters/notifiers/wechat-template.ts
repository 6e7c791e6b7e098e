import type { NoticeMessage } from '../../domain/notices/index.js';
import type { CitizenAddress, CitizenNotifier, SendOutcome } from './port.js';

// PLACEHOLDER (issue 11, being written): WeChat template messages (/cgi-bin/message/template/send)
// with the customer-service message as the fallback inside the 48-hour window. It throws, so a
// notice through it is recorded `failed` and retried, never `sent`.

/** `WECHAT_TEMPLATES`: per kind of message, the template id and how its data fields are filled. */
export type WechatTemplates = Readonly<Record<string, unknown>>;

export function parseWechatTemplates(json: string | undefined): WechatTemplates {
  return json ? (JSON.parse(json) as WechatTemplates) : {};
}

export interface WechatTemplateOptions {
  readonly credentials: () => Promise<{ readonly appId: string; readonly appSecret: string }>;
  readonly templates: WechatTemplates;
  /** `WECHAT_API_BASE_URL` (a fake server locally); default https://api.weixin.qq.com. */
  readonly baseUrl?: string;
  readonly now?: () => number;
}

export class WechatTemplateNotifier implements CitizenNotifier {
  readonly provider = 'wechat' as const;
  constructor(readonly options: WechatTemplateOptions) {}
  async send(_to: CitizenAddress, _message: NoticeMessage): Promise<SendOutcome> {
    throw new Error('WechatTemplateNotifier is not written yet');
  }
}
