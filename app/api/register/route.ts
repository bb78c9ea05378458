// POST /api/register: create an account (email, display name, password). Limited per client IP.
import { registrationSchema } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/users";
import { env } from "@/lib/env";
import { readJson, route } from "@/lib/http";
import { assertRegistrationAllowed } from "@/lib/rate-limit/limits";
import { clientIp } from "@/lib/security/client-ip";

export const POST = route(async (request: Request) => {
  const input = await readJson(request, registrationSchema, 16 * 1024);
  await assertRegistrationAllowed(clientIp(request.headers, env().TRUST_PROXY));
  const user = await registerUser(input);
  return Response.json({ user }, { status: 201 });
});
