// The console's one way to call the API: the bearer token, the error envelope, ETags and 409s.

/** `{ "error": { "code", "message" } }` from the API, as an exception the screens can show. */
export class ApiError extends Error {
  public constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * 409: someone else changed the case first. A screen says "this case changed — reload" and never
 * retries the write on its own: the user decides with the new version in front of them.
 */
export class ConflictError extends ApiError {
  public constructor(code: string, message: string) {
    super(409, code, message);
    this.name = 'ConflictError';
  }
}

/** What the session gives the client: a fresh ID token, and what to do when the API says 401. */
export interface TokenSource {
  bearer(): Promise<string | undefined>;
  /** Refreshes or signs in again; resolves true when a retry may succeed. */
  unauthorized(): Promise<boolean>;
}

let tokens: TokenSource | undefined;

export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

/** The last body and ETag of each GET, so a poll that changed nothing costs a 304 and no re-render. */
const cache = new Map<string, { etag: string; body: unknown }>();

export type Query = Record<string, string | number | boolean | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly query?: Query;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** A case's version for a conditional action (`If-Match`). */
  readonly ifMatch?: string;
  /** More headers (an `Idempotency-Key`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** What the answer is: JSON (the default) or a file (a PDF, a CSV). */
  readonly accept?: string;
}

async function send(url: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: options.accept ?? 'application/json',
    ...options.headers,
  };
  const bearer = await tokens?.bearer();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  const cached = method === 'GET' ? cache.get(url) : undefined;
  if (cached) headers['if-none-match'] = cached.etag;
  return fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    // Case data is personal: the browser keeps none of it; the ETags above are the console's own.
    cache: 'no-store',
    credentials: 'omit',
    signal: options.signal,
  });
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = `请求失败（${response.status}）`;
  let details: unknown;
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; details?: unknown; problems?: unknown };
    };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
    // A refusal naming each field (422 invalid_request) may carry them beside the message.
    details = body.error?.details ?? (body.error?.problems ? { problems: body.error.problems } : undefined);
  } catch {
    // Not the envelope (a gateway's own page): keep the generic message.
  }
  if (response.status === 409) return new ConflictError(code, message);
  return new ApiError(response.status, code, message, details);
}

/**
 * Calls the API on this origin and returns the JSON body.
 *
 * @example
 * const page = await request<QueuePage>('/v1/dispatch/cases', { query: { limit: 50 } });
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = withQuery(path, options.query);
  let response = await send(url, options);
  if (response.status === 401 && (await tokens?.unauthorized())) response = await send(url, options);
  if (response.status === 304) {
    const cached = cache.get(url);
    if (cached) return cached.body as T;
    // The entry was evicted between the request and the answer: ask again without a condition.
    cache.delete(url);
    response = await send(url, options);
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  const body = (await response.json()) as T;
  const etag = response.headers.get('etag');
  if ((options.method ?? 'GET') === 'GET' && etag) cache.set(url, { etag, body });
  return body;
}

/** A file the API answers (a PDF, a CSV, an XLSX), with the name its `Content-Disposition` gives. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly filename?: string;
}

/** The file name of `Content-Disposition`, the UTF-8 form (`filename*=UTF-8''…`) first. */
export function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1]?.trim();
}

/**
 * Downloads a file with the bearer token (a link cannot carry it): the caller turns the blob into an
 * object URL. Never cached: a file is asked for when the user clicks.
 *
 * @example
 * const { blob, filename } = await download('/v1/disclosure/cases/c-1/letter', { accept: 'application/pdf' });
 */
export async function download(path: string, options: RequestOptions = {}): Promise<DownloadedFile> {
  const url = withQuery(path, options.query);
  const once = () => send(url, { ...options, accept: options.accept ?? '*/*' });
  let response = await once();
  if (response.status === 401 && (await tokens?.unauthorized())) response = await once();
  if (!response.ok) throw await errorOf(response);
  const filename = filenameOf(response.headers.get('content-disposition'));
  return { blob: await response.blob(), ...(filename ? { filename } : {}) };
}

/** Forgets every cached body: on sign-out, so the next user sees nothing of the last. */
export function clearCache(): void {
  cache.clear();
}
