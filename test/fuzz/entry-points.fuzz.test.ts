import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.js';

// Every public entry point is fuzzed: each route without a staff token (public or signed) of the
// function catalogue names the fuzz file that covers it, so a new route without one fails here.

const FUZZED: Readonly<Record<string, string>> = {
  'POST /v1/channels/webform': 'ingest-webform.fuzz.test.ts',
  'POST /v1/channels/webform/uploads': 'create-upload.fuzz.test.ts',
  'POST /v1/channels/webform/verifications': 'request-verification.fuzz.test.ts',
  'POST /v1/notices/receipts/tencent/{key}': 'record-notice-receipt.fuzz.test.ts',
  'POST /v1/notices/receipts/aliyun/{key}': 'record-notice-receipt.fuzz.test.ts',
  'GET /v1/channels/wechat': 'ingest-wechat.fuzz.test.ts',
  'POST /v1/channels/wechat': 'ingest-wechat.fuzz.test.ts',
  'POST /v1/channels/hotline/calls': 'ingest-hotline.fuzz.test.ts',
  'POST /v1/channels/hotline/connect-ctr': 'ingest-hotline.fuzz.test.ts',
  'GET /v1/cases/{trackingNo}': 'citizen-case.fuzz.test.ts',
  'GET /v1/cases/{trackingNo}/feedback': 'citizen-case.fuzz.test.ts',
  'POST /v1/cases/{trackingNo}/feedback': 'citizen-case.fuzz.test.ts',
  'GET /v1/cases/{trackingNo}/correction': 'citizen-case.fuzz.test.ts',
  'POST /v1/cases/{trackingNo}/correction': 'citizen-case.fuzz.test.ts',
  'GET /n/{code}': 'citizen-case.fuzz.test.ts',
  'GET /v1/directory': 'public-reads.fuzz.test.ts',
  'GET /v1/public/metrics': 'public-reads.fuzz.test.ts',
  'GET /v1/public/releases': 'public-reads.fuzz.test.ts',
  'GET /v1/public/releases/{releaseId}': 'public-reads.fuzz.test.ts',
  'GET /': 'public-reads.fuzz.test.ts',
  'GET /dashboard': 'public-reads.fuzz.test.ts',
  'GET /releases': 'public-reads.fuzz.test.ts',
  'GET /console': 'public-reads.fuzz.test.ts',
  'GET /console/config.json': 'public-reads.fuzz.test.ts',
  'GET /console/{path+}': 'public-reads.fuzz.test.ts',
  'GET /assets/{file}': 'public-reads.fuzz.test.ts',
};

describe('Fuzz: the entry points', () => {
  it('fuzzes every public and signed route of the function catalogue, each in the file it names', () => {
    // Prepare
    const routes = FUNCTIONS.flatMap((spec) =>
      spec.triggers.flatMap((t) => (t.kind === 'http' && t.auth !== 'jwt' ? [`${t.method} ${t.path}`] : [])),
    );

    // Act
    const missing = routes.filter((route) => FUZZED[route] === undefined);
    const unnamed = Object.entries(FUZZED).filter(([route, file]) => {
      const text = readFileSync(new URL(file, import.meta.url), 'utf8');
      const path = route.split(' ')[1] as string;
      // The path as written, or each of its fixed segments (a file may build the path from parts).
      const parts = path.split(/\{[^}]+\}/).filter((p) => p !== '/');
      return !text.includes(path) && !parts.every((part) => text.includes(part));
    });

    // Assess
    expect(missing).toEqual([]);
    expect(unnamed).toEqual([]);
    expect(Object.keys(FUZZED).sort()).toEqual([...routes].sort());
  });
});
