// Account changes against the database: a password change bumps the session version (every older
// JWT ends), deletion removes the user's threads, messages, links and reset tokens in one go, and a
// reset link works once and not after it expires.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { accountDetails, changeDisplayName, changePassword, deleteAccount } from "@/lib/accounts/account";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { userForOidcSignIn, oidcAccountConflict } from "@/lib/accounts/oidc";
import { currentSessionVersion, registerUser, sessionUser, userForCredentials } from "@/lib/accounts/users";
import { db } from "@/lib/db";
import { argon2Calls } from "@/lib/password";
import { startLoopbackSmtp, type LoopbackSmtp } from "./support/loopback-smtp";
import { rejection } from "./support/fixtures";

const password = "mat-khau-an-toan";

async function newUser() {
  return registerUser({ email: `${randomUUID()}@example.vn`, name: "Lan", password });
}

let smtp: LoopbackSmtp;
const mail = { subject: "Reset", body: (link: string) => `Link: ${link}` };

beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  process.env.SMTP_URL = smtp.url;
  return async () => {
    delete process.env.SMTP_URL;
    await smtp.close();
  };
});

describe("changing the password", () => {
  it("needs the current password and ends every session issued before", async () => {
    const user = await newUser();
    const error = await rejection(
      changePassword({ userId: user.id, currentPassword: "sai", newPassword: "mat-khau-moi-1", ip: "192.0.2.10" }),
    );
    expect(error.fields).toEqual({ currentPassword: "password_wrong" });
    expect(await currentSessionVersion(user.id)).toBe(0);

    const updated = await changePassword({
      userId: user.id,
      currentPassword: password,
      newPassword: "mat-khau-moi-1",
      ip: "192.0.2.10",
    });
    expect(updated.sessionVersion).toBe(1);
    expect(await sessionUser(user.id, 0)).toBeNull();
    expect(await sessionUser(user.id, 1)).toMatchObject({ id: user.id });
    expect(await userForCredentials(user.email, password)).toBeNull();
    expect(await userForCredentials(user.email, "mat-khau-moi-1")).toMatchObject({ id: user.id });
  });

  it("changes the display name only", async () => {
    const user = await newUser();
    await changeDisplayName({ userId: user.id, name: "Mai" });
    expect(await accountDetails(user.id)).toMatchObject({ name: "Mai", email: user.email, hasPassword: true });
  });
});

describe("deleting the account", () => {
  it("removes the user with every thread, message and reset token, at once", async () => {
    const user = await newUser();
    const other = await newUser();
    for (const owner of [user, other]) {
      await db().thread.create({
        data: {
          userId: owner.id,
          title: "T",
          messages: { create: [{ position: 0, role: "user", content: "bí mật" }] },
        },
      });
    }
    await requestPasswordReset({ email: user.email, origin: "http://app.test", mail });
    expect(await db().passwordResetToken.count({ where: { userId: user.id } })).toBe(1);

    const wrong = await rejection(deleteAccount({ userId: user.id, password: "sai", ip: "192.0.2.11" }));
    expect(wrong.fields).toEqual({ currentPassword: "password_wrong" });
    await deleteAccount({ userId: user.id, password, ip: "192.0.2.11" });

    expect(await db().user.count({ where: { id: user.id } })).toBe(0);
    expect(await db().thread.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().message.count({ where: { thread: { userId: user.id } } })).toBe(0);
    expect(await db().passwordResetToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await sessionUser(user.id, 0)).toBeNull();
    expect(await db().thread.count({ where: { userId: other.id } })).toBe(1);
  });

  it("asks an account without a password for the typed word", async () => {
    const sub = randomUUID();
    const user = await userForOidcSignIn(sub, { sub, email: `${sub}@idp.vn`, email_verified: true, name: "An" });
    expect((await rejection(deleteAccount({ userId: user.id, confirmation: "có", ip: "192.0.2.12" }))).fields).toEqual({
      confirmation: "confirmation_wrong",
    });
    await deleteAccount({ userId: user.id, confirmation: "xóa", ip: "192.0.2.12" });
    expect(await db().oAuthAccount.count({ where: { providerAccountId: sub } })).toBe(0);
  });
});

describe("OpenID Connect users", () => {
  it("are created once and found again by the provider's subject", async () => {
    const sub = randomUUID();
    const profile = { sub, email: `${sub}@idp.vn`, email_verified: true, name: "An" };
    const first = await userForOidcSignIn(sub, profile);
    const again = await userForOidcSignIn(sub, { ...profile, email: "changed@idp.vn" });
    expect(again.id).toBe(first.id);
    expect(await accountDetails(first.id)).toMatchObject({ hasPassword: false, linkedProviders: ["oidc"] });
    // No password: a password sign-in for that email fails after the same argon2 work.
    expect(await userForCredentials(profile.email, "anything")).toBeNull();
  });

  it("never take over an existing account by its email", async () => {
    const user = await newUser();
    expect(await oidcAccountConflict(randomUUID(), { sub: "x", email: user.email.toUpperCase() })).toBe(true);
    expect(await oidcAccountConflict(randomUUID(), { sub: "x", email: user.email, email_verified: false })).toBe(false);
    const unverified = await userForOidcSignIn(randomUUID(), { sub: "y", email: user.email, email_verified: false });
    expect(unverified.id).not.toBe(user.id);
    expect(unverified.email).toMatch(/@oidc\.invalid$/);
  });
});

describe("password reset", () => {
  function tokenOf(text: string): string {
    return /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? "";
  }

  it("mails a link that works once, ends every session, and costs unknown addresses the same", async () => {
    const user = await newUser();
    const before = { ...argon2Calls };
    await requestPasswordReset({ email: user.email, origin: "http://app.test", mail });
    const known = { hash: argon2Calls.hash - before.hash, verify: argon2Calls.verify - before.verify };
    const middle = { ...argon2Calls };
    await requestPasswordReset({ email: `${randomUUID()}@example.vn`, origin: "http://app.test", mail });
    expect({ hash: argon2Calls.hash - middle.hash, verify: argon2Calls.verify - middle.verify }).toEqual(known);

    const token = tokenOf((await smtp.waitForMail(user.email)).text);
    expect(token.length).toBeGreaterThanOrEqual(43);
    const stored = await db().passwordResetToken.findFirst({ where: { userId: user.id }, select: { tokenHash: true } });
    expect(stored?.tokenHash).not.toContain(token);

    await resetPassword({ token, password: "mat-khau-sau-reset" });
    expect(await currentSessionVersion(user.id)).toBe(1);
    expect(await userForCredentials(user.email, "mat-khau-sau-reset")).toMatchObject({ id: user.id });
    const reused = await rejection(resetPassword({ token, password: "mat-khau-lan-hai" }));
    expect(reused.fields).toEqual({ token: "reset_invalid" });
  });

  it("refuses an expired link", async () => {
    const user = await newUser();
    await requestPasswordReset({ email: user.email, origin: "http://app.test", mail });
    const token = tokenOf((await smtp.waitForMail(user.email)).text);
    await db().passwordResetToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect((await rejection(resetPassword({ token, password: "mat-khau-qua-han" }))).fields).toEqual({
      token: "reset_invalid",
    });
    expect(await userForCredentials(user.email, password)).toMatchObject({ id: user.id });
  });
});
