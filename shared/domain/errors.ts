/**
 * Errors the core raises. Each carries a machine-readable `code` so the HTTP edge can map it to a
 * 4xx without knowing the core's internals.
 */
export class DomainError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
  }
}

/** The input names something the directory does not know (a category, a district, a department). */
export class UnknownReferenceError extends DomainError {
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.name = 'UnknownReferenceError';
  }
}
