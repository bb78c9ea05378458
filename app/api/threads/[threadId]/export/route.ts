// GET /api/threads/:threadId/export?format=md|json: download one of the user's threads.
import { z } from "zod";
import { attachment, exportFileName, threadAsJson, threadAsMarkdown } from "@/lib/chat/export";
import { threadIdParam, type ThreadRouteContext } from "@/lib/chat/schemas";
import { threadWithMessagesForUser } from "@/lib/chat/threads";
import { AppError } from "@/lib/errors";
import { requireUser, route } from "@/lib/http";
import { getTranslator } from "@/lib/i18n/server";

const formatSchema = z.enum(["md", "json"]);

export const GET = route(async (request: Request, context: ThreadRouteContext) => {
  const format = formatSchema.safeParse(new URL(request.url).searchParams.get("format") ?? "md");
  if (!format.success) throw new AppError("validation", "format must be md or json.", { format: "invalid" });
  const user = await requireUser();
  const thread = await threadWithMessagesForUser({ threadId: await threadIdParam(context), userId: user.id });
  if (!thread) throw new AppError("not_found", "No such thread.");
  const headers = {
    "content-disposition": attachment(exportFileName(thread.title, format.data)),
    "cache-control": "no-store",
  };
  if (format.data === "json") {
    return Response.json(
      { format: "phogpt-chat.thread.v1", exportedAt: new Date().toISOString(), thread: threadAsJson(thread) },
      { headers },
    );
  }
  const { dictionary } = await getTranslator();
  return new Response(threadAsMarkdown(thread, dictionary, new Date()), {
    headers: { ...headers, "content-type": "text/markdown; charset=utf-8" },
  });
});
