"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { registrationSchema } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/users";
import { signIn } from "@/lib/auth";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { AuthField, AuthFormState } from "@/components/auth/form-state";
import { safeCallbackUrl } from "./callback-url";

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

// Returns only on failure: success ends in signIn's redirect, which must propagate.
async function signInOrError(email: string, password: string, redirectTo: string): Promise<string> {
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin) return "invalid_credentials";
    if (error instanceof AuthError) return "unknown";
    throw error;
  }
  return "unknown";
}

export async function signInAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const email = text(formData, "email");
  const redirectTo = safeCallbackUrl(formData.get("callbackUrl"));
  const error = await signInOrError(email, text(formData, "password"), redirectTo);
  return { error, values: { email } };
}

export async function registerAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const values = { email: text(formData, "email"), name: text(formData, "name") };
  const parsed = registrationSchema.safeParse({ ...values, password: text(formData, "password") });
  if (!parsed.success) {
    const fields: AuthFormState["fields"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "email" || field === "name" || field === "password") fields[field] ??= issue.message;
    }
    return { fields, values };
  }
  try {
    await registerUser(parsed.data);
  } catch (error) {
    if (isAppError(error) && error.fields) return { fields: pickAuthFields(error.fields), values };
    logger.error("registration failed", { error });
    return { error: "unknown", values };
  }
  const redirectTo = safeCallbackUrl(formData.get("callbackUrl"));
  const error = await signInOrError(parsed.data.email, parsed.data.password, redirectTo);
  return { error, values };
}

function pickAuthFields(fields: Record<string, string>): AuthFormState["fields"] {
  const picked: Partial<Record<AuthField, string>> = {};
  for (const field of ["email", "name", "password"] as const) {
    if (fields[field]) picked[field] = fields[field];
  }
  return picked;
}
