import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { stack } from './helpers.js';

// The local stack's emulators and fronts have no authentication: they answer this machine only
// (127.0.0.1), and the S3 front answers CORS for the stack's own page only, as the bucket does in AWS.

/** This machine's first address on a network (not loopback), if it has one. */
function networkAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return undefined;
}

/** 'refused' when nothing listens on host:port, 'open' when something accepts the connection. */
function probe(host: string, port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('refused');
    });
    socket.once('error', () => resolve('refused'));
  });
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
    const external = networkAddress();
    const listeners = {
      dynamodb: stack.endpoints.dynamodb,
      fauxqs: stack.endpoints.sqs,
      s3Front: await s3FrontUrl(),
      gateway: stack.url,
    };
    const ports = Object.entries(listeners).map(([name, url]) => [name, Number(new URL(url).port)] as const);

    // Act
    const onLoopback = await Promise.all(
      ports.map(async ([name, port]) => [name, await probe('127.0.0.1', port)]),
    );
    const onNetwork = external
      ? await Promise.all(ports.map(async ([name, port]) => [name, await probe(external, port)]))
      : [];

    // Assess
    expect(Object.fromEntries(onLoopback)).toEqual({
      dynamodb: 'open',
      fauxqs: 'open',
      s3Front: 'open',
      gateway: 'open',
    });
    for (const [name, state] of onNetwork) expect({ name, state }).toEqual({ name, state: 'refused' });
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
