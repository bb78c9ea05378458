import { z } from "zod";
import { AppError, type FieldErrors } from "@/lib/errors";
import { SEARCH_QUERY_MAX_CHARS } from "./query";

// Reason codes are dictionary keys under `search.error.*`.
const schema = z.object({
  q: z
    .string({ error: "query_empty" })
    .trim()
    .min(1, { error: "query_empty" })
    .max(SEARCH_QUERY_MAX_CHARS, { error: "query_too_long" }),
  cursor: z.string().max(512, { error: "invalid_cursor" }).nullish(),
});

export type SearchParams = z.infer<typeof schema>;

/** The search's query-string parameters, or a 400 naming the field. */
export function parseSearchParams(params: URLSearchParams): SearchParams {
  const result = schema.safeParse({ q: params.get("q") ?? undefined, cursor: params.get("cursor") });
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) fields[String(issue.path[0] ?? "q")] ??= issue.message;
  throw new AppError("bad_request", "The search needs a query of 1 to 200 characters.", fields);
}
