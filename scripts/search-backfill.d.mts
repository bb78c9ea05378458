export function backfillSearchText(url: string, provider: "sqlite" | "postgres"): Promise<number>;
