// GET /api/settings: the user's generation settings (defaults for all their threads), with the
// values they inherit and the allowed ranges. PUT replaces them; absent or null fields are
// inherited, so {} resets to VinAI's defaults.
import { z } from "zod";
import { saveUserGenerationOverrides } from "@/lib/chat/generation-settings";
import { parseGenerationOverrides } from "@/lib/chat/settings-schema";
import { maxTotalTokensNow, userSettingsView } from "@/lib/chat/settings-view";
import { readJson, requireUser, route } from "@/lib/http";

export const GET = route(async () => {
  const user = await requireUser();
  return Response.json(await userSettingsView(user.id));
});

export const PUT = route(async (request: Request) => {
  const user = await requireUser();
  const body = await readJson(request, z.unknown());
  const overrides = parseGenerationOverrides(body, await maxTotalTokensNow());
  await saveUserGenerationOverrides(user.id, overrides);
  return Response.json(await userSettingsView(user.id));
});
