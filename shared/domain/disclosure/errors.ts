import { DomainError } from '../errors.js';

/**
 * The facts a 答复书 is generated from cannot make a letter (a malformed 文号, a reply dated before
 * the request, a blank name). The HTTP edge answers 422 with the code.
 */
export class ReplyLetterInputError extends DomainError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_reply_letter', message, options);
    this.name = 'ReplyLetterInputError';
  }
}
