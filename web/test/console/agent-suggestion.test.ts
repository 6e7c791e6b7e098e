import { describe, expect, it } from 'vitest';
import { type AppealDraft, emptyDraft } from '../../console/src/views/agent/appeal-draft';
import { applySuggestion, type KnownCodes, suggestionFills } from '../../console/src/views/agent/suggestion';

const known: KnownCodes = {
  categories: new Set(['water-supply', 'noise', 'other']),
  districts: new Set(['gulou', 'taijiang']),
  types: new Set(['help', 'complaint', 'consultation']),
};
const suggestion = { category: 'water-supply', district: 'gulou', type: 'help' };

describe('Function: suggestionFills', () => {
  it('fills every field the agent has not chosen', () => {
    // Prepare
    const draft: AppealDraft = { ...emptyDraft(), content: '鼓楼区停水两天了' };

    // Act
    const fills = suggestionFills(draft, suggestion, known);

    // Assess
    expect(fills).toEqual({ category: 'water-supply', district: 'gulou', type: 'help' });
  });

  it('never offers to change what the agent already chose', () => {
    // Prepare
    const draft: AppealDraft = { ...emptyDraft(), category: 'noise', type: 'complaint' };

    // Act
    const fills = suggestionFills(draft, suggestion, known);

    // Assess
    expect(fills).toEqual({ district: 'gulou' });
  });

  it("offers nothing for the classifier's fallbacks or codes the directory does not have", () => {
    // Prepare
    const draft = emptyDraft();

    // Act
    const fills = suggestionFills(draft, { category: 'other', district: 'unknown', type: 'praise' }, known);

    // Assess
    expect(fills).toEqual({});
  });
});

describe('Function: applySuggestion', () => {
  it('sets the filled fields and keeps everything else the agent typed', () => {
    // Prepare
    const draft: AppealDraft = { ...emptyDraft(), content: '停水', category: 'noise', address: '中山路' };
    const fills = suggestionFills(draft, suggestion, known);

    // Act
    const applied = applySuggestion(draft, fills);

    // Assess
    expect(applied).toEqual({ ...draft, district: 'gulou', type: 'help' });
  });
});
