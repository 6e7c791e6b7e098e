import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import type { LocalFunctions } from '../functions.js';
import { type AdminHandler, type Gateway, startGateway } from '../gateway.js';
import { type DevJwt, jwtAuthorizer } from '../jwt.js';
import type { NotificationOutbox } from '../notice-providers.js';
import { localOidcIssuer } from '../oidc/issuer.js';
import type { RateLimit } from '../rate-limit.js';
import { removeStackFile, writeStackFile } from '../stack-file.js';
import { pageOrigins } from './environment.js';
import type { Teardown } from './teardown.js';

// Local stack, phase 5: the gateway on PORT with its /_local/ endpoints and the development OIDC
// issuer under /local/oidc/, and the stack file.

export async function openFrontDoors(o: {
  port: number;
  functions: LocalFunctions;
  devJwt: DevJwt;
  outbox: NotificationOutbox;
  idle: () => Promise<void>;
  rateLimit?: RateLimit;
  /** True for the stack `npm start` keeps: only that one writes the stack file. */
  persist: boolean;
  dataDir: string;
  env: Record<string, string>;
  teardown: Teardown;
  log: (line: string) => void;
}): Promise<Gateway> {
  const gateway = await startGateway({
    port: o.port,
    functions: o.functions,
    authorizer: jwtAuthorizer(o.devJwt),
    log: o.log,
    ...(o.rateLimit ? { rateLimit: o.rateLimit } : {}),
    admin: localAdmin(o),
    // The console's development sign-in (local only): its pages answer the stack's own origins.
    local: localOidcIssuer({
      devJwt: o.devJwt,
      origins: pageOrigins(o.port, o.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${o.port}`),
      departments: SEED_DIRECTORY.departments,
    }),
  });
  o.teardown.add(() => gateway.close());
  // Only the stack `npm start` keeps (persist) is one that operator scripts can find.
  if (o.persist) {
    writeStackFile(o.dataDir, gateway.url, o.env);
    o.teardown.add(() => removeStackFile(o.dataDir));
  }
  return gateway;
}

/**
 * /_local/invocations, /_local/notifications (and its fail-next/<provider>/<count>/<mode>) and
 * /_local/idle, for scripts in another process.
 */
function localAdmin(o: {
  functions: LocalFunctions;
  outbox: NotificationOutbox;
  idle: () => Promise<void>;
}): AdminHandler {
  return async (method, path) => {
    if (method === 'GET' && path === '/_local/invocations')
      return { status: 200, body: o.functions.invocations };
    if (method === 'GET' && path === '/_local/notifications')
      return { status: 200, body: await o.outbox.list() };
    // A provider fault on demand: POST /_local/notifications/fail-next/<provider>/<count>/<mode>.
    const fault = /^\/_local\/notifications\/fail-next\/(\w+)\/(\d{1,2})\/(transient|permanent)$/.exec(path);
    if (method === 'POST' && fault) {
      const [, provider, count, mode] = fault as unknown as [
        string,
        string,
        string,
        'transient' | 'permanent',
      ];
      const known = o.outbox.failNext(provider, Number(count), mode);
      return known
        ? { status: 200, body: { provider, count: Number(count), mode } }
        : { status: 404, body: { error: 'no such fake' } };
    }
    if (method === 'POST' && path === '/_local/idle') {
      await o.idle();
      return { status: 200, body: { idle: true } };
    }
    return undefined;
  };
}
