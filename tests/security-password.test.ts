// Password hashing: argon2id above OWASP's floor, and a sign-in with an unknown email (or an
// account without a password) costs exactly the argon2 work of a wrong password.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerUser, userForCredentials } from "@/lib/accounts/users";
import { argon2Calls, argon2Options, hashPassword, verifyPassword } from "@/lib/password";

function callsDuring(action: () => Promise<unknown>) {
  return async () => {
    const before = { ...argon2Calls };
    await action();
    return { hash: argon2Calls.hash - before.hash, verify: argon2Calls.verify - before.verify };
  };
}

describe("argon2id parameters", () => {
  it("are argon2id with at least 19 MiB and 2 passes", async () => {
    expect(argon2Options.algorithm).toBe(2);
    expect(argon2Options.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(argon2Options.timeCost).toBeGreaterThanOrEqual(2);
    const stored = await hashPassword("mat-khau-an-toan");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(await verifyPassword(stored, "mat-khau-an-toan")).toBe(true);
    expect(await verifyPassword(stored, "sai")).toBe(false);
  });
});

describe("sign-in work", () => {
  it("is one argon2 verify for a wrong password, an unknown email and a right password alike", async () => {
    const email = `${randomUUID()}@example.vn`;
    await registerUser({ email, name: "Lan", password: "mat-khau-an-toan" });
    const wrongPassword = await callsDuring(() => userForCredentials(email, "khong-dung"))();
    const unknownEmail = await callsDuring(() => userForCredentials(`${randomUUID()}@example.vn`, "khong-dung"))();
    const rightPassword = await callsDuring(() => userForCredentials(email, "mat-khau-an-toan"))();
    expect(wrongPassword).toEqual({ hash: 0, verify: 1 });
    expect(unknownEmail).toEqual(wrongPassword);
    expect(rightPassword).toEqual(wrongPassword);
  });
});
