// Generation settings a user chooses (defaults for all their threads) and a thread overrides.
// Shared by the server (validation, the model call) and the settings panel (ranges, defaults).

export const GENERATION_SETTING_NAMES = ["temperature", "topP", "topK", "repetitionPenalty", "maxReplyTokens"] as const;

export type GenerationSettingName = (typeof GENERATION_SETTING_NAMES)[number];
export type GenerationSettings = Record<GenerationSettingName, number>;
/** What one level (a user's defaults, a thread) sets; the rest is inherited. */
export type GenerationOverrides = Partial<GenerationSettings>;

/** VinAI's README settings (do_sample, temperature 1.0, top_k 50, top_p 0.9, max_new_tokens 1024); repetition penalty 1.0 is TGI's "off". */
export const VINAI_GENERATION_SETTINGS: GenerationSettings = {
  temperature: 1.0,
  topP: 0.9,
  topK: 50,
  repetitionPenalty: 1.0,
  maxReplyTokens: 1024,
};

export interface SettingRange {
  min: number;
  max: number;
  /** `min` itself is not allowed (top_p must be > 0). */
  minExclusive?: boolean;
  integer?: boolean;
}

export const MIN_REPLY_LENGTH = 16;
/** Room a maximum reply length must leave in the context for the question. */
export const MIN_PROMPT_TOKENS = 256;

export function maxReplyLengthLimit(maxTotalTokens: number): number {
  return Math.max(MIN_REPLY_LENGTH, maxTotalTokens - MIN_PROMPT_TOKENS);
}

export function settingRanges(maxTotalTokens: number): Record<GenerationSettingName, SettingRange> {
  return {
    temperature: { min: 0, max: 2 },
    topP: { min: 0, max: 1, minExclusive: true },
    topK: { min: 1, max: 100, integer: true },
    repetitionPenalty: { min: 1, max: 2 },
    maxReplyTokens: { min: MIN_REPLY_LENGTH, max: maxReplyLengthLimit(maxTotalTokens), integer: true },
  };
}

/** What the settings panel shows for one level: its own settings, what it inherits, the allowed ranges. */
export interface SettingsView {
  settings: GenerationOverrides;
  inherited: GenerationSettings;
  ranges: Record<GenerationSettingName, SettingRange>;
}

export function inRange(value: number, range: SettingRange): boolean {
  if (!Number.isFinite(value) || (range.integer && !Number.isInteger(value))) return false;
  return (range.minExclusive ? value > range.min : value >= range.min) && value <= range.max;
}

/** `base` with each layer's settings on top, in order; the reply length capped by the server's context. */
export function mergeSettings(
  base: GenerationSettings,
  layers: readonly GenerationOverrides[],
  maxTotalTokens: number,
): GenerationSettings {
  const merged = { ...base };
  for (const layer of layers) {
    for (const name of GENERATION_SETTING_NAMES) {
      const value = layer[name];
      if (value !== undefined) merged[name] = value;
    }
  }
  merged.maxReplyTokens = Math.min(merged.maxReplyTokens, maxReplyLengthLimit(maxTotalTokens));
  return merged;
}
