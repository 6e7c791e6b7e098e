/** An error the caller can act on: its status, code and message are shown as they are. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details?: unknown;
  /** Headers the answer carries besides the usual ones (a 429's `retry-after`). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The field-by-field problems of a refused request (依申请公开: `invalid_request`), each `{path, code,
   * message}`: answered as `error.problems` (and as `error.details`, where older clients look).
   */
  readonly problems?: readonly unknown[];
  constructor(
    statusCode: number,
    code: string,
    message: string,
    options?: ErrorOptions & {
      details?: unknown;
      headers?: Readonly<Record<string, string>>;
      problems?: readonly unknown[];
    },
  ) {
    super(message, options);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = options?.details;
    this.headers = options?.headers;
    this.problems = options?.problems;
  }
}

export class BadRequestError extends HttpError {
  constructor(code: string, message: string, options?: ErrorOptions & { details?: unknown }) {
    super(400, code, message, options);
    this.name = 'BadRequestError';
  }
}

export class NotFoundError extends HttpError {
  constructor(code: string, message: string) {
    super(404, code, message);
    this.name = 'NotFoundError';
  }
}

export class UnprocessableEntityError extends HttpError {
  constructor(code: string, message: string, options?: ErrorOptions & { details?: unknown }) {
    super(422, code, message, options);
    this.name = 'UnprocessableEntityError';
  }
}

/** Seconds a caller is asked to wait before retrying a request that met a passing fault. */
export const RETRY_AFTER_SECONDS = '5';

/**
 * The function is about to reach its Lambda timeout without an answer. The caller gets 503 and
 * `Retry-After`, like an AWS fault, instead of the 500 API Gateway answers once Lambda kills the
 * invocation: a channel retries a 503, and the retry is safe because every ingest derives its case
 * from the channel's own id (DESIGN §4, dedup).
 */
export class InvocationTimeoutError extends HttpError {
  constructor(options?: ErrorOptions) {
    super(503, 'service_unavailable', '服务繁忙，请稍后重试', {
      ...options,
      headers: { 'retry-after': RETRY_AFTER_SECONDS },
    });
    this.name = 'InvocationTimeoutError';
  }
}
