// The notices' link to this page (`/?trackingNo=…`, send-notice message-of.ts) names the case to
// look up. Only the tracking number is read from the address: the phone's last four are the
// citizen's proof of being the applicant, so they are always typed, never taken from a link.

/** 工单号 without its dashes: six digits of date and eight of Crockford base32 (no I, L, O, U). */
export const TRACKING_NO = /^\d{6}[2-9A-HJKMNP-TV-Z]{8}$/;

/** A typed or linked 工单号 as the API takes it: upper case, no spaces or dashes. */
export function compactTrackingNo(value: string): string {
  return value.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * The tracking number a link to the page carries, in the form the page shows
 * (`250101-ABCD-EFGH`), or undefined when there is none or it is not one. Any other parameter is
 * ignored.
 *
 * @example
 * trackingNoFromQuery('?trackingNo=260105-7K3M-Q9RT') // '260105-7K3M-Q9RT'
 * trackingNoFromQuery('?trackingNo=260105-7K3M-Q9RT&phoneLast4=1234') // '260105-7K3M-Q9RT' (last four ignored)
 */
export function trackingNoFromQuery(search: string): string | undefined {
  const given = new URLSearchParams(search).get('trackingNo');
  if (given === null || given.length > 40) return undefined;
  const compact = compactTrackingNo(given);
  if (!TRACKING_NO.test(compact)) return undefined;
  return `${compact.slice(0, 6)}-${compact.slice(6, 10)}-${compact.slice(10)}`;
}
