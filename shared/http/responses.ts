import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * Headers every answer carries, whoever built it: `json()` adds them, and `jsonErrors` adds them to
 * an answer a handler built by hand (a page, an XML reply, a 204) and to every error. nosniff: a
 * browser takes a body for its declared type only, never for script or HTML it guessed.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = { 'x-content-type-options': 'nosniff' };

/** `response` with the security headers added where it does not set them itself. */
export function withSecurityHeaders(
  response: APIGatewayProxyStructuredResultV2,
): APIGatewayProxyStructuredResultV2 {
  return { ...response, headers: { ...SECURITY_HEADERS, ...response.headers } };
}

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export function errorBody(code: string, message: string, details?: unknown, problems?: readonly unknown[]) {
  return {
    error: {
      code,
      message,
      ...(details === undefined ? {} : { details }),
      ...(problems === undefined ? {} : { problems }),
    },
  };
}
