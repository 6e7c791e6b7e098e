import { type ListenOptions, Server } from 'node:net';

// The emulators have no authentication: locally they must answer this machine only, never its
// network (a café's Wi-Fi, a shared office LAN).

export const LOOPBACK = '127.0.0.1';

const WILDCARD_HOSTS = new Set([undefined, null, '', '0.0.0.0', '::', '[::]']);

/**
 * Runs `start` with every wildcard listen it makes in this process (no host, `0.0.0.0`, `::`)
 * bound to 127.0.0.1 instead, and puts `net.Server#listen` back when it settles. For a library
 * that listens on all interfaces with no option to choose (fauxqs 1.x passes `host: '0.0.0.0'` to
 * Fastify); listens that name a host are left alone.
 *
 * @example
 * const fauxqs = await onLoopback(() => startFauxqs({ port: 0, logger: false }));
 */
export async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  const listen = Server.prototype.listen;
  // biome-ignore lint/suspicious/noExplicitAny: listen's overloads cannot be forwarded with their types
  Server.prototype.listen = function loopbackListen(this: Server, ...args: any[]) {
    const [first, second] = args;
    if (first !== null && typeof first === 'object' && !('fd' in first) && !('path' in first)) {
      const options = first as ListenOptions;
      if (WILDCARD_HOSTS.has(options.host)) args[0] = { ...options, host: LOOPBACK };
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      // listen(port[, host][, backlog][, callback]): a host is a string in second place.
      if (typeof second === 'string') {
        if (WILDCARD_HOSTS.has(second)) args[1] = LOOPBACK;
      } else args.splice(1, 0, LOOPBACK);
    } else if (args.length === 0 || typeof first === 'function') {
      // listen([callback]): a random port on every interface.
      args.unshift(0, LOOPBACK);
    }
    return listen.apply(this, args as Parameters<Server['listen']>);
  } as Server['listen'];
  try {
    return await start();
  } finally {
    Server.prototype.listen = listen;
  }
}
