// The JSON API as the end-to-end tests call it: the one error shape, and a reply kept generating.
import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";

/** An error answer: its status, JSON content type, code, a message, and the fields' reasons when given. */
export async function expectError(
  response: APIResponse,
  status: number,
  code: string,
  fields?: Record<string, string>,
) {
  expect(response.status(), await response.text()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  if (fields) expect(body.error.fields).toMatchObject(fields);
}

/**
 * Starts a slow reply (5 tokens/s) in a new thread and waits until its question and the reply
 * being generated are stored; `reply` is the streaming response.
 */
export async function startSlowReply(
  request: APIRequestContext,
): Promise<{ threadId: string; reply: Promise<APIResponse> }> {
  const threadId = randomUUID();
  const reply = request.post("/api/chat", {
    data: { trigger: "submit", threadId, text: "Trả lời thật chậm [[rate=5]] [[len=200]]" },
  });
  await expect
    .poll(async () => {
      const response = await request.get(`/api/threads/${threadId}`);
      return response.status() === 200
        ? ((await response.json()) as { thread: { messages: unknown[] } }).thread.messages.length
        : 0;
    })
    .toBe(2);
  return { threadId, reply };
}
