import { z } from "zod";

// Reason codes are dictionary keys under `auth.error.*`, shown next to the field.
export const emailSchema = z
  .string({ error: "email_invalid" })
  .trim()
  .toLowerCase()
  .max(254, { error: "email_invalid" })
  .pipe(z.email({ error: "email_invalid" }));

export const passwordSchema = z
  .string({ error: "password_too_short" })
  .min(8, { error: "password_too_short" })
  .max(256, { error: "password_too_long" });

export const registrationSchema = z.object({
  email: emailSchema,
  name: z.lazy(() => displayNameSchema),
  password: passwordSchema,
});

export type Registration = z.infer<typeof registrationSchema>;

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(256),
});

// Display names are shown to their owner only, always as text; control characters are refused.
export const displayNameSchema = z
  .string({ error: "name_required" })
  .trim()
  .min(1, { error: "name_required" })
  .max(80, { error: "name_too_long" })
  .refine((name) => !/[\p{Cc}\p{Cf}]/u.test(name.replace(/[\u200C\u200D]/g, "")), { error: "name_invalid" });

export const profileUpdateSchema = z.object({ name: displayNameSchema });

export const passwordChangeSchema = z.object({
  currentPassword: z.string({ error: "password_required" }).max(256, { error: "password_too_long" }),
  newPassword: passwordSchema,
});

// Deleting needs the password, or for an account without one (OpenID Connect) the typed word
// (confirmation-words.ts).
export const accountDeletionSchema = z.object({
  password: z.string().max(256, { error: "password_too_long" }).optional(),
  confirmation: z.string().max(20).optional(),
});

export const passwordResetRequestSchema = z.object({ email: emailSchema });

export const passwordResetSchema = z.object({
  token: z.string({ error: "reset_invalid" }).regex(/^[A-Za-z0-9_-]{32,128}$/, { error: "reset_invalid" }),
  password: passwordSchema,
});
