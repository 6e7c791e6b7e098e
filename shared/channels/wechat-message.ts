import * as z from 'zod/mini';
import {
  type Appeal,
  classifyCategory,
  type Directory,
  deriveCaseId,
  deriveTrackingNo,
  findDistrict,
  guessType,
  hashPhone,
  normaliseTrackingNo,
} from '../domain/index.js';

const text = (max: number) => z.optional(z.string().check(z.maxLength(max)));

/**
 * A WeChat message or event, as the flat fields of its `<xml>`. Not strict: WeChat adds fields
 * over time, and a field this code does not read must not turn a citizen away.
 */
export const WechatMessageSchema = z.object({
  /** The account's own id (gh_…). */
  ToUserName: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The citizen's openid: hashed before it goes anywhere. */
  FromUserName: z.string().check(z.minLength(1), z.maxLength(64)),
  CreateTime: z.string().check(z.regex(/^\d{1,12}$/)),
  MsgType: z.string().check(z.minLength(1), z.maxLength(32)),
  MsgId: z.optional(z.string().check(z.regex(/^\d{1,32}$/))),
  Content: text(4000),
  PicUrl: text(1024),
  MediaId: text(256),
  Format: text(32),
  Recognition: text(4000),
  Location_X: text(32),
  Location_Y: text(32),
  Scale: text(16),
  Label: text(400),
  Event: text(64),
});
export type WechatMessage = z.infer<typeof WechatMessageSchema>;

/** What the handler does with a message. */
export type Intent =
  | { kind: 'appeal'; appeal: Appeal }
  | { kind: 'query'; trackingNo: string | undefined; input: string }
  | { kind: 'welcome' }
  | { kind: 'hint' }
  /** 依申请公开 asked for in a text: pointed to the form, which takes the applicant's identity. */
  | { kind: 'disclosure' }
  | { kind: 'ignore' };

/**
 * A text that asks for government information to be disclosed (依申请公开, 申请信息公开 …), not one
 * that merely mentions 信息公开 (a complaint that a body publishes nothing is an ordinary appeal).
 */
const DISCLOSURE_ASK =
  /依申请公开|申请(政府)?信息公开|信息公开申请|申请公开.{0,30}(信息|文件|批复|文号|合同|预算|决算|数据|名单|规划)/;

/** "查询 261122-K7M3-9XQ2", with or without a space, a colon, or the dashes. */
const QUERY = /^\s*查询[\s:：]*(\S[\s\S]{0,40}?)?\s*$/;

/** Fewer characters than this is a greeting, not an appeal (the web form asks for five too). */
const MIN_APPEAL_CHARS = 5;

/** The appeal's content is kept to the web form's limit; the raw archive keeps the whole message. */
const MAX_CONTENT_CHARS = 2000;

/**
 * Decides what a message means: an appeal (text, image, voice, location), a status query, the
 * welcome for a new follower, a hint for a greeting, or nothing to do.
 */
export function interpret(
  message: WechatMessage,
  context: { directory: Directory; contactHashKey: string; receivedAt: Date },
): Intent {
  switch (message.MsgType) {
    case 'text': {
      const content = (message.Content ?? '').trim();
      const query = QUERY.exec(content);
      if (query) {
        const input = (query[1] ?? '').trim();
        return { kind: 'query', trackingNo: normaliseTrackingNo(input), input };
      }
      // 《政府信息公开条例》第二十九条 asks for the applicant's identity document and number, which a chat
      // message must not carry (it would sit in clear in the chat and in the raw archive) and no
      // WeChat text can prove; the request is made on the form, which checks and protects them.
      // No case either: an ordinary appeal would run the complaint clock, not the 20 working days
      // the applicant is owed, and let them believe the request was received.
      if (DISCLOSURE_ASK.test(content)) return { kind: 'disclosure' };
      if ([...content].length < MIN_APPEAL_CHARS) return { kind: 'hint' };
      return appealOf(message, context, { content });
    }
    case 'image': {
      if (!message.MediaId) return { kind: 'ignore' };
      return appealOf(message, context, {
        content: '市民通过微信发送了一张图片，请查看附件。',
        attachments: [mediaRef(message.MediaId), ...(message.PicUrl ? [message.PicUrl] : [])],
      });
    }
    case 'voice': {
      if (!message.MediaId) return { kind: 'ignore' };
      const recognised = message.Recognition?.trim();
      return appealOf(message, context, {
        content: recognised
          ? `${recognised}（语音识别）`
          : '市民通过微信发送了一段语音（未识别出文字），请收听附件。',
        attachments: [mediaRef(message.MediaId)],
      });
    }
    case 'location': {
      if (!message.Location_X || !message.Location_Y) return { kind: 'ignore' };
      const label = message.Label?.trim() ?? '';
      return appealOf(message, context, {
        content:
          `市民通过微信发送了位置：${label || '（无地址）'}` +
          `（纬度 ${message.Location_X}，经度 ${message.Location_Y}${message.Scale ? `，缩放 ${message.Scale}` : ''}）`,
        ...(label ? { address: label.slice(0, 200) } : {}),
      });
    }
    case 'event':
      return message.Event === 'subscribe' ? { kind: 'welcome' } : { kind: 'ignore' };
    default:
      // Video, links and types WeChat adds later: acknowledged, so WeChat does not retry them.
      return { kind: 'ignore' };
  }
}

/** Where a WeChat media file is, until a worker downloads it with the media API (3 days). */
function mediaRef(mediaId: string): string {
  return `wechat-media:${mediaId}`;
}

function appealOf(
  message: WechatMessage,
  context: { directory: Directory; contactHashKey: string; receivedAt: Date },
  parts: { content: string; address?: string; attachments?: string[] },
): Intent {
  const openIdHash = hashPhone(message.FromUserName, context.contactHashKey);
  // Events have no MsgId: WeChat's advice is FromUserName + CreateTime, with the openid hashed.
  const sourceId = message.MsgId ?? `${openIdHash.slice(0, 32)}:${message.CreateTime}`;
  const caseId = deriveCaseId('wechat', sourceId);
  const words = `${parts.content} ${parts.address ?? ''}`;
  const category = classifyCategory(words, context.directory);
  const content = [...parts.content].slice(0, MAX_CONTENT_CHARS).join('');
  return {
    kind: 'appeal',
    appeal: {
      caseId,
      trackingNo: deriveTrackingNo(caseId, context.receivedAt),
      channel: 'wechat',
      sourceId,
      receivedAt: context.receivedAt.toISOString(),
      type: guessType(words, context.directory.categories.get(category)),
      urgency: 'normal',
      category,
      district: findDistrict(words, context.directory),
      ...(parts.address ? { address: parts.address } : {}),
      content,
      // WeChat delivers the sender's openid itself, over the signed callback: a verified identity.
      contact: { openIdHash, verifiedBy: 'wechat_openid' },
      attachments: (parts.attachments ?? []).filter((a) => a.length <= 512).slice(0, 3),
    },
  };
}

/**
 * When the appeal was made: WeChat's CreateTime when it is plausible, so every retry of a message
 * (even one that crosses midnight) derives the same tracking number; otherwise the time of receipt.
 */
export function receivedAtOf(message: WechatMessage, now: Date, windowSeconds: number): Date {
  const created = Number(message.CreateTime) * 1000;
  return Math.abs(now.getTime() - created) <= windowSeconds * 1000 ? new Date(created) : now;
}
