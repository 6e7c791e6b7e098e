import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/domain/attachment.js';
import {
  type AppealInput,
  appealBody,
  type CodeState,
  normalisePhone,
  validateAppeal,
} from '../../citizen/src/appeal-rules.js';

// The form's checks and body without a browser: what the page refuses before sending, and what it
// sends for each 短信验证码 mode the directory can give. The browser tests
// (test/integration/web-page.browser.test.ts, phone-verification.browser.test.ts) drive the DOM.

const FILLED: AppealInput = {
  type: 'complaint',
  category: 'water-supply',
  district: 'gulou',
  address: '',
  content: '小区门口的路灯坏了一个星期，请尽快修理。',
  phone: '13912345678',
  code: '',
  name: '',
  files: [],
};
const OFF: CodeState = { on: false, required: false, verificationId: null };
const REQUIRED: CodeState = { on: true, required: true, verificationId: null };
const OPTIONAL: CodeState = { on: true, required: false, verificationId: null };

describe('Function: validateAppeal', () => {
  it('accepts a filled form without a code where the directory offers no verification', () => {
    // Act
    const errors = validateAppeal(FILLED, OFF);

    // Assess
    expect(errors).toEqual({});
  });

  it('names every missing choice and a short content, in the order of the form', () => {
    // Prepare
    const empty = { ...FILLED, type: '', category: '', district: '', content: '  灯坏了 ', phone: '' };

    // Act
    const errors = validateAppeal(empty, OFF);

    // Assess
    expect(Object.keys(errors)).toEqual(['type', 'category', 'district', 'content', 'phone']);
    expect(errors).toMatchObject({
      category: '请选择诉求类别',
      content: '诉求内容至少 5 个字',
      phone: '请填写手机号码',
    });
  });

  it('refuses a number that is not a mainland mobile, with the server’s own message', () => {
    // Act
    const errors = validateAppeal({ ...FILLED, phone: '12345' }, OFF);

    // Assess
    expect(errors).toEqual({ phone: '须为中国大陆手机号（11 位，13–19 开头）' });
  });

  it('asks for the code where it is required and none was sent yet', () => {
    // Act
    const errors = validateAppeal(FILLED, REQUIRED);

    // Assess
    expect(errors).toEqual({ code: '请先获取短信验证码' });
  });

  it('lets the form go without a code where it is optional', () => {
    // Act
    const errors = validateAppeal(FILLED, OPTIONAL);

    // Assess
    expect(errors).toEqual({});
  });

  it('checks a code typed where it is optional: refused before 获取验证码, malformed after', () => {
    // Act
    const early = validateAppeal({ ...FILLED, code: '123456' }, OPTIONAL);
    const malformed = validateAppeal({ ...FILLED, code: '12345' }, { ...OPTIONAL, verificationId: 'V' });

    // Assess
    expect(early).toEqual({ code: '请先获取短信验证码' });
    expect(malformed).toEqual({ code: '请输入 6 位短信验证码' });
  });

  it('refuses a photo of another type, a photo over the limit, an empty one and a fourth', () => {
    // Prepare
    const photo = { name: 'a.jpg', type: 'image/jpeg', size: 1000 };

    // Act
    const wrongType = validateAppeal(
      { ...FILLED, files: [{ ...photo, name: 'a.gif', type: 'image/gif' }] },
      OFF,
    );
    const tooLarge = validateAppeal(
      { ...FILLED, files: [{ ...photo, size: MAX_ATTACHMENT_BYTES + 1 }] },
      OFF,
    );
    const empty = validateAppeal({ ...FILLED, files: [{ ...photo, size: 0 }] }, OFF);
    const four = validateAppeal({ ...FILLED, files: [photo, photo, photo, photo] }, OFF);

    // Assess
    expect(wrongType).toEqual({ attachments: '仅支持 JPG、PNG、WebP 或 HEIC 格式的图片：a.gif' });
    expect(tooLarge).toEqual({ attachments: '单张图片不能超过 5 MB：a.jpg' });
    expect(empty).toEqual({ attachments: '文件为空：a.jpg' });
    expect(four).toEqual({ attachments: '最多上传 3 张图片' });
  });
});

describe('Function: appealBody', () => {
  it('sends the trimmed form with the photos’ keys and leaves out the empty optional fields', () => {
    // Prepare
    const input = { ...FILLED, content: `  ${FILLED.content}\n`, phone: '+86 139-1234-5678', address: '  ' };

    // Act
    const body = appealBody(input, OFF, ['uploads/2026/12/03/a.png']);

    // Assess
    expect(body).toEqual({
      type: 'complaint',
      category: 'water-supply',
      district: 'gulou',
      content: FILLED.content,
      phone: '13912345678',
      attachments: ['uploads/2026/12/03/a.png'],
    });
  });

  it('sends no code where it is optional and none was typed, even after one was sent', () => {
    // Act
    const body = appealBody(FILLED, { ...OPTIONAL, verificationId: 'V' }, []);

    // Assess
    expect(body).not.toHaveProperty('code');
    expect(body).not.toHaveProperty('verificationId');
  });

  it('sends the code with its verification id once it was sent and typed', () => {
    // Act
    const body = appealBody(
      { ...FILLED, code: ' 123456 ', name: ' 张三 ' },
      { ...REQUIRED, verificationId: 'V' },
      [],
    );

    // Assess
    expect(body).toMatchObject({ verificationId: 'V', code: '123456', name: '张三' });
  });
});

describe('Function: normalisePhone', () => {
  it('drops spaces, dashes and the +86 prefix', () => {
    // Act
    const phones = ['138 1234 5678', '+86 138-1234-5678', '8613812345678'].map(normalisePhone);

    // Assess
    expect(phones).toEqual(['13812345678', '13812345678', '13812345678']);
  });
});
