import { describe, expect, it } from 'vitest';
import { extractEncrypt, guardXml, parseFlatXml, textReplyXml } from '../../../shared/channels/wechat-xml.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('Module: wechat-xml', () => {
  it('reads flat fields as strings, keeping 64-bit ids exact', () => {
    // Act
    const fields = parseFlatXml(
      '<xml><MsgType><![CDATA[text]]></MsgType><MsgId>9223372036854775807</MsgId><Content> 停水 </Content></xml>',
    );

    // Assess
    expect(fields).toEqual({ MsgType: 'text', MsgId: '9223372036854775807', Content: '停水' });
  });

  it('drops nested and repeated elements', () => {
    // Act
    const fields = parseFlatXml('<xml><A><B>1</B></A><C>1</C><C>2</C><D>x</D></xml>');

    // Assess
    expect(fields).toEqual({ D: 'x' });
  });

  it('leaves entity references unexpanded', () => {
    // Act
    const fields = parseFlatXml('<xml><Content>a &amp; b &lt;c&gt;</Content></xml>');

    // Assess
    expect(fields.Content).toBe('a &amp; b &lt;c&gt;');
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE xml><xml><a>1</a></xml>'],
    ['an entity declaration', '<!ENTITY x "y"><xml><a>&x;</a></xml>'],
    [
      'a billion laughs',
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY l0 "ha"><!ENTITY l1 "&l0;&l0;">]><xml>&l1;</xml>',
    ],
    ['an external entity', '<!doctype xml [<!entity xxe SYSTEM "file:///etc/passwd">]><xml>&xxe;</xml>'],
  ])('refuses %s before parsing', (_what, xml) => {
    // Act & Assess
    expect(codeOf(() => guardXml(xml))).toBe('xml_doctype_refused');
    expect(codeOf(() => parseFlatXml(xml))).toBe('xml_doctype_refused');
  });

  it.each([
    ['an unclosed element', '<xml><a>1</xml>'],
    ['text only', 'hello'],
    ['an empty body', ''],
    ['another root', '<root><a>1</a></root>'],
    ['two roots', '<xml></xml><xml></xml>'],
  ])('refuses %s as malformed', (_what, xml) => {
    // Act & Assess
    expect(codeOf(() => parseFlatXml(xml))).toBe('malformed_xml');
  });

  it('extracts Encrypt with or without CDATA, and refuses an envelope without it', () => {
    // Act & Assess
    expect(extractEncrypt('<xml><Encrypt><![CDATA[QUJD+/==]]></Encrypt></xml>')).toBe('QUJD+/==');
    expect(extractEncrypt('<xml><Encrypt>QUJD</Encrypt></xml>')).toBe('QUJD');
    expect(codeOf(() => extractEncrypt('<xml><Encrypt><![CDATA[<x>]]></Encrypt></xml>'))).toBe(
      'encrypt_missing',
    );
  });

  it('escapes ]]> inside a reply so the reply stays well-formed', () => {
    // Act
    const xml = textReplyXml({ to: 'o1', from: 'gh_1', createTime: 1, content: 'a]]>b' });

    // Assess
    expect(parseFlatXml(xml)).toMatchObject({ ToUserName: 'o1', MsgType: 'text', Content: 'a]]>b' });
  });
});
