/**
 * A token bucket per client for the local gateway: what API Gateway's throttling and a WAF
 * rate-based rule do in AWS, so a runaway script or a flood shows up as 429s on a laptop too.
 */
export interface RateLimit {
  /** Tokens added per second: the sustained request rate allowed. */
  readonly ratePerSecond: number;
  /** The bucket's size: how many requests may arrive at once after a quiet spell. */
  readonly burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { ratePerSecond: 20, burst: 40 };

/** Idle clients' buckets are dropped past this many, so a scan of addresses cannot grow memory. */
const MAX_CLIENTS = 10_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token from `client`'s bucket, or says how long until one is there. */
  take(client: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(client) ?? { tokens: this.limit.burst, at: now };
    const refilled = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.limit.ratePerSecond,
    );
    if (refilled < 1) {
      this.buckets.set(client, { tokens: refilled, at: now });
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / this.limit.ratePerSecond)),
      };
    }
    if (!this.buckets.has(client) && this.buckets.size >= MAX_CLIENTS) this.evictFull(now);
    this.buckets.set(client, { tokens: refilled - 1, at: now });
    return { allowed: true };
  }

  private evictFull(now: number): void {
    for (const [client, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.limit.ratePerSecond >= this.limit.burst)
        this.buckets.delete(client);
    }
    // Still full of busy clients: forget the oldest rather than grow.
    if (this.buckets.size >= MAX_CLIENTS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }
}

/** `LOCAL_RATE_LIMIT`: `off`, or `<per second>/<burst>` such as `20/40`; unset means the default. */
export function rateLimitFromEnv(value: string | undefined): RateLimit | undefined {
  if (value === undefined || value === '') return DEFAULT_RATE_LIMIT;
  if (value === 'off') return undefined;
  const match = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(value);
  if (!match) throw new Error(`LOCAL_RATE_LIMIT must be 'off' or '<per second>/<burst>', not '${value}'`);
  return { ratePerSecond: Number(match[1]), burst: Number(match[2]) };
}
