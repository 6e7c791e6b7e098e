import { describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain/case.js';
import {
  buildDossier,
  canonicalJson,
  type Dossier,
  dossierKeys,
  encodeDossier,
  escapeHtml,
  historyChain,
  renderDossierHtml,
  supplementKeys,
  verifyDossier,
  verifySupplements,
} from '../../../shared/domain/dossier/index.js';
import { closedCase, PHOTO_KEY, RAW_KEY, sha256 } from '../fixtures/dossier.js';

const utf8 = new TextEncoder();
const RAW = utf8.encode('{"body":"停水了"}');
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

function objectsOf(raw = RAW, photo = PHOTO) {
  return [
    { kind: 'raw' as const, key: RAW_KEY, sha256: sha256(raw), size: raw.length },
    { kind: 'attachment' as const, key: PHOTO_KEY, sha256: sha256(photo), size: photo.length },
  ];
}

/** A dossier as the archive holds it: the JSON and HTML bytes and the objects' bytes now. */
function archived(dossier: Dossier, objects: Map<string, Uint8Array | undefined> = currentObjects()) {
  return {
    caseId: dossier.caseId,
    jsonKey: dossierKeys(dossier.caseId, dossier.closedAt).json,
    json: encodeDossier(dossier),
    html: utf8.encode(renderDossierHtml(dossier)),
    objects,
    stored: dossier.case,
  };
}

function currentObjects(raw = RAW, photo = PHOTO): Map<string, Uint8Array | undefined> {
  return new Map([
    [RAW_KEY, raw],
    [PHOTO_KEY, photo],
  ]);
}

/** Edits dossier.json the way someone with write access would: parse, change, write back. */
function editJson(json: Uint8Array, edit: (d: Dossier) => void): Uint8Array {
  const value = JSON.parse(new TextDecoder().decode(json)) as Dossier;
  edit(value);
  return utf8.encode(`${canonicalJson(value, 2)}\n`);
}

describe('Function: canonicalJson', () => {
  it('sorts keys at every level, whatever the insertion order', () => {
    // Prepare
    const a = { b: { y: 1, x: [{ d: 1, c: 2 }] }, a: 'é' };
    const b = { a: 'é', b: { x: [{ c: 2, d: 1 }], y: 1 } };

    // Act
    const out = canonicalJson(a);

    // Assess
    expect(out).toBe('{"a":"é","b":{"x":[{"c":2,"d":1}],"y":1}}');
    expect(canonicalJson(b)).toBe(out);
  });

  it('orders integer-like keys as strings, as RFC 8785 does, not as JavaScript iterates them', () => {
    // Act
    const out = canonicalJson({ 10: 'a', 2: 'b', x: null });

    // Assess
    expect(out).toBe('{"10":"a","2":"b","x":null}');
  });

  it('leaves out undefined members, so a parsed copy hashes like the original', () => {
    // Act
    const out = canonicalJson({ a: undefined, b: [undefined, 1] });

    // Assess
    expect(out).toBe('{"b":[null,1]}');
  });

  it('refuses values JSON cannot carry', () => {
    // Act & Assess
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(TypeError);
  });

  it('indents without changing the value', () => {
    // Prepare
    const value = { b: [1, { c: '换行\n' }], a: {} };

    // Act
    const out = canonicalJson(value, 2);

    // Assess
    expect(JSON.parse(out)).toEqual(value);
    expect(out).toBe('{\n  "a": {},\n  "b": [\n    1,\n    {\n      "c": "换行\\n"\n    }\n  ]\n}');
  });
});

describe('Function: historyChain', () => {
  it('changes the link of an edited entry and every link after it, and none before', () => {
    // Prepare
    const { closed } = closedCase();
    const edited = closed.history.map((h, i) => (i === 2 ? { ...h, note: `${h.note ?? ''}。` } : h));

    // Act
    const original = historyChain(closed.caseId, closed.history, sha256);
    const changed = historyChain(closed.caseId, edited, sha256);

    // Assess
    expect(original).toHaveLength(closed.history.length);
    expect(changed.slice(0, 2)).toEqual(original.slice(0, 2));
    for (let i = 2; i < original.length; i++) expect(changed[i]).not.toBe(original[i]);
  });

  it('is bound to the case: the same history under another case id gives other hashes', () => {
    // Prepare
    const { closed } = closedCase();

    // Act
    const own = historyChain(closed.caseId, closed.history, sha256);
    const other = historyChain(`${closed.caseId}x`, closed.history, sha256);

    // Assess
    expect(other[0]).not.toBe(own[0]);
  });
});

describe('Function: buildDossier', () => {
  it('files the dossier under the Shanghai month of the closing entry', () => {
    // Prepare
    const { closed } = closedCase();

    // Act
    const dossier = buildDossier(closed, objectsOf(), sha256);

    // Assess
    expect(dossier.closedAt).toBe('2026-11-30T17:00:00.000Z');
    expect(dossierKeys(dossier.caseId, dossier.closedAt)).toEqual({
      json: `cases/2026/12/${closed.caseId}/dossier.json`,
      html: `cases/2026/12/${closed.caseId}/dossier.html`,
    });
    expect(dossier.manifest.previous).toBe(dossier.chain.at(-1)?.hash);
  });

  it('gives the same bytes for the same case state (no clock in the dossier)', () => {
    // Prepare
    const { closed } = closedCase();
    const copy = JSON.parse(JSON.stringify(closed));

    // Act
    const first = encodeDossier(buildDossier(closed, objectsOf(), sha256));
    const second = encodeDossier(buildDossier(copy, objectsOf(), sha256));

    // Assess
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('refuses a case that is not closed or merged', () => {
    // Prepare
    const { completed } = closedCase();

    // Act & Assess
    expect(() => buildDossier(completed, objectsOf(), sha256)).toThrow(/not closed or merged/);
  });
});

describe('Function: verifyDossier', () => {
  it('finds nothing wrong with an untouched dossier', () => {
    // Prepare
    const dossier = buildDossier(closedCase().closed, objectsOf(), sha256);

    // Act
    const mismatches = verifyDossier(archived(dossier), sha256);

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('names the history entry whose note was edited, and that entry only', () => {
    // Prepare
    const dossier = buildDossier(closedCase().closed, objectsOf(), sha256);
    const input = archived(dossier);
    const json = editJson(input.json, (d) => {
      (d.case.history[2] as { note?: string }).note = '现场核实（已补录）';
    });

    // Act
    const mismatches = verifyDossier({ ...input, json }, sha256);

    // Assess
    const history = mismatches.filter((m) => m.code === 'history_hash');
    expect(history.map((m) => m.where)).toEqual(['history[2]']);
    expect(mismatches.map((m) => m.code)).toEqual(
      expect.arrayContaining(['manifest_hash', 'html_mismatch', 'case_differs_from_table']),
    );
  });

  it('names the raw payload when one byte of it changed', () => {
    // Prepare
    const dossier = buildDossier(closedCase().closed, objectsOf(), sha256);
    const tampered = RAW.slice();
    tampered[3] = (tampered[3] as number) ^ 1;

    // Act
    const mismatches = verifyDossier(archived(dossier, currentObjects(tampered)), sha256);

    // Assess
    expect(mismatches).toEqual([expect.objectContaining({ code: 'object_hash', where: RAW_KEY })]);
  });

  it('reports an attachment that is gone', () => {
    // Prepare
    const dossier = buildDossier(closedCase().closed, objectsOf(), sha256);
    const objects = currentObjects();
    objects.set(PHOTO_KEY, undefined);

    // Act
    const mismatches = verifyDossier(archived(dossier, objects), sha256);

    // Assess
    expect(mismatches).toEqual([expect.objectContaining({ code: 'object_missing', where: PHOTO_KEY })]);
  });

  it('takes a notice delivered after the close, but not a reply changed after it', () => {
    // Prepare: the archived case, then the table's record after a late receipt (notice and version)
    const { closed } = closedCase();
    const dossier = buildDossier(closed, objectsOf(), sha256);
    const delivered = {
      ...closed,
      version: closed.version + 1,
      notices: [
        {
          noticeId: 'completion#2026-11-20T01:00:00.000Z',
          kind: 'completion' as const,
          state: 'delivered' as const,
          queuedAt: '2026-11-20T01:00:00.000Z',
          attempts: 1,
          messageId: 'sid-1',
          deliveredAt: '2026-11-20T01:00:05.000Z',
        },
      ],
    };

    // Act
    const late = verifyDossier({ ...archived(dossier), stored: delivered }, sha256);
    const edited = verifyDossier(
      { ...archived(dossier), stored: { ...delivered, reply: '改过的答复' } },
      sha256,
    );

    // Assess
    expect(late).toEqual([]);
    expect(edited.map((m) => m.code)).toEqual(['case_differs_from_table']);
  });

  it('takes a review recorded after the close (record_review), but not a history changed before it', () => {
    // Prepare: the table's record after 行政复议 was recorded on the closed request
    const { closed } = closedCase();
    const dossier = buildDossier(closed, objectsOf(), sha256);
    const review = {
      at: '2027-01-06T02:00:00.000Z',
      actor: 'supervisor:s-1',
      action: 'record_review',
      note: 'R1',
    };
    const reviewed = { ...closed, version: closed.version + 1, history: [...closed.history, review] };
    const rewritten = {
      ...reviewed,
      history: [...closed.history.slice(0, -1), { ...review, at: closed.history.at(-1)?.at as string }],
    };

    // Act
    const later = verifyDossier({ ...archived(dossier), stored: reviewed }, sha256);
    const changed = verifyDossier({ ...archived(dossier), stored: rewritten }, sha256);

    // Assess
    expect(later).toEqual([]);
    expect(changed.map((m) => m.code)).toEqual(['case_differs_from_table']);
  });

  it("takes a legal hold set after the close (legal_hold and the case's legalHold) as the table's only change", () => {
    // Prepare: the table's record after a supervisor's 法律保全
    const { closed } = closedCase();
    const dossier = buildDossier(closed, objectsOf(), sha256);
    const at = '2027-01-06T02:00:00.000Z';
    const held = {
      ...closed,
      version: closed.version + 1,
      legalHold: { on: true, since: at, by: 'supervisor:s-1', note: '法院调取证据' },
      history: [
        ...closed.history,
        { at, actor: 'supervisor:s-1', action: 'legal_hold', note: 'on: 法院调取证据' },
      ],
    };

    // Act
    const mismatches = verifyDossier({ ...archived(dossier), stored: held }, sha256);
    const alsoEdited = verifyDossier(
      { ...archived(dossier), stored: { ...held, reply: '改过的答复' } },
      sha256,
    );

    // Assess
    expect(mismatches).toEqual([]);
    expect(alsoEdited.map((m) => m.code)).toEqual(['case_differs_from_table']);
  });

  it('finds a recomputed chain out through the manifest, and a rewritten manifest through the table', () => {
    // Prepare: the note edited and every hash recomputed by someone who knows the method
    const { closed } = closedCase();
    const forged = buildDossier(
      { ...closed, history: closed.history.map((h, i) => (i === 2 ? { ...h, note: '伪造' } : h)) },
      objectsOf(),
      sha256,
    );

    // Act
    const mismatches = verifyDossier({ ...archived(forged), stored: closed }, sha256);

    // Assess
    expect(mismatches.map((m) => m.code)).toEqual(['case_differs_from_table']);
  });

  it('finds an edit of the page alone', () => {
    // Prepare
    const dossier = buildDossier(closedCase().closed, objectsOf(), sha256);
    const input = archived(dossier);
    const html = utf8.encode(new TextDecoder().decode(input.html).replace('督办人员强制归档', '市民已评价'));

    // Act
    const mismatches = verifyDossier({ ...input, html }, sha256);

    // Assess
    expect(mismatches.map((m) => m.code)).toEqual(['html_mismatch']);
  });

  it('finds a dossier.json re-serialised without changing any value', () => {
    // Prepare
    const dossier = buildDossier(closedCase().closed, objectsOf(), sha256);
    const input = archived(dossier);
    const json = utf8.encode(JSON.stringify(JSON.parse(new TextDecoder().decode(input.json))));

    // Act
    const mismatches = verifyDossier({ ...input, json }, sha256);

    // Assess
    expect(mismatches.map((m) => m.code)).toEqual(['dossier_not_canonical']);
  });

  it('reports a missing dossier and an unreadable one', () => {
    // Prepare
    const dossier = buildDossier(closedCase().closed, objectsOf(), sha256);
    const { json: _json, ...input } = archived(dossier);

    // Act
    const missing = verifyDossier(input, sha256);
    const unreadable = verifyDossier({ ...input, json: utf8.encode('{"caseId": ') }, sha256);

    // Assess
    expect(missing.map((m) => m.code)).toEqual(['dossier_missing']);
    expect(unreadable.map((m) => m.code)).toEqual(['dossier_unreadable']);
  });

  it('reports a dossier filed under another month', () => {
    // Prepare
    const dossier = buildDossier(closedCase().closed, objectsOf(), sha256);
    const input = archived(dossier);

    // Act
    const mismatches = verifyDossier(
      { ...input, jsonKey: input.jsonKey.replace('/2026/12/', '/2026/11/') },
      sha256,
    );

    // Assess
    expect(mismatches.map((m) => m.code)).toEqual(['dossier_misplaced']);
  });
});

describe('Function: renderDossierHtml', () => {
  it('escapes what citizens and staff wrote, and loads nothing from outside', () => {
    // Prepare
    const { closed } = closedCase({ content: '<script>alert("x")</script> 水费 & \'停水\'' });

    // Act
    const html = renderDossierHtml(buildDossier(closed, objectsOf(), sha256));

    // Assess
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>今晚</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 水费 &amp; &#39;停水&#39;');
    expect(html).toContain('&lt;b&gt;今晚&lt;/b&gt;');
    expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=|\bhref=|url\(/);
  });

  it('shows the parts of 工单档案 in Chinese, with the hash values', () => {
    // Prepare
    const dossier = buildDossier(closedCase().closed, objectsOf(), sha256);

    // Act
    const html = renderDossierHtml(dossier);

    // Assess
    for (const heading of [
      '工单档案',
      '工单号',
      '类型',
      '诉求内容',
      '承办单位',
      '办理过程',
      '答复',
      '回访评价',
      '哈希值',
    ]) {
      expect(html).toContain(heading);
    }
    expect(html).toContain('<dd>求助</dd>');
    expect(html).toContain('签收');
    expect(html).toContain('2026-12-01 01:00:00');
    expect(html).toContain(dossier.manifest.hash);
    for (const link of dossier.chain) expect(html).toContain(link.hash);
  });

  it('escapes the five characters HTML gives meaning to', () => {
    // Act & Assess
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('Function: verifySupplements (the further dossiers dossier.v<N>.json)', () => {
  const review = (at: string, note: string) => ({
    at,
    actor: 'supervisor:s-1',
    action: 'record_review' as const,
    note,
  });
  /** The closed case, then the case after one and after two reviews, each at its version. */
  function reviewedCases() {
    const { closed } = closedCase();
    const once = {
      ...closed,
      version: closed.version + 1,
      history: [...closed.history, review('2027-01-06T02:00:00.000Z', 'R1')],
    };
    const twice = {
      ...once,
      version: once.version + 1,
      history: [...once.history, review('2027-02-06T02:00:00.000Z', 'R1: 结果维持')],
    };
    return { closed, once, twice };
  }
  function supplementOf(kase: Case, edit: (d: Dossier) => Dossier = (d) => d) {
    const dossier = edit(buildDossier(kase, objectsOf(), sha256));
    return {
      jsonKey: supplementKeys(kase.caseId, dossier.closedAt, kase.version).json,
      json: encodeDossier(dossier),
      html: utf8.encode(renderDossierHtml(dossier)),
    };
  }

  it('verifies each further dossier against the first and the table', () => {
    // Prepare
    const { closed, once, twice } = reviewedCases();
    const first = encodeDossier(buildDossier(closed, objectsOf(), sha256));

    // Act
    const mismatches = verifySupplements(
      {
        caseId: closed.caseId,
        first,
        supplements: [supplementOf(once), supplementOf(twice)],
        objects: currentObjects(),
        stored: { ...twice, version: twice.version + 1 }, // a notice's receipt came after
      },
      sha256,
    );

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('names an edited review entry, a rewritten history before the close, and a file under another version', () => {
    // Prepare
    const { closed, once, twice } = reviewedCases();
    const first = encodeDossier(buildDossier(closed, objectsOf(), sha256));
    const edited = supplementOf(once);
    const text = new TextDecoder().decode(edited.json).replace('"note": "R1"', '"note": "R9"');
    const rewritten = supplementOf({
      ...twice,
      history: twice.history.map((h, i) => (i === 1 ? { ...h, note: '改过' } : h)),
    });
    const misplaced = {
      ...supplementOf(twice),
      jsonKey: supplementKeys(closed.caseId, closed.history.at(-1)?.at as string, 99).json,
    };

    // Act
    const found = verifySupplements(
      {
        caseId: closed.caseId,
        first,
        supplements: [{ ...edited, json: utf8.encode(text) }, rewritten, misplaced],
        objects: currentObjects(),
        stored: twice,
      },
      sha256,
    );

    // Assess
    const codes = found.map((m) => `${m.where.split(' ')[0]} ${m.code}`);
    expect(codes).toContain(`dossier.v${once.version}.json history_hash`);
    expect(codes).toContain(`dossier.v${once.version}.json case_differs_from_table`);
    expect(codes).toContain(`dossier.v${twice.version}.json supplement_diverges`);
    expect(codes).toContain('dossier.v99.json dossier_misplaced');
    expect(found.find((m) => m.code === 'supplement_diverges')?.where).toContain('chain[1]');
  });

  it('verifies the further dossiers a legal hold and its lifting leave, beside a review', () => {
    // Prepare: held, a review recorded while held, then lifted
    const { closed, once } = reviewedCases();
    const hold = (kase: Case, on: boolean, at: string, reason: string): Case => ({
      ...kase,
      version: kase.version + 1,
      legalHold: { on, since: at, by: 'supervisor:s-1', note: reason },
      history: [
        ...kase.history,
        { at, actor: 'supervisor:s-1', action: 'legal_hold', note: `${on ? 'on' : 'off'}: ${reason}` },
      ],
    });
    const held = hold(closed, true, '2027-01-05T02:00:00.000Z', '纪检监察调查');
    const reviewed = { ...once, ...{ legalHold: held.legalHold }, version: held.version + 1 };
    reviewed.history = [...held.history, once.history.at(-1) as Case['history'][number]];
    const lifted = hold(reviewed, false, '2027-03-01T02:00:00.000Z', '调查结束');
    const first = encodeDossier(buildDossier(closed, objectsOf(), sha256));

    // Act
    const mismatches = verifySupplements(
      {
        caseId: closed.caseId,
        first,
        supplements: [supplementOf(held), supplementOf(reviewed), supplementOf(lifted)],
        objects: currentObjects(),
        stored: lifted,
      },
      sha256,
    );
    const liftUnarchived = verifySupplements(
      {
        caseId: closed.caseId,
        first,
        supplements: [supplementOf(held), supplementOf(reviewed)],
        objects: currentObjects(),
        stored: lifted,
      },
      sha256,
    );

    // Assess
    expect(mismatches).toEqual([]);
    expect(liftUnarchived.map((m) => m.code)).toEqual(['supplement_missing']);
  });

  it('refuses a further dossier that adds anything after the close but reviews and legal holds', () => {
    // Prepare
    const { closed } = closedCase();
    const first = encodeDossier(buildDossier(closed, objectsOf(), sha256));
    const reopened = {
      ...closed,
      version: closed.version + 1,
      history: [
        ...closed.history,
        { at: '2027-01-05T02:00:00.000Z', actor: 'supervisor:s-1', action: 'reopen' },
      ],
    };

    // Act
    const found = verifySupplements(
      { caseId: closed.caseId, first, supplements: [supplementOf(reopened)], objects: currentObjects() },
      sha256,
    );

    // Assess
    // Its closing moved too (a reopen is no after-close entry), so it is reported twice.
    expect(new Set(found.map((m) => m.code))).toEqual(new Set(['supplement_diverges']));
    expect(found.find((m) => m.where.endsWith(' history'))?.message).toContain('reopen');
  });

  it('reports a review in the table that no further dossier holds', () => {
    // Prepare
    const { closed, once, twice } = reviewedCases();
    const first = encodeDossier(buildDossier(closed, objectsOf(), sha256));

    // Act
    const none = verifySupplements(
      { caseId: closed.caseId, first, supplements: [], objects: currentObjects(), stored: once },
      sha256,
    );
    const oneOfTwo = verifySupplements(
      {
        caseId: closed.caseId,
        first,
        supplements: [supplementOf(once)],
        objects: currentObjects(),
        stored: twice,
      },
      sha256,
    );

    // Assess
    expect(none.map((m) => m.code)).toEqual(['supplement_missing']);
    expect(oneOfTwo.map((m) => m.code)).toEqual(['supplement_missing']);
  });
});
