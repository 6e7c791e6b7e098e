// The approved SMS templates (模板 ID) a deployment has with its provider, and the parameters each
// takes in order. Chinese SMS providers send only approved templates under an approved signature
// (短信签名); the text is theirs, the parameters are ours.
import * as z from 'zod/mini';
import {
  NOTICE_MESSAGE_KINDS,
  type NoticeMessage,
  type NoticeMessageKind,
  TEMPLATE_PARAMS,
  type TemplateParamName,
} from '../../domain/notices/index.js';

const ParamName = z.enum([...new Set(Object.values(TEMPLATE_PARAMS).flat())] as unknown as readonly [
  TemplateParamName,
  ...TemplateParamName[],
]);

export const SmsTemplateSchema = z.object({
  templateId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The message's parameters in the template's order ({1}, {2} … for Tencent; names for Alibaba). */
  params: z.array(ParamName).check(z.maxLength(10)),
});
export type SmsTemplate = z.infer<typeof SmsTemplateSchema>;

/** One template per kind of message; a kind without one cannot be sent by SMS (undeliverable). */
export const SmsTemplatesSchema = z.partialRecord(z.enum(NOTICE_MESSAGE_KINDS), SmsTemplateSchema);
export type SmsTemplates = z.infer<typeof SmsTemplatesSchema>;

/**
 * `NOTICE_SMS_TEMPLATES`, a JSON object such as
 * `{"completion":{"templateId":"1234567","params":["trackingNo","link"]}}`.
 */
export function parseSmsTemplates(json: string | undefined): SmsTemplates {
  if (!json) return {};
  return SmsTemplatesSchema.parse(JSON.parse(json));
}

/** The template of `kind`, or undefined when the deployment has none for it. */
export function templateFor(templates: SmsTemplates, kind: NoticeMessageKind): SmsTemplate | undefined {
  return templates[kind];
}

/**
 * The template's parameter values from the message, in the template's order. A parameter the
 * message does not carry is an error of configuration (thrown: the operator must see it).
 */
export function templateValues(template: SmsTemplate, message: NoticeMessage): string[] {
  return template.params.map((name) => {
    const value = message.params[name];
    if (value === undefined) {
      throw new Error(
        `template ${template.templateId} wants ${name}, which a ${message.kind} message has not`,
      );
    }
    return value;
  });
}
