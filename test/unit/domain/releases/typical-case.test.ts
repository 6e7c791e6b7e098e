import { describe, expect, it } from 'vitest';
import type { Case } from '../../../../shared/domain/case.js';
import { type CaseSummary, leaksIn, typicalCaseOf } from '../../../../shared/domain/releases/index.js';
import { closedCase } from '../../fixtures/dossier.js';

const NAMES = { categoryName: '供水', districtName: '鼓楼区' };
const CLEAN: CaseSummary = {
  asked: '市民反映小区自前一晚起停水，未收到任何停水通知，生活受到影响。',
  done: '承办单位联系供水公司排查，确认为管道破损，当晚抢修完毕恢复供水，并在小区张贴后续检修通知。',
};

function kase(): Case {
  const { closed } = closedCase({
    contact: { phoneHash: 'a'.repeat(64), phoneMasked: '139****5678', name: '张小明' },
  });
  return closed;
}

describe('Typical case (典型案例) anonymisation', () => {
  it('publishes category, district, type, month, the summary and the outcome, and nothing that names a person', () => {
    // Act
    const result = typicalCaseOf(kase(), CLEAN, NAMES);

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entry).toEqual({
      type: 'help',
      category: 'water-supply',
      categoryName: '供水',
      district: 'gulou',
      districtName: '鼓楼区',
      receivedMonth: '2026-11',
      asked: CLEAN.asked,
      done: CLEAN.done,
      outcome: expect.any(Object),
    });
    const text = JSON.stringify(result.entry);
    const c = kase();
    for (const secret of [
      c.caseId,
      c.trackingNo,
      c.sourceId,
      '张小明',
      '东街 12 号',
      '139****5678',
      c.contact.phoneHash as string,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it.each([
    ['name', `${CLEAN.asked}来电人张小明表示不满。`],
    ['phone', `${CLEAN.asked}联系电话 139 1234 5678。`],
    ['phone', `${CLEAN.asked}座机 0591-87654321。`],
    ['address', `${CLEAN.asked}地点在东街12号院内。`],
    ['identity_number', `${CLEAN.asked}身份证号 11010519491231002X。`],
    ['identity_number', `${CLEAN.asked}护照号 E12345678。`],
    ['email', `${CLEAN.asked}邮箱 zhang@example.com。`],
  ] as const)('refuses a summary that leaks the %s', (kind, asked) => {
    // Act
    const result = typicalCaseOf(kase(), { ...CLEAN, asked }, NAMES);

    // Assess
    expect(result).toMatchObject({ ok: false, refusal: { code: 'identifying_text' } });
    if (result.ok) return;
    expect(result.refusal.problems).toContainEqual(expect.objectContaining({ field: 'asked', kind }));
  });

  it("refuses the case's own tracking number and any tracking-number-shaped text", () => {
    // Prepare
    const c = kase();

    // Assess
    expect(leaksIn(`受理编号 ${c.trackingNo} 的诉求`, c)).toContain('tracking_number');
    expect(leaksIn('编号 HX7K2M9Q 的诉求已办结', c)).toContain('tracking_number');
    expect(leaksIn(`工单 ${c.caseId}`, c)).toContain('tracking_number');
  });

  it('names a leak in the done text too', () => {
    // Act
    const result = typicalCaseOf(kase(), { ...CLEAN, done: `${CLEAN.done}已电话告知张小明。` }, NAMES);

    // Assess
    expect(result).toMatchObject({ ok: false, refusal: { problems: [{ field: 'done', kind: 'name' }] } });
  });

  it('refuses a case that is not finished', () => {
    // Act
    const result = typicalCaseOf({ ...kase(), status: 'acknowledged' }, CLEAN, NAMES);

    // Assess
    expect(result).toMatchObject({ ok: false, refusal: { code: 'case_not_finished' } });
  });
});
