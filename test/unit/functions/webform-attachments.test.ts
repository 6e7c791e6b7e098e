import { describe, expect, it } from 'vitest';
import { WebformSubmissionSchema } from '../../../functions/ingest-webform/webform.js';

const base = {
  type: 'complaint',
  category: 'water-supply',
  district: 'gulou',
  content: '小区停水三天了',
  phone: '13812345678',
};

describe('Schema: web form attachments', () => {
  it('accepts up to three keys the upload function hands out', () => {
    // Prepare
    const attachments = [
      'uploads/2026/11/22/0b6f3c1e-9c1e-4a57-9a53-1d2f3e4a5b6c.jpg',
      'uploads/2026/11/22/1b6f3c1e-9c1e-4a57-9a53-1d2f3e4a5b6c.png',
      'uploads/2026/11/23/2b6f3c1e-9c1e-4a57-9a53-1d2f3e4a5b6c.heic',
    ];

    // Act
    const parsed = WebformSubmissionSchema.safeParse({ ...base, attachments });

    // Assess
    expect(parsed.success).toBe(true);
  });

  it.each([
    'raw/2026/11/22/case.json',
    'uploads/../raw/2026/11/22/0b6f3c1e-9c1e-4a57-9a53-1d2f3e4a5b6c.jpg',
    'uploads/2026/11/22/0b6f3c1e-9c1e-4a57-9a53-1d2f3e4a5b6c.svg',
    'https://example.com/photo.jpg',
    'uploads/2026/11/22/photo.jpg',
  ])('refuses %s', (key) => {
    // Act
    const parsed = WebformSubmissionSchema.safeParse({ ...base, attachments: [key] });

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('附件须为本页面上传的图片');
  });

  it('refuses a fourth attachment', () => {
    // Prepare
    const key = 'uploads/2026/11/22/0b6f3c1e-9c1e-4a57-9a53-1d2f3e4a5b6c.jpg';

    // Act
    const parsed = WebformSubmissionSchema.safeParse({ ...base, attachments: [key, key, key, key] });

    // Assess
    expect(parsed.success).toBe(false);
  });
});
