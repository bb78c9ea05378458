export const SERVER_NODE_OPTIONS: string;
export function withServerNodeOptions<Env extends Record<string, string | undefined>>(
  env: Env,
): Env & { NODE_OPTIONS: string };
