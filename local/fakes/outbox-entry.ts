/**
 * One notice a local provider fake accepted, as the local outbox lists it. Masked: the outbox holds
 * no clear phone number or openid.
 */
export interface OutboxEntry {
  at: string;
  provider: 'tencent' | 'aliyun' | 'aws' | 'wechat';
  via: 'sms' | 'wechat_template' | 'wechat_custom';
  to: string /* masked */;
  messageId: string;
  templateId?: string;
  params?: Record<string, string>;
  text: string;
  trackingNo?: string;
  link?: string;
}
