// POST /api/register: create an account (email, display name, password).
import { registrationSchema } from "@/lib/accounts/schemas";
import { registerUser } from "@/lib/accounts/users";
import { readJson, route } from "@/lib/http";

export const POST = route(async (request: Request) => {
  const input = await readJson(request, registrationSchema, 16 * 1024);
  const user = await registerUser(input);
  return Response.json({ user }, { status: 201 });
});
