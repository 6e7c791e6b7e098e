import { describe, expect, it } from 'vitest';
import { completionMessage, correctionRequestMessage } from '../../../shared/domain/notices/index.js';

// Tencent Cloud SMS takes no link as a template parameter: its templates hold the link's fixed part
// and take the short link's code.

const kase = {
  caseId: 'wfcase0001',
  trackingNo: '261122-K7M3-9XQ2',
  completedAt: '2026-11-22T01:00:00.000Z',
};

describe('Template parameter: linkCode', () => {
  it("is the short link's code beside the whole link", () => {
    // Act
    const message = completionMessage(kase, { link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k' });

    // Assess
    expect(message.params).toEqual({
      trackingNo: '261122-K7M3-9XQ2',
      link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k',
      linkCode: 'Ab3dE5gH7k',
    });
  });

  it('is absent when the link is not a short link', () => {
    // Act
    const message = correctionRequestMessage(kase, {
      requestedAt: '2026-11-22T02:00:00.000Z',
      link: 'https://12345.example.gov.cn/v1/cases/261122-K7M3-9XQ2/correction?token=t',
      days: 5,
    });

    // Assess
    expect(message.params).not.toHaveProperty('linkCode');
    expect(message.params.link).toContain('/correction?token=t');
  });
});
