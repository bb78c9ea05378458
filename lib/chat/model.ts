import "server-only";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { modelServer } from "@/lib/model-server";
import { createPhoGptLanguageModel } from "@/lib/phogpt/language-model";

let model: LanguageModelV4 | undefined;

// The one PhoGPT language model of this process, talking to INFERENCE_URL.
export function phogptModel(): LanguageModelV4 {
  model ??= createPhoGptLanguageModel({ server: modelServer() });
  return model;
}
