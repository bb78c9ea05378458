import "server-only";
import { hash, verify, type Algorithm } from "@node-rs/argon2";

// argon2id (the const enum value 2; const enums cannot be imported under isolatedModules).
const ARGON2ID = 2 as Algorithm;

// OWASP's argon2id floor is 19 MiB / t=2; we use 19 MiB and t=3 (about 60-120 ms on 2 cores).
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 3, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Compared against when the email is unknown, so both paths cost one argon2 verify.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword("not-a-real-password-used-for-timing");
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}
