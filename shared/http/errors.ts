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
