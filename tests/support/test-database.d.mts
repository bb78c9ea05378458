export function createTestDatabase(label?: string): Promise<{ kind: "sqlite" | "postgres"; url: string; drop(): Promise<void> }>;
