// GET the 答复书: the stored PDF, served only when its bytes still hash to what the case recorded.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError, NotFoundError } from '../../shared/http/errors.js';
import type { StaffClaims } from '../../shared/http/staff-claims.js';
import type { DeskDeps } from './deps.js';
import { readableDisclosureCase } from './read.js';

/**
 * `attachment; filename="reply-letter-<caseId>.pdf"; filename*=UTF-8''<文号>.pdf`: the 文号 for a
 * browser that reads RFC 6266's UTF-8 form, an ASCII name for one that does not.
 */
export function letterDisposition(caseId: string, letterNo: string): string {
  const utf8 = encodeURIComponent(`答复书${letterNo}.pdf`).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="reply-letter-${caseId}.pdf"; filename*=UTF-8''${utf8}`;
}

/**
 * The letter's bytes for a caller who may read the case. An object missing or altered in the archive
 * is a 500, logged: it is never served as if it were the letter the case names.
 *
 * @example
 * const response = await readLetter(deps, { caseId, staff }); // 200 application/pdf, base64 body
 */
export async function readLetter(
  deps: Pick<DeskDeps, 'cases' | 'letters' | 'sha256' | 'logger'>,
  request: { caseId: string; staff: StaffClaims },
): Promise<APIGatewayProxyStructuredResultV2> {
  const kase = await readableDisclosureCase(deps, request.caseId, request.staff);
  const record = kase.disclosure?.letter;
  if (!record) throw new NotFoundError('no_letter', '该申请尚未生成答复书');
  const bytes = await deps.letters.get(record.key);
  const actual = bytes ? deps.sha256(bytes) : undefined;
  if (!bytes || actual !== record.sha256) {
    deps.logger.error('reply letter does not match its record', {
      caseId: kase.caseId,
      key: record.key,
      expected: record.sha256,
      ...(actual ? { actual } : { missing: true }),
    });
    throw new HttpError(500, 'letter_integrity', '答复书存档校验失败，已记录，请联系管理员');
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': letterDisposition(kase.caseId, record.letterNo),
      'cache-control': 'no-store',
      'x-content-sha256': record.sha256,
    },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
}
