// What the public releases API answers (functions/releases/views.ts, the frozen document).
import type { ReleaseDocument } from '../../../shared/domain/releases/content.js';
import type { PublicRelease } from '../../../shared/domain/releases/public-release.js';

export type { PublicRelease };

export interface PublishedRelease {
  readonly release: PublicRelease;
  readonly document: ReleaseDocument;
}
