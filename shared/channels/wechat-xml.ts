import { XMLParser, XMLValidator } from 'fast-xml-parser';

// WeChat's XML, read defensively: bounded, no DTDs or entities, flat fields only, values as strings
// (MsgId is a 64-bit integer that a JavaScript number would round).

/** A refusal of the XML layer; `code` is the machine-readable error code the channel sees. */
export class WechatXmlError extends Error {
  readonly code: 'xml_doctype_refused' | 'malformed_xml' | 'encrypt_missing';
  constructor(code: WechatXmlError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WechatXmlError';
    this.code = code;
  }
}

/** WeChat's own messages are a few KB; anything near this is not from WeChat. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Refuses DTDs and entity declarations before any parser sees the text: they are how XML bombs
 * and external-entity reads start, and WeChat never sends them.
 */
export function guardXml(text: string): void {
  if (/<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i.test(text)) {
    throw new WechatXmlError('xml_doctype_refused', 'XML 中不允许 DOCTYPE 或实体声明');
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entities stay as the text they are: no expansion, no DTD reading, no HTML entity table.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/**
 * The `<xml>` root's direct children as strings. Nested elements (some events carry them) and
 * repeated ones are dropped, so a schema downstream only ever sees flat text fields.
 */
export function parseFlatXml(text: string): Record<string, string> {
  guardXml(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new WechatXmlError('malformed_xml', 'XML 格式有误');
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (cause) {
    throw new WechatXmlError('malformed_xml', 'XML 格式有误', { cause });
  }
  const root = (doc as { xml?: unknown } | undefined)?.xml;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new WechatXmlError('malformed_xml', 'XML 须以 <xml> 为根元素');
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(root)) {
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/**
 * The `Encrypt` field of a safe-mode envelope, read without a parser: the signature over it must be
 * checked before anything parses the body. Base64 only, so nothing else can hide inside.
 */
export function extractEncrypt(body: string): string {
  const match = /<Encrypt>\s*(?:<!\[CDATA\[([A-Za-z0-9+/=]+)\]\]>|([A-Za-z0-9+/=]+))\s*<\/Encrypt>/.exec(
    body,
  );
  const value = match?.[1] ?? match?.[2];
  if (!value) throw new WechatXmlError('encrypt_missing', '安全模式消息缺少 Encrypt 字段');
  return value;
}

/** Text in CDATA; a `]]>` inside is split across two sections, the standard escape. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** 被动回复 a passive text reply: to the citizen (their openid), from the account. */
export function textReplyXml(reply: {
  to: string;
  from: string;
  createTime: number;
  content: string;
}): string {
  return (
    `<xml><ToUserName>${cdata(reply.to)}</ToUserName><FromUserName>${cdata(reply.from)}</FromUserName>` +
    `<CreateTime>${reply.createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content>${cdata(reply.content)}</Content></xml>`
  );
}

/** The safe-mode envelope of a reply. */
export function encryptedReplyXml(reply: {
  encrypt: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
}): string {
  return (
    `<xml><Encrypt>${cdata(reply.encrypt)}</Encrypt><MsgSignature>${cdata(reply.msgSignature)}</MsgSignature>` +
    `<TimeStamp>${reply.timestamp}</TimeStamp><Nonce>${cdata(reply.nonce)}</Nonce></xml>`
  );
}
