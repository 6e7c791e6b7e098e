import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskDeps } from '../../../functions/disclosure-desk/deps.js';
import { disclosureDeskHandler, ROUTES } from '../../../functions/disclosure-desk/handler.js';
import type { QueuePage, UpdateResult } from '../../../shared/adapters/case-store.js';
import type { LetterNumberRequest } from '../../../shared/adapters/letter-numbers.js';
import { letterKey } from '../../../shared/adapters/letter-store.js';
import { UnsupportedCharactersError } from '../../../shared/adapters/reply-letter-pdf.js';
import type { Case } from '../../../shared/domain/case.js';
import type { ReplyLetter } from '../../../shared/domain/disclosure/reply-letter.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { DRAFTER_SUB, disclosureCase, disclosureFile } from '../fixtures/desk-disclosure-case.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { httpEvent, testContext, withClaims } from '../fixtures/lambda.js';

// The disclosure desk's composed handler over fakes of its ports (deps.ts): every refusal changes
// nothing; the approval draws a 文号, stores the letter, then writes the case.

const NOW = new Date('2026-12-03T02:00:00Z');
const reviewer = { sub: 'u-rev', role: 'reviewer' };
const supervisor = { sub: 'u-sup', role: 'supervisor' };
const drafterAsReviewer = { sub: DRAFTER_SUB, role: 'reviewer' };
const housing = { sub: 'u-dept', role: 'department', departmentId: 'housing-bureau' };
const water = { sub: 'u-water', role: 'department', departmentId: 'water-group' };
const analyst = { sub: 'u-ana', role: 'analyst' };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface World {
  cases: Map<string, Case>;
  writes: Case[];
  letters: Map<string, Uint8Array>;
  numbers: LetterNumberRequest[];
  queueCalls: unknown[];
  queuePage: QueuePage;
  reportCases: Case[];
  loseWrite: boolean;
  render: DeskDeps['render'];
  logger: {
    info: (...args: unknown[]) => void;
    warn: (...args: unknown[]) => void;
    error: ReturnType<typeof vi.fn<(...args: unknown[]) => void>>;
  };
}

/** A renderer standing in for the PDF: deterministic bytes of the letter's model. */
const fakeRender: DeskDeps['render'] = async (letter: ReplyLetter) => {
  const bytes = new TextEncoder().encode(`%PDF-fake\n${JSON.stringify(letter)}`);
  return { bytes, sha256: sha256(bytes), pages: 1, substituted: [] };
};

let world: World;

function depsOf(w: World): DeskDeps {
  return {
    cases: {
      getById: async (id) => w.cases.get(id),
      update: async (next, expected): Promise<UpdateResult> => {
        const current = w.cases.get(next.caseId);
        if (w.loseWrite || current?.version !== expected) return { outcome: 'version_conflict', current };
        w.cases.set(next.caseId, next);
        w.writes.push(next);
        return { outcome: 'updated' };
      },
    },
    book: {
      forAnnualReport: async () => w.reportCases,
      listQueue: async (...args) => {
        w.queueCalls.push(args);
        return w.queuePage;
      },
    },
    letters: {
      put: async (caseId, bytes, hash) => {
        const key = letterKey(caseId, hash);
        w.letters.set(key, bytes);
        return key;
      },
      get: async (key) => w.letters.get(key),
    },
    numbers: {
      // As the adapter: one number per case and draft revision, so a retry reuses it.
      allocate: async (request) => {
        const same = w.numbers.findIndex(
          (n) => n.caseId === request.caseId && n.revision === request.revision,
        );
        if (same >= 0) return same + 1;
        w.numbers.push(request);
        return w.numbers.length;
      },
    },
    directory: async () => TEST_DIRECTORY,
    calendar: async () => WEEKENDS_ONLY,
    letterSettings: () => ({ reconsiderationBody: '市人民政府', court: '市中级人民法院', letterPrefix: '' }),
    render: (letter, options) => w.render(letter, options),
    sha256,
    now: () => NOW,
    logger: w.logger,
  };
}

const handler = disclosureDeskHandler(() => depsOf(world));

function seed(kase: Case): Case {
  world.cases.set(kase.caseId, kase);
  return kase;
}

function request(
  route: string,
  claims: Record<string, string> | undefined,
  options: { caseId?: string; body?: unknown; rawBody?: string; query?: Record<string, string> } = {},
): Promise<APIGatewayProxyStructuredResultV2> {
  const [method, path] = route.split(' ') as [string, string];
  const caseId = options.caseId ?? disclosureCase().caseId;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const event = httpEvent({
    method,
    path: path.replace('{caseId}', caseId),
    routeKey: route,
    ...(path.includes('{caseId}') ? { pathParameters: { caseId } } : {}),
    ...(options.query ? { query: options.query } : {}),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  return handler(
    withClaims(event, claims),
    testContext('disclosure-desk'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const errorOf = (r: APIGatewayProxyStructuredResultV2) => JSON.parse(String(r.body)).error;
const approval = (overrides: Record<string, unknown> = {}) => ({
  expectedVersion: 5,
  confidentialityReviewed: true,
  reviewerName: '李审核',
  ...overrides,
});

function nothingChanged() {
  expect(world.writes).toEqual([]);
  expect(world.letters.size).toBe(0);
  expect(world.numbers).toEqual([]);
}

beforeEach(() => {
  world = {
    cases: new Map(),
    writes: [],
    letters: new Map(),
    numbers: [],
    queueCalls: [],
    queuePage: { items: [] },
    reportCases: [],
    loseWrite: false,
    render: fakeRender,
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn<(...args: unknown[]) => void>() },
  };
});

describe('Handler: disclosure-desk, POST approve', () => {
  it('draws a 文号, stores the letter, then closes the case with the letter recorded', async () => {
    // Prepare
    const kase = seed(disclosureCase());

    // Act
    const response = await request(ROUTES.approve, reviewer, { body: approval({ note: '同意' }) });

    // Assess
    expect(response.statusCode).toBe(200);
    const written = JSON.parse(String(response.body)).case as Case;
    expect(written.status).toBe('closed');
    expect(world.numbers).toEqual([
      { departmentId: 'housing-bureau', year: 2026, caseId: kase.caseId, revision: 1 },
    ]);
    const letter = written.disclosure?.letter;
    expect(letter).toMatchObject({ letterNo: '〔2026〕第0001号', repliedOn: '2026-12-03', pages: 1 });
    expect(letter?.key).toBe(letterKey(kase.caseId, letter?.sha256 ?? ''));
    expect(sha256(world.letters.get(letter?.key ?? '') ?? new Uint8Array())).toBe(letter?.sha256);
    expect(written.disclosure?.approval).toMatchObject({ reviewerId: 'u-rev', reviewerName: '李审核' });
    expect(written.disclosure?.outcome).toBe('partly_disclosed');
    expect(world.writes).toHaveLength(1);
    expect(response.headers?.['cache-control']).toBe('no-store');
  });

  it('writes the letter the body signs, with the directory name and the remedy venues', async () => {
    // Prepare
    seed(disclosureCase());
    const rendered: ReplyLetter[] = [];
    world.render = async (letter, options) => {
      rendered.push(letter);
      return fakeRender(letter, options);
    };

    // Act
    await request(ROUTES.approve, supervisor, { body: approval() });

    // Assess
    expect(rendered[0]?.signature).toEqual(['市住建局', '2026年12月3日']);
    expect(rendered[0]?.addressee).toBe('张三：');
    expect(rendered[0]?.paragraphs.at(-1)).toContain('市人民政府');
    expect(rendered[0]?.paragraphs.join('')).not.toContain('001X');
  });

  it('refuses the drafter approving their own draft (403 self_approval) before anything is drawn or stored', async () => {
    // Prepare
    seed(disclosureCase());

    // Act
    const response = await request(ROUTES.approve, drafterAsReviewer, { body: approval() });

    // Assess
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('self_approval');
    nothingChanged();
  });

  it('refuses a department user by role (403 forbidden)', async () => {
    // Prepare
    seed(disclosureCase());

    // Act
    const response = await request(ROUTES.approve, { ...housing, sub: DRAFTER_SUB }, { body: approval() });

    // Assess
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('forbidden');
    nothingChanged();
  });

  it('answers 401 without a staff token', async () => {
    // Act
    const response = await request(ROUTES.approve, undefined, { body: approval() });

    // Assess
    expect(response.statusCode).toBe(401);
    nothingChanged();
  });

  it('refuses a request without a draft (409 no_draft)', async () => {
    // Prepare
    const { draft: _draft, ...file } = disclosureFile();
    seed(disclosureCase(file));

    // Act
    const response = await request(ROUTES.approve, reviewer, { body: approval() });

    // Assess
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('no_draft');
    nothingChanged();
  });

  it('refuses a draft the reviewer sent back (409 no_draft) before a number is taken or a letter drawn', async () => {
    // Prepare
    const file = disclosureFile();
    const draft = {
      ...(file.draft as NonNullable<typeof file.draft>),
      returnedAt: '2026-12-02T02:00:00.000Z',
      returnedBy: 'reviewer:r-1',
      returnNote: '请写明检索范围',
    };
    seed(disclosureCase({ ...file, draft }));

    // Act
    const response = await request(ROUTES.approve, reviewer, { body: approval() });

    // Assess
    expect(response.statusCode).toBe(409);
    expect(errorOf(response)).toMatchObject({ code: 'no_draft', message: '答复稿已退回修改' });
    nothingChanged();
  });

  it('refuses a stale expectedVersion (409 version_conflict)', async () => {
    // Prepare
    seed(disclosureCase());

    // Act
    const response = await request(ROUTES.approve, reviewer, { body: approval({ expectedVersion: 4 }) });

    // Assess
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('version_conflict');
    nothingChanged();
  });

  it('refuses a paused request as the core does, before a letter is made', async () => {
    // Prepare
    seed(
      disclosureCase(undefined, {
        pausedSince: { at: '2026-11-25T02:00:00Z', reason: 'third_party' },
      } as Partial<Case>),
    );

    // Act
    const response = await request(ROUTES.approve, reviewer, { body: approval() });

    // Assess
    expect(response.statusCode).toBe(409);
    nothingChanged();
  });

  it('answers 404 for a case that does not exist, and 422 for one that is not a disclosure request', async () => {
    // Prepare
    seed(disclosureCase(undefined, { caseId: 'wfcomplaint', type: 'complaint' }));
    const complaint = world.cases.get('wfcomplaint') as Case;
    world.cases.set('wfcomplaint', { ...complaint, disclosure: undefined } as Case);

    // Act
    const missing = await request(ROUTES.approve, reviewer, { caseId: 'wfnosuchcase', body: approval() });
    const notDisclosure = await request(ROUTES.approve, supervisor, {
      caseId: 'wfcomplaint',
      body: approval(),
    });

    // Assess
    expect(missing.statusCode).toBe(404);
    expect(notDisclosure.statusCode).toBe(422);
    expect(errorOf(notDisclosure).code).toBe('not_a_disclosure_request');
    nothingChanged();
  });

  it.each([
    ['a missing reviewerName', approval({ reviewerName: undefined })],
    ['a blank reviewerName', approval({ reviewerName: '  ' })],
    ['confidentialityReviewed false', approval({ confidentialityReviewed: false })],
    ['a string version', approval({ expectedVersion: '5' })],
    ['an unknown field', approval({ approved: true })],
  ])(
    'answers 422 validation_failed for %s, with a Chinese message, and changes nothing',
    async (_name, body) => {
      // Prepare
      seed(disclosureCase());

      // Act
      const response = await request(ROUTES.approve, reviewer, { body });

      // Assess
      expect(response.statusCode).toBe(422);
      expect(errorOf(response).code).toBe('validation_failed');
      expect(JSON.stringify(errorOf(response))).toMatch(/[\u4e00-\u9fff]/);
      nothingChanged();
    },
  );

  it('answers 4xx for a body that is not JSON and for a malformed case id', async () => {
    // Prepare
    seed(disclosureCase());

    // Act
    const notJson = await request(ROUTES.approve, reviewer, { rawBody: '{nope' });
    const badId = await request(ROUTES.approve, reviewer, { caseId: 'a/b', body: approval() });

    // Assess
    expect(notJson.statusCode).toBe(400);
    expect(badId.statusCode).toBe(400);
    expect(errorOf(badId).code).toBe('invalid_case_id');
    nothingChanged();
  });

  it('refuses a letter the font cannot print (422 unsupported_characters) and writes no case', async () => {
    // Prepare
    seed(disclosureCase());
    world.render = async () => {
      throw new UnsupportedCharactersError(['𠀀']);
    };

    // Act
    const response = await request(ROUTES.approve, reviewer, { body: approval() });

    // Assess
    expect(response.statusCode).toBe(422);
    expect(errorOf(response).code).toBe('unsupported_characters');
    expect(world.writes).toEqual([]);
    expect(world.letters.size).toBe(0);
  });

  it('answers 409 when the case write loses the race, keeping the stored letter for the retry', async () => {
    // Prepare
    seed(disclosureCase());
    world.loseWrite = true;

    // Act
    const first = await request(ROUTES.approve, reviewer, { body: approval() });
    world.loseWrite = false;
    const retry = await request(ROUTES.approve, reviewer, { body: approval() });

    // Assess
    expect(first.statusCode).toBe(409);
    expect(errorOf(first).code).toBe('version_conflict');
    expect(retry.statusCode).toBe(200);
    // The same draft renders the same bytes: one object, under one key.
    expect(world.letters.size).toBe(1);
  });
});

describe('Handler: disclosure-desk, GET letter', () => {
  async function approved(): Promise<Case> {
    seed(disclosureCase());
    const response = await request(ROUTES.approve, reviewer, { body: approval() });
    return JSON.parse(String(response.body)).case as Case;
  }

  it('serves the PDF whose SHA-256 matches the record, named by its 文号, never cached', async () => {
    // Prepare
    const kase = await approved();

    // Act
    const response = await request(ROUTES.letter, housing);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.isBase64Encoded).toBe(true);
    expect(response.headers?.['content-type']).toBe('application/pdf');
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect(response.headers?.['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('答复书〔2026〕第0001号.pdf')}`,
    );
    expect(sha256(Buffer.from(String(response.body), 'base64'))).toBe(kase.disclosure?.letter?.sha256);
  });

  it('answers 500 and logs when the stored letter no longer matches its hash', async () => {
    // Prepare
    const kase = await approved();
    world.letters.set(kase.disclosure?.letter?.key ?? '', new TextEncoder().encode('tampered'));

    // Act
    const response = await request(ROUTES.letter, reviewer);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(errorOf(response).code).toBe('letter_integrity');
    expect(world.logger.error).toHaveBeenCalledOnce();
  });

  it('hides the case from another department (404) and refuses analysts (403)', async () => {
    // Prepare
    await approved();

    // Act
    const other = await request(ROUTES.letter, water);
    const byAnalyst = await request(ROUTES.letter, analyst);

    // Assess
    expect(other.statusCode).toBe(404);
    expect(byAnalyst.statusCode).toBe(403);
  });

  it('answers 404 no_letter before approval', async () => {
    // Prepare
    seed(disclosureCase());

    // Act
    const response = await request(ROUTES.letter, supervisor);

    // Assess
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('no_letter');
  });
});

describe('Handler: disclosure-desk, GET cases', () => {
  it('lists the review queue for a reviewer, with the applicant masked', async () => {
    // Prepare
    world.queuePage = { items: [disclosureCase()], nextCursor: 'next' };

    // Act
    const response = await request(ROUTES.list, reviewer, { query: { queue: 'review', limit: '10' } });

    // Assess
    expect(response.statusCode).toBe(200);
    const page = JSON.parse(String(response.body));
    expect(page.nextCursor).toBe('next');
    expect(page.items[0]).toMatchObject({
      applicant: { name: '张三', identity: '****001X' },
      receivedOn: '2026-11-02',
      draft: { revision: 1, drafterId: DRAFTER_SUB, drafterName: '王五' },
      responsible: { id: DRAFTER_SUB, name: '王五' },
      version: 5,
    });
    expect(JSON.stringify(page)).not.toContain('a'.repeat(64));
    expect(world.queueCalls).toEqual([['review', { today: '2026-12-03' }, { limit: 10 }]]);
  });

  it('says in the handler’s open list that a draft was sent back', async () => {
    // Prepare
    const file = disclosureFile();
    const draft = {
      ...(file.draft as NonNullable<typeof file.draft>),
      returnedAt: '2026-12-02T03:00:00.000Z',
      returnedBy: 'reviewer:r-1',
      returnNote: '请写明检索范围',
    };
    world.queuePage = { items: [disclosureCase({ ...file, draft })] };

    // Act
    const response = await request(ROUTES.list, housing, { query: { queue: 'open' } });

    // Assess
    const page = JSON.parse(String(response.body));
    expect(page.items[0].draft).toMatchObject({ revision: 1, returnedAt: '2026-12-02T03:00:00.000Z' });
    expect(JSON.stringify(page)).not.toContain('请写明检索范围');
  });

  it('scopes a department to its own body and refuses it the review queue', async () => {
    // Act
    const open = await request(ROUTES.list, housing, { query: { queue: 'open' } });
    const review = await request(ROUTES.list, housing, { query: { queue: 'review' } });

    // Assess
    expect(open.statusCode).toBe(200);
    expect(world.queueCalls).toEqual([
      ['open', { today: '2026-12-03', departmentId: 'housing-bureau' }, { limit: 50 }],
    ]);
    expect(review.statusCode).toBe(403);
  });

  it('answers 400 for an unknown queue or limit, and 403 for an analyst', async () => {
    // Act
    const queue = await request(ROUTES.list, supervisor, { query: { queue: 'all' } });
    const limit = await request(ROUTES.list, supervisor, { query: { queue: 'open', limit: '0' } });
    const byAnalyst = await request(ROUTES.list, analyst, { query: { queue: 'open' } });

    // Assess
    expect(errorOf(queue).code).toBe('invalid_queue');
    expect(errorOf(limit).code).toBe('invalid_limit');
    expect(byAnalyst.statusCode).toBe(403);
    expect(world.queueCalls).toEqual([]);
  });
});

describe('Handler: disclosure-desk, GET annual-report', () => {
  function replied(id: string, receivedOn: string, decidedOn: string | undefined): Case {
    const file = disclosureFile({
      request: { ...disclosureFile().request, receivedOn },
      ...(decidedOn ? { outcome: 'partly_disclosed' as const, decidedOn } : {}),
    });
    return disclosureCase(file, { caseId: id });
  }

  it('answers the table as JSON, counted from the book', async () => {
    // Prepare
    world.reportCases = [
      replied('wf1', '2026-03-02', '2026-03-20'),
      replied('wf2', '2025-12-20', '2026-01-10'),
      replied('wf3', '2026-12-01', undefined),
    ];

    // Act
    const response = await request(ROUTES.report, analyst, { query: { year: '2026' } });

    // Assess
    expect(response.statusCode).toBe(200);
    const table = JSON.parse(String(response.body));
    expect(table.requests.received.counts.total).toBe(2);
    expect(table.requests.carriedOver.counts.total).toBe(1);
    expect(table.requests.outcomesTotal.counts.natural_person).toBe(2);
    expect(table.requests.carriedForward.counts.total).toBe(1);
  });

  it('answers CSV with a BOM and XLSX as a base64 workbook, each as an attachment', async () => {
    // Act
    const csv = await request(ROUTES.report, supervisor, { query: { year: '2026', format: 'csv' } });
    const xlsx = await request(ROUTES.report, supervisor, { query: { year: '2026', format: 'xlsx' } });

    // Assess
    expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(csv.body).startsWith('\uFEFF')).toBe(true);
    expect(csv.headers?.['content-disposition']).toBe(
      'attachment; filename="disclosure-annual-report-2026.csv"',
    );
    expect(xlsx.isBase64Encoded).toBe(true);
    expect(Buffer.from(String(xlsx.body), 'base64').subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.headers?.['content-disposition']).toBe(
      'attachment; filename="disclosure-annual-report-2026.xlsx"',
    );
  });

  it.each([[undefined], ['26'], ['2007'], ['2027'], ['2026x']])(
    'answers 400 invalid_year for year=%s',
    async (year) => {
      // Act
      const response = await request(ROUTES.report, analyst, { query: year === undefined ? {} : { year } });

      // Assess
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).code).toBe('invalid_year');
    },
  );

  it('answers 400 invalid_format and refuses a department (403)', async () => {
    // Act
    const format = await request(ROUTES.report, analyst, { query: { year: '2026', format: 'pdf' } });
    const byDepartment = await request(ROUTES.report, housing, { query: { year: '2026' } });

    // Assess
    expect(errorOf(format).code).toBe('invalid_format');
    expect(byDepartment.statusCode).toBe(403);
  });
});
