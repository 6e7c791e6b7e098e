import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SHORT_CODE, type ShortLinkStore } from '../../shared/adapters/short-links.js';
import { BadRequestError, NotFoundError } from '../../shared/http/errors.js';

// GET /n/{code}: a notice's short link, followed to the page it stands for on the API's own origin.

/** The page a citizen sees for a link that is unknown or past its time: plain, with no lookup hint. */
export const LINK_GONE_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>链接已失效 - 12345</title></head>
<body><h1>链接已失效</h1>
<p>该链接不存在或已过期。您可以在 12345 网页上用工单号和手机号后四位查询办理进度，或拨打 12345 热线。</p>
</body></html>`;

/** Nothing on the pages runs scripts, and the address must not leave in a Referer. */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/**
 * 302 to `publicBaseUrl + target` for a live code; for an unknown or expired one the 404 page to a
 * browser (it asks for text/html: the citizen tapped the link) and the JSON envelope
 * (`link_not_found`) to anything else; a 400 (`invalid_link_code`) for anything that is not ten
 * base62 characters, answered before any lookup, so odd or long input costs no read.
 *
 * @example await follow('k3V9aQ0ZtB', shortLinks(), 'https://12345.example.gov.cn', new Date(), 'text/html')
 */
export async function follow(
  code: string | undefined,
  links: Pick<ShortLinkStore, 'get'>,
  publicBaseUrl: string,
  now: Date,
  accept = '',
): Promise<APIGatewayProxyStructuredResultV2> {
  if (code === undefined || !SHORT_CODE.test(code)) {
    throw new BadRequestError('invalid_link_code', '链接格式不正确');
  }
  const link = await links.get(code, now);
  if (!link) {
    if (!accept.includes('text/html')) throw new NotFoundError('link_not_found', '链接不存在或已过期');
    return { statusCode: 404, headers: PAGE_HEADERS, body: LINK_GONE_HTML };
  }
  return {
    statusCode: 302,
    headers: {
      location: `${publicBaseUrl.replace(/\/+$/, '')}${link.target}`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
    body: '',
  };
}
