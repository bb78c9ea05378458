// Request bodies as TGI's serde types accept them: unknown fields ignored, `Option` fields nullable.

import { z } from "zod";

const u32 = z.number().int().min(0).max(4_294_967_295);
const usize = z.number().int().min(0);
const u64 = z.number().int().min(0);
const i32 = z.number().int().min(-2_147_483_648).max(2_147_483_647);
const f32 = z.number();

export const generateParametersSchema = z.object({
  best_of: usize.nullish(),
  temperature: f32.nullish(),
  repetition_penalty: f32.nullish(),
  frequency_penalty: f32.nullish(),
  top_k: i32.nullish(),
  top_p: f32.nullish(),
  typical_p: f32.nullish(),
  do_sample: z.boolean().default(false),
  max_new_tokens: u32.nullish(),
  return_full_text: z.boolean().nullish(),
  stop: z.array(z.string()).default([]),
  truncate: usize.nullish(),
  watermark: z.boolean().default(false),
  details: z.boolean().default(false),
  decoder_input_details: z.boolean().default(false),
  seed: u64.nullish(),
  top_n_tokens: u32.nullish(),
  grammar: z.unknown().optional(),
  adapter_id: z.string().nullish(),
});

export type GenerateParameters = z.infer<typeof generateParametersSchema>;

export const generateRequestSchema = z.object({
  inputs: z.string(),
  parameters: generateParametersSchema.default(() => generateParametersSchema.parse({})),
  add_special_tokens: z.boolean().default(true),
});

export type GenerateRequest = z.infer<typeof generateRequestSchema>;

export const compatGenerateRequestSchema = generateRequestSchema.extend({
  stream: z.boolean().default(false),
});

// TGI's Prompt accepts a string or a non-empty array of strings.
const promptSchema = z.union([
  z.string().transform((s) => [s]),
  z.array(z.string()).min(1, "Empty array detected. Do not use an empty array for the prompt."),
]);

export const completionRequestSchema = z.object({
  model: z.string().nullish(),
  prompt: promptSchema,
  frequency_penalty: f32.nullish(),
  max_tokens: u32.nullish(),
  repetition_penalty: f32.nullish(),
  seed: u64.nullish(),
  stop: z.array(z.string()).nullish(),
  stream: z.boolean().default(false),
  suffix: z.string().nullish(),
  temperature: f32.nullish(),
  top_p: f32.nullish(),
});

export type CompletionRequest = z.infer<typeof completionRequestSchema>;

/** serde-like wording for the first problem, after axum's "Failed to deserialize ..." prefix. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid body";
  const where = issue.path.join(".");
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return `missing field \`${String(issue.path.at(-1) ?? "")}\``;
  }
  return where === "" ? issue.message : `${where}: ${issue.message}`;
}
