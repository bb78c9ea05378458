export const providers: Record<"sqlite" | "postgres", { provider: string; fallbackUrl: string }>;
export function renderSchema(name: "sqlite" | "postgres" | string): string;
export function writeSchemas(): void;
