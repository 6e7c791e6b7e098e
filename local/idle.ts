import type { FauxqsServer } from 'fauxqs';
import { LOCAL_NAMES } from './resources.js';
import type { SqsPoller } from './sqs-poller.js';
import type { StreamPoller } from './stream-poller.js';
import { sleep, within } from './wait.js';

/**
 * The stack's `idle()`: resolves when the intake queue is empty (in flight included), no notice is
 * ready to send, no provider fake has a receipt still to push, no SQS poller holds a batch, and
 * every stream poller has caught up; checked again after the catch-up,
 * since a stream consumer may have queued more work.
 *
 * @example
 * const idle = idleWaiter(fauxqs, { sqsPollers, streamPollers });
 * await idle(10_000); // throws if the stack is still busy after 10 s
 */
export function idleWaiter(
  fauxqs: FauxqsServer,
  pollers: {
    sqsPollers: readonly SqsPoller[];
    streamPollers: readonly StreamPoller[];
    /** The provider fakes still have a receipt to push (it will write a case when it lands). */
    providersBusy?: () => boolean;
  },
): (timeoutMs?: number) => Promise<void> {
  const { sqsPollers, streamPollers } = pollers;
  const providersQuiet = () => !pollers.providersBusy?.();
  const intakeEmpty = () => {
    const q = fauxqs.inspectQueue(LOCAL_NAMES.intakeQueue);
    return !q || q.messages.ready.length + q.messages.delayed.length + q.messages.inflight.length === 0;
  };
  // A notice held back after a failed attempt (in flight, for its backoff) is no work to wait for;
  // one ready to be sent is.
  const noticesSent = () => {
    const q = fauxqs.inspectQueue(LOCAL_NAMES.noticesQueue);
    return !q || q.messages.ready.length === 0;
  };
  return async (timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    const quiet = () =>
      intakeEmpty() && noticesSent() && providersQuiet() && sqsPollers.every((p) => !p.busy);
    for (;;) {
      while (!quiet()) {
        if (Date.now() > deadline) throw new Error(`the local stack was not idle within ${timeoutMs} ms`);
        await sleep(25);
      }
      const left = deadline - Date.now();
      const caught = await within(Promise.all(streamPollers.map((p) => p.caughtUp())), Math.max(0, left));
      if (!caught) throw new Error(`the stream poller did not catch up within ${timeoutMs} ms`);
      if (quiet()) return;
    }
  };
}
