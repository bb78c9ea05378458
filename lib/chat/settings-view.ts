import "server-only";
import { modelServerLimits } from "@/lib/model-server";
import {
  mergeSettings,
  settingRanges,
  VINAI_GENERATION_SETTINGS,
  type SettingsView,
} from "@/lib/phogpt/generation-settings";
import { threadGenerationOverrides, userGenerationOverrides } from "./generation-settings";

// What the settings panel shows for one level: its own settings, the values it inherits where it
// sets none, and the allowed ranges (the reply length depends on the server's context).

export type { SettingsView } from "@/lib/phogpt/generation-settings";

const LIMITS_WAIT_MS = 1_000;

export async function maxTotalTokensNow(): Promise<number> {
  return (await modelServerLimits(LIMITS_WAIT_MS)).maxTotalTokens;
}

export async function userSettingsView(userId: string): Promise<SettingsView> {
  const [settings, maxTotalTokens] = await Promise.all([userGenerationOverrides(userId), maxTotalTokensNow()]);
  return { settings, inherited: VINAI_GENERATION_SETTINGS, ranges: settingRanges(maxTotalTokens) };
}

export async function threadSettingsView(ref: { threadId: string; userId: string }): Promise<SettingsView> {
  const [settings, userSettings, maxTotalTokens] = await Promise.all([
    threadGenerationOverrides(ref),
    userGenerationOverrides(ref.userId),
    maxTotalTokensNow(),
  ]);
  const inherited = mergeSettings(VINAI_GENERATION_SETTINGS, [userSettings], maxTotalTokens);
  return { settings, inherited, ranges: settingRanges(maxTotalTokens) };
}
