import { webcrypto } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PAGE_SCRIPT } from '../../../functions/serve-web/page-script.js';

// The citizen page's script run without a browser: a small stand-in for the elements it touches
// and for fetch, enough to see what it shows and sends for each directory answer. The browser test
// (test/integration/phone-verification.browser.test.ts) runs it in Chromium.

interface FakeElement {
  id: string;
  value: string;
  hidden: boolean;
  required: boolean;
  disabled: boolean;
  textContent: string;
  files: unknown[];
  selectedOptions: unknown[];
  lastChild: FakeElement | undefined;
  attributes: Record<string, string>;
  listeners: Record<string, ((event: unknown) => void)[]>;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  appendChild(child: FakeElement): void;
  focus(): void;
  reset(): void;
  scrollIntoView(): void;
}

function element(id: string): FakeElement {
  const el: FakeElement = {
    id,
    value: '',
    hidden: false,
    required: false,
    disabled: false,
    textContent: '',
    files: [],
    selectedOptions: [],
    lastChild: undefined,
    attributes: {},
    listeners: {},
    setAttribute: (name, value) => {
      el.attributes[name] = value;
    },
    getAttribute: (name) => el.attributes[name] ?? null,
    removeAttribute: (name) => {
      delete el.attributes[name];
    },
    addEventListener: (type, listener) => {
      el.listeners[type] = [...(el.listeners[type] ?? []), listener];
    },
    appendChild: (child) => {
      el.lastChild = child;
    },
    focus: () => {},
    reset: () => {},
    scrollIntoView: () => {},
  };
  return el;
}

type Directory = Record<string, unknown>;
const DIRECTORY: Directory = {
  types: [{ code: 'complaint', name: '投诉' }],
  categories: [{ code: 'water-supply', name: '供水' }],
  districts: [{ code: 'gulou', name: '鼓楼区' }],
};
const FORM_HINT = '点击“获取验证码”，将 6 位验证码发送到上面的手机号，5 分钟内有效';

/** Runs the script against `directory`; fills the form and submits it when asked. */
async function pageWith(directory: Directory) {
  const elements = new Map<string, FakeElement>();
  const $ = (id: string) => {
    if (!elements.has(id)) elements.set(id, element(id));
    return elements.get(id) as FakeElement;
  };
  $('code-field').hidden = true;
  $('code-opt').hidden = true;
  $('code-hint').textContent = FORM_HINT;
  const posted: { url: string; body: Record<string, unknown> }[] = [];
  const fetch = async (url: string, init?: { body?: string }) => {
    if (url === '/v1/directory') return { ok: true, status: 200, json: async () => directory };
    posted.push({ url, body: JSON.parse(init?.body ?? '{}') });
    return {
      ok: true,
      status: 202,
      headers: { get: () => null },
      json: async () =>
        url.endsWith('/verifications') ? { verificationId: 'V', expiresInSeconds: 300 } : {},
    };
  };
  const document = { getElementById: $, createElement: () => element('') };
  runInNewContext(PAGE_SCRIPT, {
    document,
    window: { crypto: webcrypto },
    fetch,
    setInterval: () => 0,
    clearInterval: () => {},
    setTimeout,
    Map,
    Promise,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  await settle();
  async function submit(fields: { code?: string; requestCode?: boolean } = {}) {
    $('type').value = 'complaint';
    $('category').value = 'water-supply';
    $('district').value = 'gulou';
    $('content').value = '小区门口的路灯坏了一个星期，请尽快修理。';
    $('phone').value = '13912345678';
    if (fields.requestCode) {
      for (const listener of $('code-button').listeners.click ?? []) listener({});
      await settle();
    }
    $('code').value = fields.code ?? '';
    for (const listener of $('appeal-form').listeners.submit ?? []) listener({ preventDefault: () => {} });
    await settle();
    return posted.filter((p) => p.url === '/v1/channels/webform').map((p) => p.body);
  }
  return { $, submit };
}

describe('Function: serve-web, the page script and the 短信验证码', () => {
  it('hides the code field where the directory offers no verification, sending the form without one', async () => {
    // Prepare
    const page = await pageWith({ ...DIRECTORY, phoneVerification: false, phoneVerificationRequired: false });

    // Act
    const sent = await page.submit();

    // Assess
    expect(page.$('code-field').hidden).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toHaveProperty('code');
  });

  it('marks the code required where the directory says so, and sends nothing without it', async () => {
    // Prepare
    const page = await pageWith({ ...DIRECTORY, phoneVerification: true, phoneVerificationRequired: true });

    // Act
    const sent = await page.submit();

    // Assess
    expect(page.$('code-field').hidden).toBe(false);
    expect(page.$('code').required).toBe(true);
    expect([page.$('code-req').hidden, page.$('code-opt').hidden]).toEqual([false, true]);
    expect(page.$('code-hint').textContent).toBe(FORM_HINT);
    expect(page.$('err-code').textContent).toBe('请先获取短信验证码');
    expect(sent).toEqual([]);
  });

  it('marks the code 选填 where it is optional, saying why to verify, and sends the form without one', async () => {
    // Prepare
    const page = await pageWith({ ...DIRECTORY, phoneVerification: true, phoneVerificationRequired: false });

    // Act
    const sent = await page.submit();

    // Assess
    expect(page.$('code-field').hidden).toBe(false);
    expect(page.$('code').required).toBe(false);
    expect([page.$('code-req').hidden, page.$('code-opt').hidden]).toEqual([true, false]);
    expect(page.$('code-hint').textContent).toContain('合并办理');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ phone: '13912345678' });
    expect(sent[0]).not.toHaveProperty('code');
    expect(sent[0]).not.toHaveProperty('verificationId');
  });

  it('checks a code typed where it is optional: none sent before 获取验证码, sent with its id after', async () => {
    // Prepare
    const early = await pageWith({ ...DIRECTORY, phoneVerification: true, phoneVerificationRequired: false });
    const later = await pageWith({ ...DIRECTORY, phoneVerification: true, phoneVerificationRequired: false });

    // Act
    const refused = await early.submit({ code: '123456' });
    const malformed = await later.submit({ code: '12345', requestCode: true });
    const malformedError = later.$('err-code').textContent;
    const sent = await later.submit({ code: '123456' });

    // Assess
    expect(refused).toEqual([]);
    expect(early.$('err-code').textContent).toBe('请先获取短信验证码');
    expect(malformed).toEqual([]);
    expect(malformedError).toBe('请输入 6 位短信验证码');
    expect(sent).toEqual([expect.objectContaining({ verificationId: 'V', code: '123456' })]);
  });
});
