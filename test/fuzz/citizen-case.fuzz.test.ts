import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { handler as answerCorrection } from '../../functions/answer-correction/handler.js';
import { handler as followShortLink } from '../../functions/follow-short-link/handler.js';
import { handler as getCaseStatus } from '../../functions/get-case-status/handler.js';
import { handler as submitFeedback } from '../../functions/submit-feedback/handler.js';
import { hostileString, jsonBody } from './arbitraries.js';
import { fuzzEntryPoint, fuzzMocks, routeCases } from './harness.js';

// The citizen's own case: the status lookup, the feedback and correction pages and their answers,
// and the notices' short links: hostile tracking numbers, tokens, codes, queries and bodies.

const mocks = fuzzMocks();
afterAll(() => mocks.restore());

const trackingNo = fc.stringMatching(/^\d{6}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
const token = fc.oneof(hostileString, fc.base64String({ minLength: 20, maxLength: 60 }));
const ENTRY_POINTS = [
  {
    route: 'GET /v1/cases/{trackingNo}',
    functionName: 'get-case-status',
    handler: getCaseStatus,
    cases: routeCases({
      method: 'GET',
      path: '/v1/cases/{trackingNo}',
      queryNames: ['phoneLast4'],
      headerNames: ['accept', 'if-none-match'],
      validParams: { trackingNo },
    }),
  },
  {
    route: 'GET /v1/cases/{trackingNo}/feedback',
    functionName: 'submit-feedback',
    handler: submitFeedback,
    cases: routeCases({
      method: 'GET',
      path: '/v1/cases/{trackingNo}/feedback',
      queryNames: ['token'],
      validParams: { trackingNo },
    }),
  },
  {
    route: 'POST /v1/cases/{trackingNo}/feedback',
    functionName: 'submit-feedback',
    handler: submitFeedback,
    cases: routeCases({
      method: 'POST',
      path: '/v1/cases/{trackingNo}/feedback',
      queryNames: ['token'],
      validParams: { trackingNo },
      body: jsonBody({
        token,
        rating: fc.constantFrom('satisfied', 'basically-satisfied', 'dissatisfied'),
        comment: hostileString,
      }),
    }),
  },
  {
    route: 'GET /v1/cases/{trackingNo}/correction',
    functionName: 'answer-correction',
    // The page is the same for anyone: its script asks for the case with the token.
    alwaysServed: true,
    handler: answerCorrection,
    cases: routeCases({
      method: 'GET',
      path: '/v1/cases/{trackingNo}/correction',
      queryNames: ['token'],
      validParams: { trackingNo },
    }),
  },
  {
    route: 'POST /v1/cases/{trackingNo}/correction',
    functionName: 'answer-correction',
    handler: answerCorrection,
    cases: routeCases({
      method: 'POST',
      path: '/v1/cases/{trackingNo}/correction',
      queryNames: ['token'],
      validParams: { trackingNo },
      body: jsonBody({
        token,
        answer: hostileString,
        attachments: fc.array(hostileString, { maxLength: 6 }),
      }),
    }),
  },
  {
    route: 'GET /n/{code}',
    functionName: 'follow-short-link',
    handler: followShortLink,
    cases: routeCases({
      method: 'GET',
      path: '/n/{code}',
      headerNames: ['accept', 'user-agent'],
      validParams: { code: fc.stringMatching(/^[2-9A-Za-z]{6,10}$/) },
    }),
  },
];

describe('Fuzz: the citizen case routes', () => {
  it.each(ENTRY_POINTS.map((e, i) => [e.route, e, i] as const))(
    'answers every hostile %s with 2xx, 3xx or 4xx, and writes nothing when it refuses',
    async (_route, entry, i) => {
      // Act
      const statuses = await fuzzEntryPoint({ ...entry, mocks, salt: 40 + i });

      // Assess: the requests reached the function (a route matched), and hostile ones were refused
      expect(statuses.get(0) ?? 0).toBeLessThan([...statuses.values()].reduce((a, b) => a + b, 0));
      expect([...statuses.keys()].some((s) => s >= 400)).toBe(!('alwaysServed' in entry));
    },
  );
});
