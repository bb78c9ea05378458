// Seeds a migrated database through Prisma (the app's own generated clients) with the
// deterministic data of data.ts: users, then threads, then messages in thread order.
//
// Threads and messages go in as multi-row INSERTs through the client's raw statements, in its
// transactions: createMany hands every row of a batch to Prisma's query compiler, which cost 3–4
// times the CPU of the insert itself (~0.3 ms a row here), and a cold seed was most of a bench run.
// The rows are the same typed inputs createMany takes, and each value is written as the app's
// client writes it (a DateTime on SQLite as ISO 8601 with "+00:00", lib/db-sql.ts).
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

// Rows per INSERT (11 values a message: within SQLite's 32,766 and PostgreSQL's 65,535 parameters).
const BATCH_ROWS = 1_000;
// INSERTs per transaction.
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
    await seedThreads(db, kind, spec);
    await seedMessages(db, kind, spec);
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

type ThreadRow = Prisma.ThreadCreateManyInput & { createdAt: Date; updatedAt: Date; lastActivityAt: Date };
type MessageRow = Prisma.MessageCreateManyInput & { createdAt: Date; updatedAt: Date };

const THREAD_COLUMNS = ["id", "userId", "title", "titleFolded", "createdAt", "updatedAt", "lastActivityAt"] as const;
const MESSAGE_COLUMNS = [
  "id",
  "threadId",
  "parentId",
  "position",
  "role",
  "content",
  "contentFolded",
  "status",
  "finishReason",
  "createdAt",
  "updatedAt",
] as const;

async function seedThreads(db: Db, kind: DatabaseKind, spec: SeedSpec): Promise<void> {
  const random = seededRandom(1);
  const insert = rowInserter<ThreadRow>(kind, "Thread", THREAD_COLUMNS);
  let batch: ThreadRow[] = [];
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
      updatedAt: createdAt,
      // Activity spread over the year, so a user's newest threads are not simply their last created.
      lastActivityAt: new Date(EPOCH + Math.floor(random() * 365 * 24 * 60) * MINUTE),
    });
    if (batch.length === BATCH_ROWS * BATCHES_PER_TRANSACTION) {
      await insertInTransaction(db, batch, insert);
      batch = [];
    }
  }
  if (batch.length > 0) await insertInTransaction(db, batch, insert);
}

async function seedMessages(db: Db, kind: DatabaseKind, spec: SeedSpec): Promise<void> {
  const random = seededRandom(2);
  const insert = rowInserter<MessageRow>(kind, "Message", MESSAGE_COLUMNS);
  let messageIndex = 0;
  let batch: MessageRow[] = [];
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
      await insertInTransaction(db, batch, insert);
      batch = [];
    }
  }
  if (batch.length > 0) await insertInTransaction(db, batch, insert);
}

type Inserter<Row> = (tx: Prisma.TransactionClient, rows: Row[]) => Promise<unknown>;

/** One INSERT of many rows: placeholders ? on SQLite, $n on PostgreSQL; a value left undefined is NULL. */
function rowInserter<Row extends Record<string, unknown>>(
  kind: DatabaseKind,
  table: string,
  columns: readonly (keyof Row & string)[],
): Inserter<Row> {
  const head = `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES `;
  const written = (value: unknown) =>
    value instanceof Date && kind === "sqlite" ? value.toISOString().replace("Z", "+00:00") : (value ?? null);
  return (tx, rows) => {
    const values: unknown[] = [];
    const tuples = rows.map((row) => {
      const placeholders = columns.map((column) => {
        values.push(written(row[column]));
        return kind === "sqlite" ? "?" : `$${values.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    return tx.$executeRawUnsafe(head + tuples.join(", "), ...values);
  };
}

// One transaction per 10,000 rows: one commit each instead of one per statement.
async function insertInTransaction<Row>(db: Db, rows: Row[], insert: Inserter<Row>): Promise<void> {
  await db.$transaction(
    async (tx) => {
      for (let start = 0; start < rows.length; start += BATCH_ROWS)
        await insert(tx, rows.slice(start, start + BATCH_ROWS));
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}
