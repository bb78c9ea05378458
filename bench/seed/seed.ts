// Seeds a migrated database through Prisma (the app's own generated clients) with the
// deterministic data of data.ts: users, then threads, then messages in thread order.
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { hash } from "@node-rs/argon2";
import { PrismaClient as SqliteClient, type Prisma } from "../../lib/generated/prisma-sqlite/client.ts";
import { PrismaClient as PostgresClient } from "../../lib/generated/prisma-postgres/client.ts";
import {
  evenShare,
  longReply,
  question,
  seedId,
  seededRandom,
  seedUserEmail,
  SEED_PASSWORD,
  shortReply,
  type SeedSpec,
} from "./data.ts";
import { foldVietnamese } from "../../lib/text/fold.ts";

export type DatabaseKind = "sqlite" | "postgres";

// Both generated clients expose the same model API (as in lib/db.ts).
type Db = SqliteClient;

// Rows per createMany call; Prisma splits further by the driver's bind-parameter limit.
const BATCH_ROWS = 1_000;
// createMany calls per transaction.
const BATCHES_PER_TRANSACTION = 10;
const EPOCH = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;

// The same adapters as lib/db.ts (which is server-only and cannot be imported here).
export function openDb(kind: DatabaseKind, url: string): Db {
  if (kind === "sqlite") return new SqliteClient({ adapter: new PrismaLibSQL({ url }) });
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
}

// Mirrors lib/password.ts (argon2id, 19 MiB, t=3) so signing in costs what it costs in production.
function passwordHash(): Promise<string> {
  return hash(SEED_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 3, parallelism: 1 });
}

export async function seedDatabase(kind: DatabaseKind, url: string, spec: SeedSpec): Promise<void> {
  const db = openDb(kind, url);
  try {
    await seedUsers(db, spec);
    await seedThreads(db, spec);
    await seedMessages(db, spec);
    // PostgreSQL's autovacuum would gather statistics and flush GIN pending lists (the search index)
    // on a live database; do it now so plans and index scans are settled.
    if (kind === "postgres") await db.$executeRawUnsafe("VACUUM ANALYZE");
  } finally {
    await db.$disconnect();
  }
}

/** Seeds `count` users only (the streaming run), all with SEED_PASSWORD. */
export async function seedUsersOnly(kind: DatabaseKind, url: string, count: number): Promise<void> {
  const db = openDb(kind, url);
  try {
    await seedUsers(db, { users: count, threads: 0, messages: 0, longThreads: 0, longThreadMessages: 0 });
  } finally {
    await db.$disconnect();
  }
}

async function seedUsers(db: Db, spec: SeedSpec): Promise<void> {
  const passwordHashValue = await passwordHash();
  const rows = Array.from({ length: spec.users }, (_, index) => ({
    id: seedId("user", index),
    email: seedUserEmail(index),
    name: `Người dùng ${index}`,
    passwordHash: passwordHashValue,
    createdAt: new Date(EPOCH),
  }));
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    await db.user.createMany({ data: rows.slice(start, start + BATCH_ROWS) });
  }
}

/** Threads are spread evenly over users; the first `longThreads` belong to user 0 (the bench user). */
function threadOwner(index: number, spec: SeedSpec): number {
  const perUser = spec.threads / spec.users;
  return Math.min(spec.users - 1, Math.floor(index / perUser));
}

function messageCount(index: number, spec: SeedSpec): number {
  if (index < spec.longThreads) return spec.longThreadMessages;
  const rest = spec.messages - spec.longThreads * spec.longThreadMessages;
  return evenShare(index - spec.longThreads, spec.threads - spec.longThreads, rest);
}

async function seedThreads(db: Db, spec: SeedSpec): Promise<void> {
  const random = seededRandom(1);
  let batch: Prisma.ThreadCreateManyInput[] = [];
  for (let index = 0; index < spec.threads; index++) {
    const createdAt = new Date(EPOCH + index * MINUTE);
    const title = question(random).slice(0, 80);
    batch.push({
      id: seedId("thread", index),
      userId: seedId("user", threadOwner(index, spec)),
      title,
      // Search's folded copies, as the app's client writes them (lib/search/folding.ts).
      titleFolded: foldVietnamese(title),
      createdAt,
      // Activity spread over the year, so a user's newest threads are not simply their last created.
      lastActivityAt: new Date(EPOCH + Math.floor(random() * 365 * 24 * 60) * MINUTE),
    });
    if (batch.length === BATCH_ROWS * BATCHES_PER_TRANSACTION) {
      await insertInTransaction(db, batch, (tx, data) => tx.thread.createMany({ data }));
      batch = [];
    }
  }
  if (batch.length > 0) await insertInTransaction(db, batch, (tx, data) => tx.thread.createMany({ data }));
}

async function seedMessages(db: Db, spec: SeedSpec): Promise<void> {
  const random = seededRandom(2);
  let messageIndex = 0;
  let batch: Prisma.MessageCreateManyInput[] = [];
  for (let thread = 0; thread < spec.threads; thread++) {
    const count = messageCount(thread, spec);
    const long = thread < spec.longThreads;
    const start = EPOCH + thread * MINUTE;
    for (let position = 0; position < count; position++) {
      const role = position % 2 === 0 ? "user" : "assistant";
      const at = new Date(start + position * 30_000);
      const content = role === "user" ? question(random) : long ? longReply(random) : shortReply(random);
      batch.push({
        id: seedId("message", messageIndex),
        threadId: seedId("thread", thread),
        // One branch per thread: each message follows the one before it.
        parentId: position === 0 ? null : seedId("message", messageIndex - 1),
        position,
        role,
        content,
        contentFolded: foldVietnamese(content),
        status: "complete",
        finishReason: role === "user" ? null : "stop",
        createdAt: at,
        updatedAt: at,
      });
      messageIndex++;
    }
    if (batch.length >= BATCH_ROWS * BATCHES_PER_TRANSACTION) {
      await insertInTransaction(db, batch, (tx, data) => tx.message.createMany({ data }));
      batch = [];
    }
  }
  if (batch.length > 0) await insertInTransaction(db, batch, (tx, data) => tx.message.createMany({ data }));
}

// One transaction per ~50k rows: one commit each instead of one per statement.
async function insertInTransaction<Row>(
  db: Db,
  rows: Row[],
  insert: (tx: Prisma.TransactionClient, data: Row[]) => Promise<unknown>,
): Promise<void> {
  await db.$transaction(
    async (tx) => {
      for (let start = 0; start < rows.length; start += BATCH_ROWS)
        await insert(tx, rows.slice(start, start + BATCH_ROWS));
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}
