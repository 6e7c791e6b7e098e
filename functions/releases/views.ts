// What each reader sees of a release: staff the whole item with what is derived from it (on time,
// corrected by); the public only what was published, never a staff id or a chosen case's id.
import type { Release, Timeliness } from '../../shared/domain/releases/index.js';
import { correctedByOf, timelinessOf } from '../../shared/domain/releases/index.js';
import type { PublicRelease } from '../../shared/domain/releases/public-release.js';

export interface StaffRelease extends Release {
  readonly timeliness: Timeliness;
  /** A later published release that corrects this one (derived: the frozen item is never written). */
  readonly correctedBy?: string;
}

export function staffView(release: Release, siblings: readonly Release[], today: string): StaffRelease {
  const correctedBy = correctedByOf(release.releaseId, siblings);
  return { ...release, timeliness: timelinessOf(release, today), ...(correctedBy ? { correctedBy } : {}) };
}

export type { PublicRelease };

export function publicView(release: Release, siblings: readonly Release[]): PublicRelease | undefined {
  if (release.state !== 'published' || !release.publishedAt || !release.frozen || !release.responsible) {
    return undefined;
  }
  const correctedBy = correctedByOf(release.releaseId, siblings);
  return {
    releaseId: release.releaseId,
    kind: release.kind,
    period: release.period,
    dueOn: release.dueOn,
    publishedAt: release.publishedAt,
    onTime: timelinessOf(release, release.dueOn) === 'on_time',
    responsibleName: release.responsible.name,
    sha256: release.frozen.sha256,
    key: release.frozen.key,
    ...(release.corrects ? { corrects: release.corrects } : {}),
    ...(correctedBy ? { correctedBy } : {}),
  };
}

/** Releases grouped by kind and period, for the derived lookups. */
export function siblingsOf(all: readonly Release[]): (release: Release) => readonly Release[] {
  const groups = new Map<string, Release[]>();
  for (const r of all) {
    const key = `${r.period}/${r.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return (release) => groups.get(`${release.period}/${release.kind}`) ?? [];
}
