// Small helpers the database-backed suites share.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** A user written straight to the database: no password hashing, for suites that never sign in. */
export async function newUser() {
  return db().user.create({
    data: { email: `${randomUUID()}@example.vn`, name: "Lan", passwordHash: "not-used" },
    select: { id: true },
  });
}

/** The AppError a promise rejects with (failing the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
