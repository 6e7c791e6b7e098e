import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stack } from './helpers.js';

// The local stack's emulators and fronts have no authentication: they answer this machine only
// (127.0.0.1), and the S3 front answers CORS for the stack's own page only, as the bucket does in AWS.

/**
 * The addresses a port listens on, read from the kernel's socket tables rather than probed: a probe
 * of this machine's own network address would be traffic off loopback, which tests never send.
 */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const rows = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    existsSync(table) ? readFileSync(table, 'utf8').trim().split('\n').slice(1) : [],
  );
  return rows
    .map((row) => row.trim().split(/\s+/))
    .filter(([, local, , state]) => state === '0A' && local?.endsWith(`:${hexPort}`))
    .map(([, local]) => addressOf(local?.split(':')[0] ?? ''));
}

/** `0100007F` → `127.0.0.1`; an IPv6 hex address → `::1`, `::` or the hex as it is. */
function addressOf(hex: string): string {
  if (hex.length === 8)
    return (hex.match(/../g) ?? [])
      .map((b) => Number.parseInt(b, 16))
      .reverse()
      .join('.');
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex.startsWith('0000000000000000FFFF0000')) return addressOf(hex.slice(24));
  return hex;
}

/** The S3 front's URL: where a presigned POST grant sends the page's upload. */
async function s3FrontUrl(): Promise<string> {
  const response = await fetch(`${stack.url}/v1/channels/webform/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contentType: 'image/png', size: 68, sha256: Buffer.alloc(32).toString('base64') }),
  });
  expect(response.status).toBe(201);
  const grant = (await response.json()) as { url: string };
  return new URL(grant.url).origin;
}

function preflight(url: string, origin: string) {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST' },
  });
}

describe('Local stack exposure', () => {
  it('listens on 127.0.0.1 only: DynamoDB Local, fauxqs, the S3 front and the gateway', async () => {
    // Prepare
    const listeners = {
      dynamodb: stack.endpoints.dynamodb,
      fauxqs: stack.endpoints.sqs,
      s3Front: await s3FrontUrl(),
      gateway: stack.url,
    };
    const ports = Object.entries(listeners).map(([name, url]) => [name, Number(new URL(url).port)] as const);

    // Act
    const bound = Object.fromEntries(ports.map(([name, port]) => [name, listeningAddresses(port)]));

    // Assess
    for (const [name, addresses] of Object.entries(bound)) {
      expect(addresses, name).not.toHaveLength(0);
      expect(
        addresses.filter((a) => a !== '127.0.0.1'),
        `${name} listens beyond loopback`,
      ).toEqual([]);
    }
  });

  it("answers a preflight from another site without access-control-allow-origin, and the stack's own page with it", async () => {
    // Prepare
    const front = await s3FrontUrl();
    const own = new URL(stack.url).origin;

    // Act
    const evil = await preflight(`${front}/${stack.resources.archiveBucket}`, 'https://evil.example');
    const page = await preflight(`${front}/${stack.resources.archiveBucket}`, own);

    // Assess
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.status).toBe(403);
    expect(page.status).toBe(204);
    expect(page.headers.get('access-control-allow-origin')).toBe(own);
    expect(page.headers.get('access-control-allow-methods')).toBe('POST');
  });
});
