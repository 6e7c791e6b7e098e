import { describe, expect, it } from 'vitest';
import { actionText, actorText, noteText } from '../../console/src/components/history-text';

describe('Module: history-text', () => {
  it('names a history step with ACTION_TEXT, and keeps an unknown step’s code', () => {
    // Assess
    expect(actionText('request_extension')).toBe('申请延期');
    expect(actionText('something_new')).toBe('something_new');
  });

  it('names reason codes and shows instants in Beijing time in a note', () => {
    // Act
    const ret = noteText('wrong_district: water: 属台江区');
    const ext = noteText('2026-12-18T15:59:59.000Z: 需现场勘查');

    // Assess
    expect(ret).toBe('属地不符：water：属台江区');
    expect(ext).toBe('2026/12/18 23:59：需现场勘查');
  });

  it('names the state a legal hold set or lifted, and keeps its reason as written', () => {
    // Act & Assess
    expect(actionText('legal_hold')).toBe('法律保全');
    expect(noteText('on: 法院调取证据')).toBe('法律保全：法院调取证据');
    expect(noteText('off: 案件审结')).toBe('解除法律保全：案件审结');
  });

  it('names the actor by role and department, the system and the channel', () => {
    // Assess
    expect(actorText('department:u-1@water')).toBe('承办人 u-1（water）');
    expect(actorText('system')).toBe('系统');
    expect(actorText('system:supervise-deadlines')).toBe('系统');
    expect(actorText('channel:webform')).toBe('网上表单');
  });
});

describe('Module: history-text, with the directory’s names', () => {
  it('names the department a dispatch went to and the actor’s department', () => {
    // Prepare
    const names = new Map([['water', '江城水务集团']]);
    const name = (id: string) => names.get(id) ?? id;

    // Act
    const note = noteText('water', name);
    const actor = actorText('department:u-1@water', name);

    // Assess
    expect(note).toBe('江城水务集团');
    expect(actor).toBe('承办人 u-1（江城水务集团）');
  });
});
