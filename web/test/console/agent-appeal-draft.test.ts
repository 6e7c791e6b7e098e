import { describe, expect, it } from 'vitest';
import {
  type AppealDraft,
  draftErrors,
  draftKey,
  emptyDraft,
  normalisePhone,
  toAppealRequest,
} from '../../console/src/views/agent/appeal-draft';

const typed = (overrides: Partial<AppealDraft> = {}): AppealDraft => ({
  ...emptyDraft(),
  type: 'complaint',
  category: 'noise',
  district: 'gulou',
  content: '楼下餐馆油烟扰民',
  callbackPhone: '13987654321',
  ...overrides,
});

describe('Function: toAppealRequest', () => {
  it('trims the text and leaves out the optional fields left empty', () => {
    // Prepare
    const draft = typed({ content: '  楼下餐馆油烟扰民 \n', address: '   ', name: ' ' });

    // Act
    const body = toAppealRequest(draft);

    // Assess
    expect(body).toEqual({
      type: 'complaint',
      category: 'noise',
      district: 'gulou',
      content: '楼下餐馆油烟扰民',
      urgency: 'normal',
      callbackPhone: '13987654321',
      answeredDirectly: false,
    });
  });

  it('carries the address, urgency, name and the callback number in its digits', () => {
    // Prepare
    const draft = typed({
      address: ' 中山路 1 号 ',
      urgency: 'urgent',
      callbackPhone: '+86 139-8765 4321',
      name: ' 王女士 ',
    });

    // Act
    const body = toAppealRequest(draft);

    // Assess
    expect(body).toMatchObject({
      address: '中山路 1 号',
      urgency: 'urgent',
      callbackPhone: '13987654321',
      name: '王女士',
    });
  });

  it('sends the reply only with a direct answer', () => {
    // Prepare
    const direct = typed({
      type: 'consultation',
      answeredDirectly: true,
      reply: ' 社保卡可在街道服务中心补办。 ',
    });
    const dispatched = typed({ answeredDirectly: false, reply: '打字到一半又改成派单' });

    // Act
    const directBody = toAppealRequest(direct);
    const dispatchedBody = toAppealRequest(dispatched);

    // Assess
    expect(directBody).toMatchObject({ answeredDirectly: true, reply: '社保卡可在街道服务中心补办。' });
    expect(dispatchedBody).not.toHaveProperty('reply');
    expect(dispatchedBody.answeredDirectly).toBe(false);
  });
});

describe('Function: draftErrors', () => {
  it('finds nothing wrong in a complete draft', () => {
    // Act
    const errors = draftErrors(typed());

    // Assess
    expect(errors).toEqual({});
  });

  it('names each missing required field in Chinese', () => {
    // Act
    const errors = draftErrors(emptyDraft());

    // Assess
    expect(Object.keys(errors).sort()).toEqual(['callbackPhone', 'category', 'content', 'district', 'type']);
    expect(errors.content).toBe('请填写诉求内容');
  });

  it('asks for the reply of a direct answer and checks the callback number', () => {
    // Act
    const errors = draftErrors(typed({ answeredDirectly: true, reply: '  ', callbackPhone: '12ab' }));

    // Assess
    expect(errors.reply).toContain('答复内容');
    expect(errors.callbackPhone).toContain('7–15');
  });

  it('refuses text longer than the API accepts', () => {
    // Act
    const errors = draftErrors(
      typed({ content: '扰'.repeat(4001), address: '路'.repeat(201), name: '名'.repeat(51) }),
    );

    // Assess
    expect(Object.keys(errors).sort()).toEqual(['address', 'content', 'name']);
  });
});

describe('Function: normalisePhone', () => {
  it('keeps the digits of a mobile or a landline as the CTI reads them', () => {
    // Act
    const numbers = ['+86 139 8765 4321', '0086-13987654321', '(0591) 8765-4321'].map(normalisePhone);

    // Assess
    expect(numbers).toEqual(['13987654321', '13987654321', '059187654321']);
  });
});

describe('Function: draftKey', () => {
  it('keys a draft by the user and the call', () => {
    // Act
    const key = draftKey('user-1', 'call-9');

    // Assess
    expect(key).toBe('agent:user-1:call-9');
  });
});
