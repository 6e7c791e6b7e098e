import { describe, expect, it } from 'vitest';
import {
  assignmentOf,
  assignmentProblem,
  coHandlersWithout,
  returnView,
  sameAssignment,
  typedText,
} from '../../console/src/views/dispatch/assignment';
import { mergeCandidates } from '../../console/src/views/dispatch/merge-candidates';

const KNOWN = new Set(['heating-company', 'housing', 'water-group']);
const NAMES: Record<string, string> = { 'water-group': '江城水务集团', housing: '市住房和城乡建设局' };
const name = (id: string) => NAMES[id] ?? id;

describe('Module: dispatch assignment', () => {
  it('fills the lead and co-handlers from a suggestion, never the lead twice', () => {
    // Act
    const a = assignmentOf({
      departmentId: 'heating-company',
      departmentName: '江城热力有限公司',
      coHandlers: [
        { departmentId: 'housing', departmentName: '市住房和城乡建设局' },
        { departmentId: 'heating-company', departmentName: '江城热力有限公司' },
      ],
      ruleId: 'r1',
      priority: 0,
    });

    // Assess
    expect(a).toEqual({ departmentId: 'heating-company', coHandlers: ['housing'] });
    expect(sameAssignment(a, { departmentId: 'heating-company', coHandlers: ['housing'] })).toBe(true);
    expect(sameAssignment(a, { departmentId: 'heating-company', coHandlers: [] })).toBe(false);
  });

  it('drops the lead and repeats from the co-handlers when the lead changes', () => {
    // Assess
    expect(coHandlersWithout('housing', ['housing', 'water-group', 'water-group'])).toEqual(['water-group']);
  });

  it('says in Chinese what keeps an assignment from being sent', () => {
    // Assess
    expect(assignmentProblem({ departmentId: '', coHandlers: [] }, KNOWN)).toBe('请选择主办单位');
    expect(assignmentProblem({ departmentId: 'gone', coHandlers: [] }, KNOWN)).toBe(
      '主办单位不在目录中，请重新选择',
    );
    expect(assignmentProblem({ departmentId: 'housing', coHandlers: ['housing'] }, KNOWN)).toBe(
      '主办单位不能同时是协办单位',
    );
    expect(assignmentProblem({ departmentId: 'housing', coHandlers: ['nope'] }, KNOWN)).toContain('nope');
    expect(
      assignmentProblem(
        { departmentId: 'housing', coHandlers: Array.from({ length: 11 }, (_, i) => `d${i}`) },
        KNOWN,
      ),
    ).toBe('协办单位最多 10 个');
    expect(
      assignmentProblem({ departmentId: 'housing', coHandlers: ['water-group'] }, KNOWN),
    ).toBeUndefined();
  });

  it('reads a return entry: the reason by its label, the department and handler by name, the free text whole', () => {
    // Act
    const v = returnView(
      {
        at: '2026-12-01T02:00:00.000Z',
        actor: 'department:u1@water-group',
        note: 'wrong_district: water-group: 属台江区: 见地图',
      },
      name,
    );
    const bare = returnView({ at: '2026-12-01T02:00:00.000Z', actor: 'department:u1@water-group' }, name);

    // Assess
    expect(v).toEqual({
      reason: '属地不符',
      department: '江城水务集团',
      by: '承办人 u1（江城水务集团）',
      text: '属台江区: 见地图',
      at: '2026-12-01T02:00:00.000Z',
    });
    expect(bare.reason).toBe('未注明');
    expect(bare.department).toBeUndefined();
  });
});

describe('Function: mergeCandidates', () => {
  it('keeps open cases other than the duplicate itself, once each, in the order given', () => {
    // Act
    const kept = mergeCandidates(
      [
        { caseId: 'a', status: 'dispatched' },
        { caseId: 'self', status: 'pending_dispatch' },
        { caseId: 'b', status: 'closed' },
        { caseId: 'c', status: 'merged' },
        { caseId: 'd', status: 'dissatisfied' },
        { caseId: 'a', status: 'dispatched' },
      ],
      'self',
    );

    // Assess
    expect(kept.map((c) => c.caseId)).toEqual(['a', 'd']);
  });
});

describe('Function: typedText', () => {
  it('names what the agent typed for the category, the district or both', () => {
    // Act & Assess
    expect(typedText({ typedCategory: '井盖被偷了' })).toBe('所填类别：井盖被偷了');
    expect(typedText({ typedDistrict: '火星区' })).toBe('所填属地：火星区');
    expect(typedText({ typedCategory: 'nope', typedDistrict: '火星区' })).toBe(
      '所填类别：nope；所填属地：火星区',
    );
  });

  it('gives nothing for a case the catalogue resolved', () => {
    // Act & Assess
    expect(typedText({})).toBeUndefined();
  });
});
