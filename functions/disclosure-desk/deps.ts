import type { Logger } from '@aws-lambda-powertools/logger';
import type { QueuePage } from '../../shared/adapters/case-store.js';
import type { DisclosureLetterSettings } from '../../shared/adapters/config.js';
import type { DisclosureQueue } from '../../shared/adapters/disclosure-book.js';
import type { LetterNumbers } from '../../shared/adapters/letter-numbers.js';
import type { LetterStore } from '../../shared/adapters/letter-store.js';
import type { RenderedLetter, RenderOptions } from '../../shared/adapters/reply-letter-pdf.js';
import type { VersionedCaseStore } from '../../shared/adapters/update-case.js';
import type { ReplyLetter } from '../../shared/domain/disclosure/reply-letter.js';
import type { Case, Directory, WorkingCalendar } from '../../shared/domain/index.js';

// The disclosure desk's ports: the handler makes them from the memoised adapters, a unit test
// passes fakes (as dispatch-appeal/dispatch.ts does).

export interface DisclosureBookReader {
  forAnnualReport(year: number): Promise<Case[]>;
  listQueue(
    queue: DisclosureQueue,
    scope: { today: string; departmentId?: string },
    page: { limit: number; cursor?: string },
  ): Promise<QueuePage>;
}

export interface DeskDeps {
  readonly cases: VersionedCaseStore;
  readonly book: DisclosureBookReader;
  readonly letters: LetterStore;
  readonly numbers: LetterNumbers;
  readonly directory: () => Promise<Directory>;
  readonly calendar: () => Promise<WorkingCalendar>;
  readonly letterSettings: () => DisclosureLetterSettings;
  /** reply-letter-pdf.ts `renderReplyLetterPdf`: deterministic, so the same letter is the same object. */
  readonly render: (letter: ReplyLetter, options: RenderOptions) => Promise<RenderedLetter>;
  readonly sha256: (bytes: Uint8Array) => string;
  readonly now: () => Date;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}
