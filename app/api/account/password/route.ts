// POST /api/account/password: change the password (needs the current one). Every other session
// ends; this browser's session is re-issued with the new session version.
import { changePassword } from "@/lib/accounts/account";
import { passwordChangeSchema } from "@/lib/accounts/schemas";
import { reissueSession } from "@/lib/auth";
import { env } from "@/lib/env";
import { readJson, requireUser, route } from "@/lib/http";
import { logger } from "@/lib/logger";
import { clientIp } from "@/lib/security/client-ip";

export const POST = route(async (request: Request) => {
  const user = await requireUser();
  const input = await readJson(request, passwordChangeSchema, 4 * 1024);
  const updated = await changePassword({ userId: user.id, ...input, ip: clientIp(request.headers, env().TRUST_PROXY) });
  await reissueSession(updated);
  logger.info("password changed; other sessions ended");
  return Response.json({ ok: true });
});
