import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Injectable } from '@nestjs/common';

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * scrypt from node:crypto (no native addon to build), off the event loop (libuv pool).
 * N=2^14, r=8, p=5 is one of OWASP's equivalent minimum settings: the CPU cost of
 * N=2^17/p=1 with an eighth of the memory (16 MiB a hash instead of 128), which keeps four
 * concurrent logins from costing the process hundreds of MiB. The parameters are stored
 * with each hash, so changing them later keeps old passwords verifiable.
 */
const CURRENT = { N: 2 ** 14, r: 8, p: 5, keyLength: 32 };
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

const maxmem = (N: number, r: number): number => 256 * N * r;

@Injectable()
export class PasswordHasher {
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const { N, r, p, keyLength } = CURRENT;
    const key = await scrypt(password, salt, keyLength, { N, r, p, maxmem: maxmem(N, r) });
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const match = FORMAT.exec(stored);
    if (!match) return false;
    const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const expected = Buffer.from(match[5], 'base64url');
    const key = await scrypt(password, Buffer.from(match[4], 'base64url'), expected.length, { N, r, p, maxmem: maxmem(N, r) });
    return timingSafeEqual(key, expected);
  }
}
