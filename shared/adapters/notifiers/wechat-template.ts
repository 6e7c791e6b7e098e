import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import {
  NOTICE_MESSAGE_KINDS,
  type NoticeMessage,
  TEMPLATE_PARAMS,
  type TemplateParamName,
} from '../../domain/notices/index.js';
import type { CitizenAddress, CitizenNotifier, SendOutcome } from './port.js';
import { WechatApi, WechatApiError, type WechatCredentials } from './wechat-api.js';
import { WechatCustomNotifier } from './wechat-custom.js';

// 模板消息: a 服务号's service notice (POST /cgi-bin/message/template/send), which reaches a
// follower at any time, unlike the customer-service message, kept as the fallback inside the
// 48-hour window. WeChat reports each one's fate with a TEMPLATESENDJOBFINISH event (ingest-wechat).

const ParamName = z.enum([...new Set(Object.values(TEMPLATE_PARAMS).flat())] as unknown as readonly [
  TemplateParamName,
  ...TemplateParamName[],
]);

/**
 * A data field's key as the template declares it: its type and position (`character_string1`,
 * `thing2`, `time3`), or a legacy template's `first`, `keyword1`, `remark`.
 */
const KEYWORD_KEY = /^[a-z][a-z_]{0,31}\d{0,3}$/;

/** WeChat allows a template at most this many fields; a longer data is a configuration error. */
const MAX_FIELDS = 20;

export const WechatTemplateSchema = z.object({
  /** 模板 ID as the 服务号's console shows it (43 characters of Base64url today). */
  templateId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, 'the template id looks wrong')),
  /**
   * Each field the template declares, filled with one of the message's named parameters
   * (TEMPLATE_PARAMS), or with a fixed text (`{"text":"已办结"}`).
   */
  data: z.record(
    z.string().check(z.regex(KEYWORD_KEY, 'a data key is a keyword such as thing2 or character_string1')),
    z.union([ParamName, z.object({ text: z.string().check(z.minLength(1), z.maxLength(200)) })]),
  ),
});
export type WechatTemplate = z.infer<typeof WechatTemplateSchema>;

/** `WECHAT_TEMPLATES`: per kind of message, the template id and how its data fields are filled. */
export const WechatTemplatesSchema = z.partialRecord(z.enum(NOTICE_MESSAGE_KINDS), WechatTemplateSchema);
export type WechatTemplates = z.infer<typeof WechatTemplatesSchema>;

/**
 * WeChat's value rules by the keyword's type (the key without its digits): the most characters a
 * value may have, and whether WeChat takes an ellipsis in it. WeChat refuses a whole message with
 * 47003 for one value too long, so a value is cut here rather than lose the notice: a `thing`
 * (事物, 20) loses its tail to an ellipsis, as a reader expects; a `character_string` (32) may hold
 * only letters, digits and ASCII symbols, so it is cut bare. Types not listed (time, date, amount)
 * are formats WeChat checks, passed as they are.
 */
const VALUE_RULES: Readonly<Record<string, { readonly max: number; readonly ellipsis: boolean }>> = {
  thing: { max: 20, ellipsis: true },
  name: { max: 10, ellipsis: true },
  phrase: { max: 5, ellipsis: false },
  character_string: { max: 32, ellipsis: false },
  number: { max: 32, ellipsis: false },
  letter: { max: 32, ellipsis: false },
  symbol: { max: 5, ellipsis: false },
  phone_number: { max: 17, ellipsis: false },
  car_number: { max: 8, ellipsis: false },
};

function ruleOf(key: string) {
  return VALUE_RULES[key.replace(/\d+$/, '')];
}

/**
 * The value as WeChat takes it under `key`, counted in characters (a Chinese character is one).
 *
 * @example fitTemplateValue('thing2', '鼓楼区东街12号小区从昨晚开始停水至今没有通知') // '鼓楼区东街12号小区从昨晚开始停水至今…'
 */
export function fitTemplateValue(key: string, value: string): string {
  const rule = ruleOf(key);
  const chars = [...value];
  if (!rule || chars.length <= rule.max) return value;
  return rule.ellipsis ? `${chars.slice(0, rule.max - 1).join('')}…` : chars.slice(0, rule.max).join('');
}

/**
 * `WECHAT_TEMPLATES`, a JSON object such as
 * `{"completion":{"templateId":"Ab3…","data":{"character_string1":"trackingNo","thing2":{"text":"已办结，请查看答复并评价"}}}}`.
 * Refused when a field takes a parameter its kind of message does not carry, or a fixed text
 * longer than its type allows (an operator fixes that, not a cut).
 */
export function parseWechatTemplates(json: string | undefined): WechatTemplates {
  if (!json) return {};
  const templates = WechatTemplatesSchema.parse(JSON.parse(json));
  for (const [kind, template] of Object.entries(templates)) {
    if (!template) continue;
    const fields = Object.entries(template.data);
    if (fields.length === 0 || fields.length > MAX_FIELDS) {
      throw new Error(`WECHAT_TEMPLATES.${kind}: a template has 1 to ${MAX_FIELDS} data fields`);
    }
    const carried: readonly string[] = TEMPLATE_PARAMS[kind as keyof typeof TEMPLATE_PARAMS];
    for (const [key, spec] of fields) {
      if (typeof spec === 'string' && !carried.includes(spec)) {
        throw new Error(`WECHAT_TEMPLATES.${kind}.data.${key}: a ${kind} message carries no ${spec}`);
      }
      if (typeof spec !== 'string' && fitTemplateValue(key, spec.text) !== spec.text) {
        throw new Error(`WECHAT_TEMPLATES.${kind}.data.${key}: the text is longer than a ${key} takes`);
      }
    }
  }
  return templates;
}

/** The template's `data`, filled from the message; a parameter it lacks is thrown (configuration). */
export function templateData(
  template: WechatTemplate,
  message: NoticeMessage,
): Record<string, { value: string }> {
  return Object.fromEntries(
    Object.entries(template.data).map(([key, spec]) => {
      const value = typeof spec === 'string' ? message.params[spec] : spec.text;
      if (value === undefined) {
        throw new Error(
          `template ${template.templateId} wants ${typeof spec === 'string' ? spec : 'a text'}, which a ${message.kind} message has not`,
        );
      }
      return [key, { value: fitTemplateValue(key, value) }];
    }),
  );
}

/**
 * The template was refused for good, for this user or for everyone: 40037 invalid template_id,
 * 43101 the user refused the account's notices, 47003 an argument WeChat will not take, 43116 the
 * template restricted for abuse. A customer-service message may still reach the user.
 */
const TEMPLATE_REFUSED: ReadonlyMap<number, string> = new Map([
  [40037, 'wechat_template_invalid'],
  [43101, 'wechat_template_refused'],
  [47003, 'wechat_template_argument_invalid'],
  [43116, 'wechat_template_restricted'],
]);

/** Nothing reaches this user: 43004 unfollowed, 40003 not an openid of this account. */
const USER_UNREACHABLE: ReadonlyMap<number, string> = new Map([
  [43004, 'wechat_not_following'],
  [40003, 'wechat_invalid_openid'],
]);

/** WeChat's customer-service window: 48 hours after the user last wrote to the account. */
const CUSTOM_WINDOW_MS = 48 * 3_600_000;
/** A lastMessageAt this far ahead of our clock is still taken (clock skew), no further. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface WechatTemplateOptions {
  readonly credentials: () => Promise<WechatCredentials>;
  readonly templates: WechatTemplates;
  /** `WECHAT_API_BASE_URL` (a fake server locally); default https://api.weixin.qq.com. */
  readonly baseUrl?: string;
  readonly now?: () => number;
  /** Per request; default 5 s. */
  readonly timeoutMs?: number;
}

/**
 * The WeChat notifier: a template message, or, when the kind has no template or WeChat refuses it
 * for good and the citizen wrote within 48 hours, the customer-service message with the notice's
 * text. Errors that may pass (-1 system busy, 45009 the API's daily limit, the network, a token
 * refused twice) are thrown, so the notice is retried.
 *
 * @example
 * const notifier = new WechatTemplateNotifier({ credentials, templates: parseWechatTemplates(json) });
 * await notifier.send({ kind: 'wechat', openId }, completionMessage(kase, { link }));
 * // { outcome: 'accepted', provider: 'wechat', via: 'wechat_template', messageId: '200163836' }
 */
export class WechatTemplateNotifier implements CitizenNotifier {
  readonly provider = 'wechat' as const;
  private readonly api: WechatApi;
  private readonly custom: WechatCustomNotifier;

  constructor(readonly options: WechatTemplateOptions) {
    this.api = new WechatApi({
      credentials: options.credentials,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.custom = new WechatCustomNotifier(this.api);
  }

  async send(to: CitizenAddress, message: NoticeMessage): Promise<SendOutcome> {
    if (to.kind !== 'wechat') throw new Error(`the WeChat notifier cannot reach a ${to.kind} address`);
    const template = this.options.templates[message.kind];
    if (!template) return this.fallback(to, message, 'template_not_configured');
    const answer = await this.api.call('/cgi-bin/message/template/send', {
      touser: to.openId,
      template_id: template.templateId,
      ...(message.link ? { url: message.link } : {}),
      data: templateData(template, message),
    });
    if (answer.errcode === 0) {
      return {
        outcome: 'accepted',
        provider: 'wechat',
        via: 'wechat_template',
        // WeChat always names it; were it ever missing, a retry would notify twice, so the notice
        // is taken as sent under an id of ours that no receipt will match.
        messageId: msgIdOf(answer.raw) ?? `tpl-${randomUUID()}`,
      };
    }
    const refused = TEMPLATE_REFUSED.get(answer.errcode);
    if (refused) return this.fallback(to, message, refused);
    const unreachable = USER_UNREACHABLE.get(answer.errcode);
    if (unreachable) return { outcome: 'undeliverable', provider: 'wechat', reason: unreachable };
    throw new WechatApiError(`message/template/send failed with errcode ${answer.errcode}`, {
      errcode: answer.errcode,
    });
  }

  /** The customer-service message while the window is open; otherwise the template's refusal. */
  private async fallback(
    to: Extract<CitizenAddress, { kind: 'wechat' }>,
    message: NoticeMessage,
    reason: string,
  ): Promise<SendOutcome> {
    if (!withinWindow(to.lastMessageAt, this.api.now())) {
      return { outcome: 'undeliverable', provider: 'wechat', reason };
    }
    return this.custom.send(to, message);
  }
}

function withinWindow(lastMessageAt: string | undefined, now: number): boolean {
  if (!lastMessageAt) return false;
  const at = Date.parse(lastMessageAt);
  return Number.isFinite(at) && at <= now + CLOCK_SKEW_MS && now - at < CUSTOM_WINDOW_MS;
}

/** The msgid as WeChat wrote it, every digit (a number past 2^53 would be rounded by JSON.parse). */
function msgIdOf(raw: string): string | undefined {
  return /"msgid"\s*:\s*"?(\d{1,32})/.exec(raw)?.[1];
}
