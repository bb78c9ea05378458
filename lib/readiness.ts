import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { modelServer } from "@/lib/model-server";

export interface DependencyCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  database: DependencyCheck & { provider: "sqlite" | "postgres" };
  modelServer: DependencyCheck & { modelId?: string; isEmulator?: boolean };
}

type Timed<T> = { ok: true; value: T; latencyMs: number } | { ok: false; latencyMs: number };

async function timed<T>(name: string, check: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    return { ok: true, value: await check(), latencyMs: latency() };
  } catch (error) {
    logger.warn("readiness check failed", { dependency: name, error });
    return { ok: false, latencyMs: latency() };
  }
}

// Reports the database and the model server separately: an orchestrator routes traffic only when both answer.
export async function checkReadiness(databaseUrl: string): Promise<Readiness> {
  const [database, model] = await Promise.all([
    timed("database", () => db().$queryRawUnsafe("SELECT 1")),
    timed("model server", () => modelServer().info(AbortSignal.timeout(3_000))),
  ]);
  const provider = databaseUrl.startsWith("file:") ? "sqlite" : "postgres";
  return {
    ready: database.ok && model.ok,
    database: database.ok
      ? { ok: true, latencyMs: database.latencyMs, provider }
      : { ok: false, latencyMs: database.latencyMs, provider, error: "database unreachable" },
    modelServer: model.ok
      ? { ok: true, latencyMs: model.latencyMs, modelId: model.value.modelId, isEmulator: model.value.isEmulator }
      : { ok: false, latencyMs: model.latencyMs, error: "model server unreachable" },
  };
}
