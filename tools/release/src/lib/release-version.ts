import { ReleaseError } from './errors.ts';

/** A release's version, from its tag `vX.Y.Z[-pre]`. */
export interface ReleaseVersion {
  /** `1.2.3` or `1.3.0-rc.1` (no `v`). */
  text: string;
  major: number;
  minor: number;
  patch: number;
  /** `rc.1` in `1.3.0-rc.1`. */
  prerelease: string | undefined;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/;

/** `v1.2.3` (or `1.2.3`) → its parts; anything else is refused. */
export function parseVersion(raw: string): ReleaseVersion {
  const text = raw.startsWith('v') ? raw.slice(1) : raw;
  const match = SEMVER.exec(text);
  if (!match) throw new ReleaseError(`'${raw}' is not a v<semver> tag (vX.Y.Z or vX.Y.Z-pre)`);
  return { text, major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] };
}

const compare = (a: ReleaseVersion, b: ReleaseVersion): number => a.major - b.major || a.minor - b.minor || a.patch - b.patch;

/** Stable versions among release tags (`v1.2.3`); pre-releases and other tags (`api-client@…`) are left out. */
function stableVersions(tags: readonly string[]): ReleaseVersion[] {
  return tags.filter((tag) => /^v\d+\.\d+\.\d+$/.test(tag)).map(parseVersion);
}

export interface TagInputs {
  version: ReleaseVersion;
  /** The released commit: `sha-<7 hex>`. */
  revision: string;
  /** GitHub marks the release as a pre-release (also when the version has no `-pre`). */
  markedPrerelease: boolean;
  /** Tags of the published stable releases (this one included or not). */
  published: readonly string[];
}

/**
 * The image tags of a release, the same in release.yml and in the release rehearsal:
 * `X.Y.Z` and `sha-<short>` always; for a stable release `X.Y` when it is the highest in its
 * minor line, `X` when it is the highest of its major (and X > 0: `0.x` minors may break),
 * `latest` when it is the highest of all. So a patch of an older line never moves a tag that
 * a newer release holds. A pre-release gets only its own version and `sha-`.
 */
export function imageTags({ version, revision, markedPrerelease, published }: TagInputs): string[] {
  if (!/^[0-9a-f]{7,40}$/.test(revision)) throw new ReleaseError(`revision must be a commit SHA, got "${revision}"`);
  const sha = `sha-${revision.slice(0, 7)}`;
  if (version.prerelease !== undefined || markedPrerelease) return [version.text, sha];
  const others = stableVersions(published);
  const highestOf = (same: (other: ReleaseVersion) => boolean): boolean =>
    others.filter(same).every((other) => compare(other, version) <= 0);
  return [
    version.text,
    ...(highestOf((o) => o.major === version.major && o.minor === version.minor) ? [`${version.major}.${version.minor}`] : []),
    ...(version.major > 0 && highestOf((o) => o.major === version.major) ? [`${version.major}`] : []),
    sha,
    ...(highestOf(() => true) ? ['latest'] : []),
  ];
}
