// The @huggingface/inference client (4.13.30) the app uses, against the emulator (tgi/FACTS.md, last section).

import { InferenceClient, InferenceClientProviderApiError } from "@huggingface/inference";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./server.ts";
import { chatPrompt } from "./testing/prompts.ts";

let emu: Emulator;
let client: InferenceClient;
beforeAll(async () => {
  emu = await startEmulator({ tokensPerSecond: 0, apiKey: "hf_test_key" });
  client = new InferenceClient("hf_test_key", { endpointUrl: emu.url });
});
afterAll(() => emu.close());

const STOP = "\n### Câu hỏi:";
const parameters = {
  max_new_tokens: 300,
  temperature: 1,
  top_p: 0.9,
  top_k: 50,
  repetition_penalty: 1.1,
  stop: [STOP],
  details: true,
};

/** What actually arrives: OpenAI completion chunks, whatever the client's types promise. */
interface CompletionChunk {
  object: string;
  choices: { index: number; text: string; finish_reason: string }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

describe("InferenceClient.textGenerationStream against the emulator", () => {
  it("posts to /v1/completions with the bearer token and yields OpenAI completion chunks", async () => {
    await emu.reset();
    const prompt = chatPrompt([{ question: "Xin chào", answer: "Chào bạn!" }, { question: "Bạn là ai?" }]);
    const chunks: CompletionChunk[] = [];
    for await (const output of client.textGenerationStream({ inputs: prompt, parameters }, { retry_on_error: false })) {
      chunks.push(output as unknown as CompletionChunk);
    }
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.every((c) => c.object === "text_completion")).toBe(true);
    const last = chunks.at(-1);
    expect(last?.choices[0]?.finish_reason).toBe("eos_token");
    expect(last?.usage?.completion_tokens).toBe(chunks.length);
    const text = chunks.map((c) => c.choices[0]?.text ?? "").join("");
    expect(text.startsWith(" Bạn hỏi: «Bạn là ai?»")).toBe(true);
    expect(text).toContain("lượt thứ 2");

    const [record] = emu.state().requests;
    expect(record?.route).toBe("/v1/completions");
    expect(record?.prompt).toBe(prompt);
    expect(record?.parameters).toMatchObject({
      max_new_tokens: 300,
      top_p: 0.9,
      repetition_penalty: 1.1,
      stop: [STOP],
    });
  });

  it("stops at the stop string and keeps it, for the app to strip", async () => {
    let text = "";
    let finishReason = "";
    for await (const output of client.textGenerationStream(
      { inputs: chatPrompt([{ question: "[[echo-stop]] Tiếp đi" }]), parameters },
      { retry_on_error: false },
    )) {
      const chunk = output as unknown as CompletionChunk;
      text += chunk.choices[0]?.text ?? "";
      finishReason = chunk.choices[0]?.finish_reason ?? "";
    }
    expect(finishReason).toBe("stop_sequence");
    expect(text.endsWith(STOP)).toBe(true);
  });

  it("throws InferenceClientProviderApiError with HTTP status 200 for an in-stream error", async () => {
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const output of client.textGenerationStream(
          { inputs: chatPrompt([{ question: "[[fail-after=2]]" }]), parameters },
          { retry_on_error: false },
        )) {
          seen.push((output as unknown as CompletionChunk).choices[0]?.text ?? "");
        }
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(InferenceClientProviderApiError);
    const apiError = error as InferenceClientProviderApiError;
    expect(apiError.httpResponse.status).toBe(200);
    expect(apiError.httpResponse.body).toEqual({
      error: { message: expect.stringMatching(/^Request failed during generation: /), http_status_code: 422 },
    });
  });

  it("throws with status 401 when the key is wrong", async () => {
    const stranger = new InferenceClient("wrong", { endpointUrl: emu.url });
    const attempt = async () => {
      for await (const _ of stranger.textGenerationStream({ inputs: "x", parameters }, { retry_on_error: false })) {
        // Nothing should arrive.
      }
    };
    await expect(attempt()).rejects.toMatchObject({ httpResponse: { status: 401 } });
  });

  it("textGeneration (non-streaming) reads choices[0].text", async () => {
    const output = await client.textGeneration(
      { inputs: chatPrompt([{ question: "[[say=Tiêu đề]]" }]), parameters },
      { retry_on_error: false },
    );
    expect(output.generated_text).toBe(" Tiêu đề");
  });
});
