// Prisma CLI configuration: the provider comes from PRISMA_PROVIDER (sqlite | postgres),
// set by scripts/setup.mjs; driver adapters and the JS schema engine keep it offline.
import path from "node:path";
import type { PrismaConfig } from "prisma";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";

const provider = process.env.PRISMA_PROVIDER === "postgres" ? "postgres" : "sqlite";
const url = process.env.DATABASE_URL ?? "file:./data/phogpt-chat.db";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    return provider === "postgres" ? new PrismaPg({ connectionString: url }) : new PrismaLibSQL({ url });
  },
} satisfies PrismaConfig;
