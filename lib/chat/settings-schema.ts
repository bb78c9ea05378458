import { z } from "zod";
import { AppError, type FieldErrors } from "@/lib/errors";
import {
  GENERATION_SETTING_NAMES,
  inRange,
  settingRanges,
  type GenerationOverrides,
  type GenerationSettingName,
  type SettingRange,
} from "@/lib/phogpt/generation-settings";

// Validation of generation settings: strict for a request (every field in range, clear errors),
// lenient for what is stored (a value the server's limits no longer allow is dropped, not fatal).

// Field reason codes, translated by the settings panel.
export type SettingErrorCode = "not_a_number" | "out_of_range" | "unknown_setting";

function overridesSchema(maxTotalTokens: number) {
  const ranges = settingRanges(maxTotalTokens);
  const field = (name: GenerationSettingName) =>
    z
      .number({ error: "not_a_number" })
      .refine((value) => inRange(value, ranges[name]), { error: "out_of_range" })
      .nullish();
  return z.object(
    Object.fromEntries(GENERATION_SETTING_NAMES.map((name) => [name, field(name)])) as Record<
      GenerationSettingName,
      ReturnType<typeof field>
    >,
  );
}

/** A request's settings: absent or null fields are inherited. Throws a validation AppError naming each bad field. */
export function parseGenerationOverrides(input: unknown, maxTotalTokens: number): GenerationOverrides {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new AppError("validation", "Send the settings as a JSON object.");
  }
  const fields: FieldErrors = {};
  for (const key of Object.keys(input)) {
    if (!(GENERATION_SETTING_NAMES as readonly string[]).includes(key)) fields[key] = "unknown_setting";
  }
  const result = overridesSchema(maxTotalTokens).safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) fields[String(issue.path[0] ?? "body")] ??= issue.message;
  }
  const [firstField, firstCode] = Object.entries(fields)[0] ?? [];
  if (firstField !== undefined) {
    const ranges = settingRanges(maxTotalTokens);
    const message =
      firstCode === "unknown_setting"
        ? `${firstField} is not a generation setting (use ${GENERATION_SETTING_NAMES.join(", ")}).`
        : `${firstField} must be ${describeRange(ranges[firstField as GenerationSettingName])}.`;
    throw new AppError("validation", message, fields);
  }
  return compact(result.success ? result.data : {});
}

/**
 * Stored JSON (or null) → its valid overrides. The reply length is not checked against the
 * server's context here: mergeSettings caps it, so a smaller server shortens it instead of dropping it.
 */
export function parseStoredOverrides(json: string | null): GenerationOverrides {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof value !== "object" || value === null) return {};
  const ranges = settingRanges(Number.POSITIVE_INFINITY);
  const overrides: GenerationOverrides = {};
  for (const name of GENERATION_SETTING_NAMES) {
    const setting: unknown = (value as Record<string, unknown>)[name];
    if (typeof setting === "number" && inRange(setting, ranges[name])) overrides[name] = setting;
  }
  return overrides;
}

export function serializeOverrides(overrides: GenerationOverrides): string | null {
  const compacted = compact(overrides);
  return Object.keys(compacted).length === 0 ? null : JSON.stringify(compacted);
}

function compact(values: Partial<Record<GenerationSettingName, number | null | undefined>>): GenerationOverrides {
  const overrides: GenerationOverrides = {};
  for (const name of GENERATION_SETTING_NAMES) {
    const value = values[name];
    if (typeof value === "number") overrides[name] = value;
  }
  return overrides;
}

function describeRange(range: SettingRange): string {
  const kind = range.integer ? "a whole number" : "a number";
  const lower = range.minExclusive ? `greater than ${range.min}` : `from ${range.min}`;
  return range.minExclusive ? `${kind} ${lower} and at most ${range.max}` : `${kind} ${lower} to ${range.max}`;
}
