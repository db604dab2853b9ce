import { HttpException } from '@nestjs/common';
import type { AppConfig } from '@conduit/server/platform';
import { PasswordHasher, UNKNOWN_ACCOUNT_HASH } from './password-hasher';

const hasherFor = (concurrentHashes: number) => new PasswordHasher({ limits: { concurrentHashes } } as AppConfig);

describe('PasswordHasher (scrypt)', () => {
  const hasher = hasherFor(2);

  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(hash).not.toContain('correct horse battery');
    await expect(hasher.verify('correct horse battery', hash)).resolves.toBe(true);
    await expect(hasher.verify('Correct horse battery', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('still verifies hashes made with earlier parameters (they are stored with the hash)', async () => {
    // Made by the first release (N=2^15, r=8, p=1) for "release-one-password".
    const release1 = 'scrypt$32768$8$1$t_AitUh7DgAdlb5c4fsl7g$vldGDFwBjzqUypVVSI1ImcxhO-VhZ6qSPdRXocd5ss8';
    await expect(hasher.verify('release-one-password', release1)).resolves.toBe(true);
  });

  it('treats a malformed stored hash as a mismatch, not an error', async () => {
    await expect(hasher.verify('x', 'not-a-hash')).resolves.toBe(false);
    await expect(hasher.verify('x', 'scrypt$1$1$1$$')).resolves.toBe(false);
  });

  it('checks an account that does not exist against a hash with the current parameters, and says no', async () => {
    // The same scrypt work as a wrong password for a real account (npm run bench:hardening times both).
    const parameters = (hash: string) => hash.split('$').slice(0, 4).join('$');
    expect(parameters(UNKNOWN_ACCOUNT_HASH)).toBe(parameters(await hasher.hash('fresh')));
    await expect(hasher.verify('some password', undefined)).resolves.toBe(false);
  });

  it('sheds hashes with a 503 and Retry-After once its queue is full', async () => {
    const one = hasherFor(1);
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => one.hash('queued password')));
    const shed = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason as HttpException);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(9);
    expect(shed.map((error) => error.getStatus())).toEqual([503, 503, 503]);
  });
});
