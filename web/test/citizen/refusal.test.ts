import { describe, expect, it } from 'vitest';
import { serverRefusal } from '../../citizen/src/refusal.js';

describe('Function: serverRefusal', () => {
  it('shows zod’s details beside the fields they name, under the server’s message', () => {
    // Prepare
    const body = {
      error: {
        code: 'invalid_input',
        message: '请求内容有误',
        details: [
          { path: 'content', message: '诉求内容至少 5 个字' },
          { path: 'attachments.0', message: '附件无效' },
          { path: 'unknownField', message: '忽略' },
        ],
      },
    };

    // Act
    const refusal = serverRefusal(body);

    // Assess
    expect(refusal).toEqual({
      title: '请求内容有误',
      byField: { content: '诉求内容至少 5 个字', attachments: '附件无效' },
    });
  });

  it.each([
    ['unknown_category', 'category'],
    ['unknown_district', 'district'],
    ['invalid_code', 'code'],
    ['code_expired', 'code'],
    ['verification_required', 'code'],
    ['invalid_phone', 'phone'],
  ])('puts the message of %s beside the %s field', (code, field) => {
    // Act
    const refusal = serverRefusal({ error: { code, message: '说明' } });

    // Assess
    expect(refusal.byField).toEqual({ [field]: '说明' });
  });

  it('falls back to a Chinese message for a body that is not the error envelope', () => {
    // Act
    const refusal = serverRefusal({});

    // Assess
    expect(refusal).toEqual({ title: '提交失败，请稍后重试', byField: {} });
  });
});
