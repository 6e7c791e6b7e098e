import { describe, expect, it } from 'vitest';
import type { Case } from '../../../../shared/domain/case.js';
import { disclosureFactsOf } from '../../../../shared/domain/disclosure/facts.js';
import {
  letterInputOf,
  letterNoText,
  submissionWayOf,
  submittedOnOf,
} from '../../../../shared/domain/disclosure/letter-input.js';
import { replyLetter } from '../../../../shared/domain/disclosure/reply-letter.js';
import {
  buildDossier,
  dossierKeys,
  encodeDossier,
  objectRefsOf,
  renderDossierHtml,
  verifyDossier,
} from '../../../../shared/domain/dossier/index.js';
import { disclosureCase, disclosureFile, KEPT_REQUEST } from '../../fixtures/desk-disclosure-case.js';
import { closedCase, PHOTO_KEY, RAW_KEY, sha256 } from '../../fixtures/dossier.js';

// The desk's pure pieces: a case's annual-report facts, the letter's input from the case, and the
// 答复书 in the dossier.

describe('Function: disclosureFactsOf', () => {
  it('counts a citizen as 自然人 with the receipt date, and the reply once its outcome and day are set', () => {
    // Prepare
    const open = disclosureCase();
    const replied = disclosureCase(
      disclosureFile({
        outcome: 'partly_disclosed',
        decidedOn: '2026-12-03',
        reviews: [
          {
            reviewId: 'r1',
            kind: 'reconsideration',
            filedOn: '2027-01-05',
            result: 'pending',
            recordedAt: '2027-01-05T02:00:00Z',
            recordedBy: 'supervisor:s-1',
          },
        ],
      }),
    );

    // Act & Assess
    expect(disclosureFactsOf(open)).toEqual({
      requestId: open.caseId,
      applicantKind: 'natural_person',
      receivedOn: '2026-11-02',
    });
    expect(disclosureFactsOf(replied)).toEqual({
      requestId: replied.caseId,
      applicantKind: 'natural_person',
      receivedOn: '2026-11-02',
      reply: { outcome: 'partly_disclosed', repliedOn: '2026-12-03' },
      reviews: [{ kind: 'reconsideration', filedOn: '2027-01-05', result: 'pending' }],
    });
  });

  it('counts an organisation under the kind it declared, and nothing for a case without a file', () => {
    // Prepare
    const org = disclosureCase(
      disclosureFile({
        request: {
          ...KEPT_REQUEST,
          applicant: {
            kind: 'organisation',
            name: '某律师事务所',
            creditCode: { kind: 'uscc', hash: 'b'.repeat(64), last4: '123A' },
            organisationKind: 'legal_service_institution',
            representative: { role: '负责人', name: '赵六' },
            contact: {},
          },
        },
      }),
    );
    const { disclosure: _d, ...plain } = disclosureCase();

    // Act & Assess
    expect(disclosureFactsOf(org)?.applicantKind).toBe('legal_service_institution');
    expect(disclosureFactsOf(plain as Case)).toBeUndefined();
  });
});

describe('Function: letterInputOf', () => {
  it('states the request as made (way, day) and never the identity number', () => {
    // Act
    const input = letterInputOf(disclosureCase(), {
      bodyName: '市住建局',
      letterNo: letterNoText('', 2026, 1),
      repliedOn: '2026-12-03',
      remedy: { reconsiderationBody: '市人民政府', court: '市中级人民法院' },
    });

    // Assess
    expect(input?.request).toEqual({
      applicantName: '张三',
      applicantKind: 'natural_person',
      submittedOn: '2026-11-02',
      submittedVia: 'in_person',
      information: '2026年本市老旧小区改造项目清单',
    });
    expect(input?.letterNo).toBe('〔2026〕第0001号');
    expect(JSON.stringify(replyLetter(input as NonNullable<typeof input>))).not.toContain('001X');
  });

  it('dates a posted letter by its postmark and names the channel of an on-line request', () => {
    // Act & Assess
    expect(
      submittedOnOf({ way: 'post', signedForAt: '2026-12-01T08:00:00Z', postmarkedOn: '2026-11-27' }),
    ).toBe('2026-11-27');
    expect(submissionWayOf({ way: 'online', confirmedAt: '2026-12-01T08:00:00Z' }, 'wechat')).toBe('wechat');
    expect(submissionWayOf({ way: 'fax', confirmedAt: '2026-12-01T08:00:00Z' }, 'office')).toBe('fax');
    expect(submissionWayOf({ way: 'phone', confirmedAt: '2026-12-01T08:00:00Z' }, 'hotline')).toBe('hotline');
    expect(letterNoText('市政信复', 2026, 17)).toBe('市政信复〔2026〕第0017号');
  });
});

describe('Dossier: the 答复书 of a disclosure case', () => {
  const LETTER = new TextEncoder().encode('%PDF-1.7 答复书');
  const letterKey = `letters/wf/${sha256(LETTER)}.pdf`;

  function closedDisclosure(recorded = sha256(LETTER)): Case {
    const { closed } = closedCase();
    return {
      ...closed,
      disclosure: disclosureFile({
        letter: {
          letterNo: '〔2026〕第0001号',
          repliedOn: '2026-11-30',
          key: letterKey,
          sha256: recorded,
          pages: 1,
          bytes: LETTER.length,
        },
      }),
    };
  }

  function archivedObjects(kase: Case, letter = LETTER) {
    const raw = new TextEncoder().encode('{}');
    const photo = new Uint8Array([1, 2, 3]);
    const objects = [
      { kind: 'raw' as const, key: RAW_KEY, sha256: sha256(raw), size: raw.length },
      { kind: 'attachment' as const, key: PHOTO_KEY, sha256: sha256(photo), size: photo.length },
      { kind: 'letter' as const, key: letterKey, sha256: sha256(letter), size: letter.length },
    ];
    const dossier = buildDossier(kase, objects, sha256);
    return {
      dossier,
      input: {
        caseId: kase.caseId,
        jsonKey: dossierKeys(kase.caseId, dossier.closedAt).json,
        json: encodeDossier(dossier),
        html: new TextEncoder().encode(renderDossierHtml(dossier)),
        objects: new Map<string, Uint8Array | undefined>([
          [RAW_KEY, raw],
          [PHOTO_KEY, photo],
          [letterKey, letter],
        ]),
      },
    };
  }

  it('lists the letter last among the objects, labelled 答复书, and verifies', () => {
    // Prepare
    const kase = closedDisclosure();

    // Act
    const { dossier, input } = archivedObjects(kase);

    // Assess
    expect(objectRefsOf(kase).at(-1)).toEqual({ kind: 'letter', key: letterKey });
    expect(renderDossierHtml(dossier)).toContain('答复书');
    expect(verifyDossier(input, sha256)).toEqual([]);
  });

  it('names a letter replaced in the archive, and one whose archived hash is not the case’s', () => {
    // Prepare
    const kase = closedDisclosure();
    const { input } = archivedObjects(kase);
    const other = archivedObjects(closedDisclosure('f'.repeat(64)));

    // Act
    const replaced = verifyDossier(
      { ...input, objects: new Map([...input.objects, [letterKey, new TextEncoder().encode('edited')]]) },
      sha256,
    );
    const differing = verifyDossier(other.input, sha256);

    // Assess
    expect(replaced.map((m) => m.code)).toEqual(['object_hash']);
    expect(differing.map((m) => m.code)).toEqual(['letter_hash']);
  });
});
