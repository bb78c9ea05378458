// Vitest: one migrated database for the run, handed to the test processes through DATABASE_URL.
import { createTestDatabase } from "./test-database.mjs";

export default async function setup() {
  const database = await createTestDatabase("unit");
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
  return () => database.drop();
}
