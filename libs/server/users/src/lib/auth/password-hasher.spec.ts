import { PasswordHasher } from './password-hasher';

describe('PasswordHasher (scrypt)', () => {
  const hasher = new PasswordHasher();

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
});
