import { imageTags, parseVersion } from './lib/release-version.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const tags = (tag: string, published: string[], markedPrerelease = false) =>
  imageTags({ version: parseVersion(tag), revision: SHA, markedPrerelease, published });

describe('release versions and image tags', () => {
  it('reads v<semver> tags and refuses anything else', () => {
    expect(parseVersion('v1.2.3')).toEqual({ text: '1.2.3', major: 1, minor: 2, patch: 3, prerelease: undefined });
    expect(parseVersion('1.3.0-rc.1').prerelease).toBe('rc.1');
    for (const bad of ['v1.2', 'v01.2.3', 'api-client@1.2.3', 'v1.2.3 ', 'v1.2.3;rm -rf', '']) {
      expect(() => parseVersion(bad)).toThrow(/is not a v<semver> tag/);
    }
  });

  it('gives the highest stable release X.Y.Z, X.Y, X, sha- and latest', () => {
    expect(tags('v1.4.0', ['v1.3.2', 'v1.4.0', 'api-client@2.0.0'])).toEqual(['1.4.0', '1.4', '1', 'sha-0123456', 'latest']);
  });

  it('moves no tag that a newer release holds when an older line gets a patch', () => {
    const published = ['v1.3.2', 'v1.4.0', 'v2.0.0', 'v1.3.3'];
    expect(tags('v1.3.3', published)).toEqual(['1.3.3', '1.3', 'sha-0123456']);
    expect(tags('v1.4.1', [...published, 'v1.4.1'])).toEqual(['1.4.1', '1.4', '1', 'sha-0123456']);
  });

  it('counts the release itself even before GitHub lists it', () => {
    expect(tags('v2.1.0', ['v2.0.0'])).toEqual(['2.1.0', '2.1', '2', 'sha-0123456', 'latest']);
  });

  it('gives no major tag in 0.x, where a minor may break', () => {
    expect(tags('v0.9.0', ['v0.8.1'])).toEqual(['0.9.0', '0.9', 'sha-0123456', 'latest']);
  });

  it('gives a pre-release only its own version and sha-, whether by tag or by GitHub flag', () => {
    expect(tags('v1.5.0-rc.1', ['v1.4.0'])).toEqual(['1.5.0-rc.1', 'sha-0123456']);
    expect(tags('v1.5.0', ['v1.4.0'], true)).toEqual(['1.5.0', 'sha-0123456']);
  });

  it('ignores published pre-releases and other tags when ranking', () => {
    expect(tags('v1.4.0', ['v1.5.0-rc.1', 'v9.9.9-beta', 'api-client@9.0.0'])).toContain('latest');
  });

  it('refuses a revision that is not a commit SHA', () => {
    expect(() => imageTags({ version: parseVersion('v1.0.0'), revision: 'main', markedPrerelease: false, published: [] })).toThrow(/commit SHA/);
  });
});
