// GET /api/account: the signed-in user's account. PATCH: change the display name.
// DELETE: delete the account and everything in it (needs the password, or the typed word).
import { cookies } from "next/headers";
import { accountDetails, changeDisplayName, deleteAccount } from "@/lib/accounts/account";
import { accountDeletionSchema, profileUpdateSchema } from "@/lib/accounts/schemas";
import { env } from "@/lib/env";
import { readJson, requireUser, route } from "@/lib/http";
import { logger } from "@/lib/logger";
import { clientIp } from "@/lib/security/client-ip";
import { sessionCookieName } from "@/lib/security/cookies";

export const GET = route(async () => {
  const user = await requireUser();
  return Response.json({ account: await accountDetails(user.id) }, { headers: { "cache-control": "no-store" } });
});

export const PATCH = route(async (request: Request) => {
  const user = await requireUser();
  const input = await readJson(request, profileUpdateSchema, 4 * 1024);
  return Response.json({ user: await changeDisplayName({ userId: user.id, name: input.name }) });
});

export const DELETE = route(async (request: Request) => {
  const user = await requireUser();
  const input = await readJson(request, accountDeletionSchema, 4 * 1024);
  await deleteAccount({ userId: user.id, ...input, ip: clientIp(request.headers, env().TRUST_PROXY) });
  (await cookies()).delete(sessionCookieName());
  logger.info("account deleted");
  return new Response(null, { status: 204 });
});
