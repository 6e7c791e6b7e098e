import { describe, expect, it } from 'vitest';
import { claimsOf, cleanToken, tokenProblem, whoText } from '../../dashboard/src/token.js';

const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: object) => `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('Module: token', () => {
  it('reads the claims of a pasted token, Chinese subject included', () => {
    // Act
    const claims = claimsOf(cleanToken(`  Bearer ${jwt({ sub: '分析员甲', role: 'analyst' })} `));

    // Assess
    expect(claims).toEqual({ sub: '分析员甲', role: 'analyst' });
  });

  it('refuses a token that is not a JWT, and one that has expired', () => {
    // Act & Assess
    expect(tokenProblem('not-a-jwt', NOW)).toBe('令牌格式不正确：请粘贴完整的 JWT（三段，以“.”分隔）');
    expect(tokenProblem(jwt({ exp: NOW / 1000 - 1 }), NOW)).toBe('令牌已过期，请重新获取');
    expect(tokenProblem(jwt({ exp: NOW / 1000 + 60 }), NOW)).toBe('');
  });

  it('names the role of a Cognito ID token from its custom claim', () => {
    // Act & Assess
    expect(whoText({ sub: 'u1', 'custom:role': 'analyst' })).toBe('u1（分析员，有效至 未知）');
    expect(whoText({ role: 'department' })).toBe('未知用户（角色：department，有效至 未知）');
  });
});
