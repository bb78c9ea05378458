import { foldVietnamese } from "@/lib/text/fold";

// Search reads folded copies of thread titles and message texts (contentFolded, titleFolded), which
// the database indexes. They are written here, in one place for every writer: the Prisma client of
// lib/db.ts runs each thread and message write through `withFoldedText`, so creating, renaming,
// editing or finishing a message keeps its folded copy current without the caller knowing.
// Streaming progress (status "streaming", saved every second) is the one exception: a reply is
// indexed when it ends (its outcome write), not re-indexed with every second of its text. Raw
// statements (lib/db-sql.ts) do not pass through the client: the ones that write a title or a text
// (lib/chat/turn-writes.ts) fold it themselves.

interface FoldedField {
  source: string;
  target: string;
}

export const FOLDED_FIELDS = {
  message: { source: "content", target: "contentFolded" },
  thread: { source: "title", target: "titleFolded" },
} as const satisfies Record<string, FoldedField>;

type Row = Record<string, unknown>;

function isRow(value: unknown): value is Row {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Prisma accepts a field's new value as itself or as `{ set: value }`.
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isRow(value) && typeof value.set === "string") return value.set;
  return undefined;
}

function foldRow(row: unknown, field: FoldedField): unknown {
  if (!isRow(row)) return row;
  let next: Row = row;
  const text = textOf(row[field.source]);
  if (text !== undefined && row.status !== "streaming") next = { ...next, [field.target]: foldVietnamese(text) };
  // A thread created together with its messages.
  if (field === FOLDED_FIELDS.thread && isRow(row.messages)) {
    next = { ...next, messages: foldNestedMessages(row.messages) };
  }
  return next;
}

function foldRows(value: unknown, field: FoldedField): unknown {
  return Array.isArray(value) ? value.map((row) => foldRow(row, field)) : foldRow(value, field);
}

function foldNestedMessages(writes: Row): Row {
  const next: Row = { ...writes };
  if ("create" in writes) next.create = foldRows(writes.create, FOLDED_FIELDS.message);
  if (isRow(writes.createMany)) {
    next.createMany = { ...writes.createMany, data: foldRows(writes.createMany.data, FOLDED_FIELDS.message) };
  }
  return next;
}

/** A write's arguments with the folded copy of each written title or text added beside it. */
export function withFoldedText<Args>(args: Args, model: keyof typeof FOLDED_FIELDS): Args {
  if (!isRow(args)) return args;
  const field = FOLDED_FIELDS[model];
  const next: Row = { ...args };
  for (const key of ["data", "create", "update"] as const) {
    if (key in args) next[key] = foldRows(args[key], field);
  }
  return next as Args;
}
