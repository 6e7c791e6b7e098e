import type { ProviderReceipt } from './port.js';

// PLACEHOLDER (issue 11, being written): the provider's delivery-receipt body, read into receipts.

/** Throws until written: a receipt that cannot be read is answered with an error, never taken. */
export function parseAliyunReceipts(_body: unknown): ProviderReceipt[] {
  throw new Error('parseAliyunReceipts is not written yet');
}
