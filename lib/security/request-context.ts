import "server-only";
import { headers } from "next/headers";
import { withLogContext } from "@/lib/logger";
import { REQUEST_ID_HEADER } from "./request-id";

// For server actions and handlers outside `route()`: log lines inside carry the request id.
export async function withRequestLogContext<T>(action: () => Promise<T>): Promise<T> {
  const requestId = (await headers()).get(REQUEST_ID_HEADER) ?? undefined;
  return withLogContext({ requestId }, action);
}
