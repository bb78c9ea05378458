import "server-only";
import { modelServer } from "@/lib/model-server";

export type ModelServerStatus = { reachable: true; modelId: string; isEmulator: boolean } | { reachable: false };

export async function modelServerStatus(): Promise<ModelServerStatus> {
  try {
    const info = await modelServer().info(AbortSignal.timeout(3_000));
    return { reachable: true, modelId: info.modelId, isEmulator: info.isEmulator };
  } catch {
    return { reachable: false };
  }
}
