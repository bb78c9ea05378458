import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { sendMail } from "@/lib/mail";
import { hashPassword, verifyPassword } from "@/lib/password";

// Password reset by email: a random 256-bit token in the link, only its SHA-256 stored,
// valid PASSWORD_RESET_TTL_MINUTES, used at most once. Asking answers the same for known and
// unknown addresses, after the same work.

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function passwordResetEnabled(): boolean {
  return Boolean(env().SMTP_URL);
}

export interface ResetMailText {
  subject: string;
  body: (link: string, minutes: number) => string;
}

export async function requestPasswordReset({
  email,
  origin,
  mail,
}: {
  email: string;
  origin: string;
  mail: ResetMailText;
}): Promise<void> {
  if (!passwordResetEnabled()) throw new AppError("not_found", "Password reset is not available.");
  const user = await db().user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  const token = randomBytes(32).toString("base64url");
  if (!user?.passwordHash) {
    // Unknown address (or an account without a password): the same argon2 work as a reset
    // costs, and no mail. The answer is identical.
    await verifyPassword(null, token);
    return;
  }
  const minutes = env().PASSWORD_RESET_TTL_MINUTES;
  await verifyPassword(null, token);
  await db().passwordResetToken.create({
    data: { userId: user.id, tokenHash: tokenHash(token), expiresAt: new Date(Date.now() + minutes * 60_000) },
  });
  const link = `${origin}/reset-password?token=${token}`;
  logger.info("password reset link sent", { userId: user.id });
  // Sent in the background: waiting for the SMTP server would tell known addresses apart by time.
  sendMail({ to: email, subject: mail.subject, text: mail.body(link, minutes) }).catch((error: unknown) =>
    logger.error("password reset mail failed", { error }),
  );
}

// Sets the new password if the token is valid, unused and unexpired, and ends every session.
export async function resetPassword({ token, password }: { token: string; password: string }): Promise<void> {
  const now = new Date();
  const passwordHash = await hashPassword(password);
  const userId = await db().$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({
      where: { tokenHash: tokenHash(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) return null;
    const row = await tx.passwordResetToken.findUnique({
      where: { tokenHash: tokenHash(token) },
      select: { userId: true },
    });
    if (!row) return null;
    await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    // Any other outstanding link for this account stops working too.
    await tx.passwordResetToken.deleteMany({ where: { userId: row.userId, usedAt: null } });
    return row.userId;
  });
  if (userId) logger.info("password reset; every session ended", { userId });
  if (!userId) {
    throw new AppError("validation", "This reset link is invalid, expired or already used.", {
      token: "reset_invalid",
    });
  }
}
