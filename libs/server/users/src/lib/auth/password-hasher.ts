import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Semaphore } from 'async-mutex';
import { AppConfig, overloaded } from '@conduit/server/platform';

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * N=2^14, r=8, p=5 is one of OWASP's equivalent minimum settings: the CPU cost of
 * N=2^17/p=1 with an eighth of the memory (16 MiB a hash instead of 128). The parameters are
 * stored with each hash, so changing them later keeps old passwords verifiable.
 */
const CURRENT = { N: 2 ** 14, r: 8, p: 5, keyLength: 32 };
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/**
 * The hash of a random password nobody knows, made with the current parameters. A login for
 * an unknown email is checked against it, so it takes as long as a wrong password for a real
 * account and the timing does not tell which emails exist.
 */
export const UNKNOWN_ACCOUNT_HASH = 'scrypt$16384$8$5$2cRmS2l9_0ri4eGg8S7Dfw$kjQxYOXBBcJ1b_29bd5UzH1E5pMjEXeeuG3iTMkLIko';

/** Hashes waiting for a turn, per hash allowed at once, before new ones are shed. */
const WAITING_PER_SLOT = 8;

const maxmem = (N: number, r: number): number => 256 * N * r;

/**
 * scrypt from node:crypto (no native addon to build), on libuv's thread pool. At most
 * `HASH_CONCURRENCY` hashes run at once (the entry point sizes the pool so that SQLite keeps
 * threads of its own); a few more wait their turn, and beyond that a login or registration
 * gets a 503 with `Retry-After` instead of queueing until every request is slow.
 */
@Injectable()
export class PasswordHasher {
  private readonly slots: Semaphore;
  private readonly capacity: number;
  private admitted = 0;

  constructor(config: AppConfig) {
    this.slots = new Semaphore(config.limits.concurrentHashes);
    this.capacity = config.limits.concurrentHashes * (1 + WAITING_PER_SLOT);
  }

  hash(password: string): Promise<string> {
    return this.bounded(async () => {
      const salt = randomBytes(16);
      const { N, r, p, keyLength } = CURRENT;
      const key = await scrypt(password, salt, keyLength, { N, r, p, maxmem: maxmem(N, r) });
      return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
    });
  }

  /** Whether `password` matches `stored`; `stored` undefined (no such account) costs the same and is `false`. */
  verify(password: string, stored: string | undefined): Promise<boolean> {
    return this.bounded(async () => {
      const match = FORMAT.exec(stored ?? UNKNOWN_ACCOUNT_HASH);
      if (!match) return false;
      const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const expected = Buffer.from(match[5], 'base64url');
      const key = await scrypt(password, Buffer.from(match[4], 'base64url'), expected.length, { N, r, p, maxmem: maxmem(N, r) });
      return stored !== undefined && timingSafeEqual(key, expected);
    });
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.admitted >= this.capacity) throw overloaded(1);
    this.admitted += 1;
    try {
      return await this.slots.runExclusive(work);
    } finally {
      this.admitted -= 1;
    }
  }
}
