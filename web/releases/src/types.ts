// What the public releases API answers (functions/releases/views.ts, the frozen document).
import type { ReleaseDocument } from '../../../shared/domain/releases/content.js';

export interface PublicRelease {
  readonly releaseId: string;
  readonly kind: 'monthly_figures' | 'typical_cases';
  readonly period: string;
  readonly dueOn: string;
  readonly publishedAt: string;
  readonly onTime: boolean;
  readonly responsibleName: string;
  readonly sha256: string;
  readonly key: string;
  readonly corrects?: string;
  readonly correctedBy?: string;
}

export interface PublishedRelease {
  readonly release: PublicRelease;
  readonly document: ReleaseDocument;
}
