// GET /api/threads/:threadId/settings: the thread's own generation settings, with the values it
// inherits from the user's and the allowed ranges. PUT replaces them ({} inherits everything).
// Another user's thread is not found.
import { z } from "zod";
import { saveThreadGenerationOverrides } from "@/lib/chat/generation-settings";
import { threadIdParam, type ThreadRouteContext as Context } from "@/lib/chat/schemas";
import { parseGenerationOverrides } from "@/lib/chat/settings-schema";
import { maxTotalTokensNow, threadSettingsView } from "@/lib/chat/settings-view";
import { readJson, requireUser, route } from "@/lib/http";

export const GET = route(async (_request: Request, context: Context) => {
  const user = await requireUser();
  const threadId = await threadIdParam(context);
  return Response.json(await threadSettingsView({ threadId, userId: user.id }));
});

export const PUT = route(async (request: Request, context: Context) => {
  const user = await requireUser();
  const threadId = await threadIdParam(context);
  const body = await readJson(request, z.unknown());
  const overrides = parseGenerationOverrides(body, await maxTotalTokensNow());
  await saveThreadGenerationOverrides({ threadId, userId: user.id }, overrides);
  return Response.json(await threadSettingsView({ threadId, userId: user.id }));
});
