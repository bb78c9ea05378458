export type TestDatabaseKind = "sqlite" | "postgres";
export function createTestDatabase(
  label?: string,
  kind?: TestDatabaseKind,
): Promise<{ kind: TestDatabaseKind; url: string; drop(): Promise<void> }>;
