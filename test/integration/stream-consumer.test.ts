import { describe, expect, it } from 'vitest';
import {
  casesByTrackingNo,
  eventually,
  idempotencyKey,
  idle,
  invocations,
  postWebform,
  webform,
} from './helpers.js';

describe('the cases stream', () => {
  it('invokes project-case-events for a new case', async () => {
    // Prepare
    await idle();
    const before = (await invocations())['project-case-events'] ?? 0;

    // Act
    const posted = await postWebform(webform(), { 'idempotency-key': idempotencyKey() });
    await eventually(async () =>
      (await casesByTrackingNo(posted.json.trackingNo as string)).length ? true : undefined,
    );
    await idle();

    // Assess
    expect((await invocations())['project-case-events']).toBeGreaterThan(before);
  });
});
