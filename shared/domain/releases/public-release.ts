// What the public sees of a published release (GET /v1/public/releases): built by
// functions/releases/views.ts and read by the public page (web/releases), one type for both. Never a
// staff id or a chosen case's id. Types only.
import type { ReleaseKind } from './release.js';

export interface PublicRelease {
  readonly releaseId: string;
  readonly kind: ReleaseKind;
  readonly period: string;
  readonly dueOn: string;
  readonly publishedAt: string;
  /** 按时发布: published by the end of its due day. */
  readonly onTime: boolean;
  /** 专人负责: the name only. */
  readonly responsibleName: string;
  readonly sha256: string;
  readonly key: string;
  readonly corrects?: string;
  readonly correctedBy?: string;
}
