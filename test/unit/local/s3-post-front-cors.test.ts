import { describe, expect, it } from 'vitest';
import { pageOrigins } from '../../../local/phases/environment.js';
import { corsHeaders } from '../../../local/s3-post-front.js';

describe('Module: local S3 front CORS', () => {
  const allowed = pageOrigins(3000, 'http://127.0.0.1:3000');

  it("allows the gateway's own origins, by address and by name", () => {
    // Assess
    expect(allowed).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000']);
  });

  it("adds PUBLIC_BASE_URL's origin when a developer set one", () => {
    // Act
    const origins = pageOrigins(3000, 'https://hotline.example.test/base/');

    // Assess
    expect(origins).toEqual([
      'http://127.0.0.1:3000',
      'http://localhost:3000',
      'https://hotline.example.test',
    ]);
  });

  it("echoes the page's own origin", () => {
    // Act & Assess
    expect(corsHeaders('http://localhost:3000', allowed)).toEqual({
      'access-control-allow-origin': 'http://localhost:3000',
      vary: 'Origin',
    });
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['another port on this machine', 'http://127.0.0.1:3001'],
    ['an opaque origin', 'null'],
    ['no origin', undefined],
  ])('gives %s no access-control-allow-origin', (_what, origin) => {
    // Act & Assess
    expect(corsHeaders(origin, allowed)).toEqual({ vary: 'Origin' });
  });
});
