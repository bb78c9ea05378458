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
  name: z
    .string({ error: "name_required" })
    .trim()
    .min(1, { error: "name_required" })
    .max(80, { error: "name_too_long" }),
  password: passwordSchema,
});

export type Registration = z.infer<typeof registrationSchema>;

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(256),
});
