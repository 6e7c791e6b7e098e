import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The named request headers, to keep with a raw payload in the archive. Each channel names the
 * ones that help settle a dispute; credentials and cookies are never among them.
 */
export function archivedHeaders(
  event: APIGatewayProxyEventV2,
  names: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    names.flatMap((h) => (event.headers[h] ? [[h, event.headers[h] as string]] : [])),
  );
}
