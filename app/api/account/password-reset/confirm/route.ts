// POST /api/account/password-reset/confirm: set a new password with a reset link's token.
// The token works once; every existing session of the account ends.
import { passwordResetEnabled, resetPassword } from "@/lib/accounts/password-reset";
import { passwordResetSchema } from "@/lib/accounts/schemas";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http";

export const POST = route(async (request: Request) => {
  if (!passwordResetEnabled()) throw new AppError("not_found", "Password reset is not available.");
  const input = await readJson(request, passwordResetSchema, 4 * 1024);
  await resetPassword(input);
  return Response.json({ ok: true });
});
