import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/password";
import { recordFailedSignIn, signInBlockedFor, RateLimitError } from "@/lib/rate-limit/limits";
import { isDeleteConfirmation } from "./confirmation-words";

// The signed-in user's own account: every function takes the user id from the session.

export interface AccountDetails {
  id: string;
  email: string;
  name: string;
  hasPassword: boolean;
  linkedProviders: string[];
  createdAt: Date;
}

export async function accountDetails(userId: string): Promise<AccountDetails> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      createdAt: true,
      oauthAccounts: { select: { provider: true } },
    },
  });
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    hasPassword: user.passwordHash !== null,
    linkedProviders: user.oauthAccounts.map((account) => account.provider),
    createdAt: user.createdAt,
  };
}

export async function changeDisplayName({ userId, name }: { userId: string; name: string }) {
  return db().user.update({ where: { id: userId }, data: { name }, select: { id: true, email: true, name: true } });
}

// Checks the current password, with the failed sign-in limits: a stolen session cannot be used
// to guess the password any faster than the sign-in form allows.
async function assertPassword(user: { email: string; passwordHash: string | null }, password: string, ip: string) {
  const wait = await signInBlockedFor(user.email, ip);
  if (wait !== null) throw new RateLimitError("Too many wrong passwords.", wait);
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordFailedSignIn(user.email, ip);
    throw new AppError("validation", "The current password is wrong.", { currentPassword: "password_wrong" });
  }
}

async function userWithHash(userId: string) {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  return user;
}

// Sets a new password and bumps the session version: every session issued before ends.
// The caller re-issues the session of the browser that made the change.
export async function changePassword({
  userId,
  currentPassword,
  newPassword,
  ip,
}: {
  userId: string;
  currentPassword: string;
  newPassword: string;
  ip: string;
}) {
  const user = await userWithHash(userId);
  if (user.passwordHash === null) {
    throw new AppError("validation", "This account signs in without a password.", { currentPassword: "no_password" });
  }
  await assertPassword(user, currentPassword, ip);
  const passwordHash = await hashPassword(newPassword);
  const [updated] = await db().$transaction([
    db().user.update({
      where: { id: userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { id: true, email: true, name: true, sessionVersion: true },
    }),
    db().passwordResetToken.deleteMany({ where: { userId } }),
  ]);
  return updated;
}

// Deletes the account with all its threads, messages and everything else that belongs to it,
// in one transaction; its sessions end because the account no longer exists.
export async function deleteAccount({
  userId,
  password,
  confirmation,
  ip,
}: {
  userId: string;
  password?: string;
  confirmation?: string;
  ip: string;
}): Promise<void> {
  const user = await userWithHash(userId);
  if (user.passwordHash !== null) {
    await assertPassword(user, password ?? "", ip);
  } else if (!isDeleteConfirmation(confirmation)) {
    throw new AppError("validation", "Type the confirmation word to delete the account.", {
      confirmation: "confirmation_wrong",
    });
  }
  await db().$transaction([
    db().message.deleteMany({ where: { thread: { userId } } }),
    db().thread.deleteMany({ where: { userId } }),
    // Linked identities, reset links and anything added later go with the user (ON DELETE CASCADE).
    db().user.delete({ where: { id: userId } }),
  ]);
}
