import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { deployedFunctions } from '../../infra/functions.js';
import { synthHotline } from './synth.js';

/** What a deployment without optional channels has (no -c connectCtrStreamArn). */
const FUNCTIONS = deployedFunctions(() => undefined);

// 回访期 is one setting for the whole deployment: every writer of a case keys the supervision index
// with it, so every function must read the same value.

function followUpDaysOf(template: Template): (string | undefined)[] {
  return Object.values(template.findResources('AWS::Lambda::Function'))
    .filter((f) => FUNCTIONS.some((spec) => spec.description === f.Properties.Description))
    .map((f) => f.Properties.Environment?.Variables?.FOLLOW_UP_DAYS);
}

describe('Context: followUpDays', () => {
  it('gives every function the follow-up window from -c followUpDays', () => {
    // Act
    const { service } = synthHotline(undefined, undefined, { followUpDays: '10' });

    // Assess
    const values = followUpDaysOf(Template.fromStack(service));
    expect(values).toHaveLength(FUNCTIONS.length);
    expect(new Set(values)).toEqual(new Set(['10']));
  });

  it('sets nothing without it, so the functions keep their default of 7 days', () => {
    // Act
    const { service } = synthHotline();

    // Assess
    expect(new Set(followUpDaysOf(Template.fromStack(service)))).toEqual(new Set([undefined]));
  });

  it('refuses a window that is not a whole number of days from 1 to 60', () => {
    // Act & Assess
    expect(() => synthHotline(undefined, undefined, { followUpDays: '0' })).toThrow(/followUpDays/);
    expect(() => synthHotline(undefined, undefined, { followUpDays: '7.5' })).toThrow(/followUpDays/);
  });
});
