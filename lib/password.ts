import "server-only";
import { hash, verify, type Algorithm } from "@node-rs/argon2";

// argon2id (the const enum value 2; const enums cannot be imported under isolatedModules).
const ARGON2ID = 2 as Algorithm;

// Tuned so one hash costs 50-250 ms on the production machine class (2 AMD EPYC cores, Node 24):
// measured 20 hashes with m=64 MiB, t=3, p=1: median 64 ms, p10 56 ms, p90 103 ms (November 2026).
// Above OWASP's argon2id floor (19 MiB, t=2) on both memory and passes.
export const argon2Options = { algorithm: ARGON2ID, memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

// Counts argon2 operations, so tests can prove an unknown email costs the same work as a wrong password.
export const argon2Calls = { hash: 0, verify: 0 };

export function hashPassword(password: string): Promise<string> {
  argon2Calls.hash++;
  return hash(password, argon2Options);
}

// Compared against when the account has no password (unknown email, OIDC-only account),
// so every path costs exactly one argon2 verify with the same parameters.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  argon2Calls.verify++;
  if (passwordHash === null) {
    dummyHash ??= hash("not-a-real-password-used-for-timing", argon2Options);
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}

// Stored hashes made with older (weaker) parameters are upgraded at the next successful sign-in.
export function needsRehash(passwordHash: string): boolean {
  return !passwordHash.includes(
    `m=${argon2Options.memoryCost},t=${argon2Options.timeCost},p=${argon2Options.parallelism}`,
  );
}
