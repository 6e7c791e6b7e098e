// One message a local provider fake accepted, as the local outbox lists it (GET /_local/notifications).

export interface OutboxEntry {
  at: string;
  provider: 'tencent' | 'aliyun' | 'aws' | 'wechat';
  via: 'sms' | 'wechat_template' | 'wechat_custom';
  /** Masked: the outbox holds no clear number or openid. */
  to: string;
  messageId: string;
  templateId?: string;
  params?: Record<string, string>;
  text: string;
  trackingNo?: string;
  link?: string;
}
