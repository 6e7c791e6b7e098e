import { describe, expect, it } from 'vitest';
import { adminCreateUserArgs, devTokenCommand, staffUserOf } from '../../../../scripts/setup/staff-user.js';

// `npm run setup -- user`: the command line as a staff user, the Cognito call, the local equivalent.

describe('Function: staffUserOf', () => {
  it('takes a department user with its department and CTI agent id', () => {
    // Act
    const user = staffUserOf({
      username: 'zhang.wei',
      email: 'zhang.wei@example.gov.cn',
      role: 'department',
      department: 'water-group',
    });

    // Assess
    expect(user).toEqual({
      username: 'zhang.wei',
      email: 'zhang.wei@example.gov.cn',
      role: 'department',
      departmentId: 'water-group',
    });
  });

  it.each([
    [{ email: 'a@b.cn', role: 'agent' }, '--username is required: 1-128 characters, no spaces'],
    [
      { username: 'a b', email: 'a@b.cn', role: 'agent' },
      '--username is required: 1-128 characters, no spaces',
    ],
    [{ username: 'a', email: 'not-an-address', role: 'agent' }, '--email must be an email address'],
    [{ username: 'a', email: 'a@b.cn', role: 'boss' }, /--role must be one of agent, dispatcher/],
    [{ username: 'a', email: 'a@b.cn', role: 'department' }, '--role department needs --department <id>'],
    [{ username: 'a', email: 'a@b.cn', role: 'agent', agent: 'x'.repeat(33) }, /--agent takes/],
  ])('refuses %o', (values, reason) => {
    // Act
    const user = staffUserOf(values);

    // Assess
    expect(user).toMatch(reason);
  });
});

describe('Function: adminCreateUserArgs', () => {
  it('gives Cognito the custom attributes the staff tokens carry, the address verified', () => {
    // Act
    const args = adminCreateUserArgs('cn-north-1_abc', {
      username: 'li.na',
      email: 'li.na@example.gov.cn',
      role: 'agent',
      agentId: '1024',
    });

    // Assess
    expect(args.slice(0, 6)).toEqual([
      'cognito-idp',
      'admin-create-user',
      '--user-pool-id',
      'cn-north-1_abc',
      '--username',
      'li.na',
    ]);
    expect(JSON.parse(args[args.indexOf('--user-attributes') + 1] ?? '')).toEqual([
      { Name: 'email', Value: 'li.na@example.gov.cn' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'custom:role', Value: 'agent' },
      { Name: 'custom:agentId', Value: '1024' },
    ]);
    expect(args).toContain('EMAIL');
  });
});

describe('Function: devTokenCommand', () => {
  it('prints the local token with the same claims, quoted where bash needs it', () => {
    // Act
    const command = devTokenCommand({
      username: "o'brien",
      email: 'o@example.cn',
      role: 'department',
      departmentId: 'water-group',
    });

    // Assess
    expect(command).toBe(
      "npm run -s token -- --role department --department water-group --sub 'o'\\''brien'",
    );
  });
});
