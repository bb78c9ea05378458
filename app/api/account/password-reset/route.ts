// POST /api/account/password-reset: email a single-use reset link. Answers 202 whether or not
// the address has an account. 404 when mail is not configured (SMTP_URL unset).
import { passwordResetEnabled, requestPasswordReset } from "@/lib/accounts/password-reset";
import { passwordResetRequestSchema } from "@/lib/accounts/schemas";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http";
import { getTranslator } from "@/lib/i18n/server";
import { assertPasswordResetAllowed } from "@/lib/rate-limit/limits";
import { clientIp } from "@/lib/security/client-ip";

export const POST = route(async (request: Request) => {
  if (!passwordResetEnabled()) throw new AppError("not_found", "Password reset is not available.");
  const { email } = await readJson(request, passwordResetRequestSchema, 4 * 1024);
  await assertPasswordResetAllowed(clientIp(request.headers, env().TRUST_PROXY), email);
  const { t } = await getTranslator();
  await requestPasswordReset({
    email,
    origin: env().AUTH_URL ? new URL(env().AUTH_URL ?? "").origin : new URL(request.url).origin,
    mail: {
      subject: t("reset.mail.subject"),
      body: (link, minutes) => t("reset.mail.body", { link, minutes }),
    },
  });
  return Response.json({ ok: true }, { status: 202 });
});
