import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { withLogContext } from "@/lib/logger";
import { REQUEST_ID_HEADER } from "@/lib/security/request-id";

// Auth.js's handlers, with the request id on every log line they cause (sign-in events).
function withRequestId(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest) =>
    withLogContext({ requestId: request.headers.get(REQUEST_ID_HEADER) ?? undefined }, () => handler(request));
}

export const GET = withRequestId(handlers.GET);
export const POST = withRequestId(handlers.POST);
