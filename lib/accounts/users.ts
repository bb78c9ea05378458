import "server-only";
import { db, rawSql } from "@/lib/db";
import { sqlParameters } from "@/lib/db-sql";
import { AppError } from "@/lib/errors";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/password";
import { memoized } from "@/lib/request-memo";
import type { Registration } from "./schemas";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

const publicFields = { id: true, email: true, name: true } as const;

export async function registerUser(input: Registration): Promise<PublicUser> {
  const existing = await db().user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError("conflict", "This email already has an account.", { email: "email_taken" });
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: publicFields,
    });
  } catch (error) {
    // Two registrations racing for one email: the unique index decides.
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "This email already has an account.", { email: "email_taken" });
    }
    throw error;
  }
}

// Returns the user only when the password matches; an unknown email costs the same argon2 work.
export async function userForCredentials(
  email: string,
  password: string,
): Promise<(PublicUser & { sessionVersion: number }) | null> {
  const user = await db().user.findUnique({
    where: { email },
    select: { ...publicFields, sessionVersion: true, passwordHash: true },
  });
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user?.passwordHash || !valid) return null;
  if (needsRehash(user.passwordHash)) {
    await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

// The user a session token names, if the account still exists and the token is not outdated.
export async function sessionUser(id: string, sessionVersion: number): Promise<PublicUser | null> {
  const user = await memoizedUserRow(id);
  if (!user || user.sessionVersion !== sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name };
}

// The account's current session version, or null when the account is gone.
export async function currentSessionVersion(id: string): Promise<number | null> {
  const user = await memoizedUserRow(id);
  return user?.sessionVersion ?? null;
}

// The user row a request reads at most once when it runs inside a memo scope (see request-memo.ts):
// Auth.js's jwt callback, currentUser and the chat path's generation settings all need it.
// Every signed-in request reads it, so it is a raw statement (Prisma compiles each of its queries
// first).
export function memoizedUserRow(id: string): Promise<UserRow | null> {
  return memoized(`user:${id}`, async () => {
    const sql = sqlParameters();
    const rows = await rawSql().query<UserRow>(
      `SELECT "id", "email", "name", "sessionVersion", "generationSettings" FROM "User" WHERE "id" = ${sql.add(id)}`,
      sql.values,
    );
    return rows[0] ?? null;
  });
}

interface UserRow extends PublicUser {
  sessionVersion: number;
  generationSettings: string | null;
}

export async function userById(id: string): Promise<PublicUser | null> {
  return db().user.findUnique({ where: { id }, select: publicFields });
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
