// After migrating: fold the thread titles and message texts that have no folded copy yet (rows
// written before the search migration, or by an older app version during a rolling upgrade), so all
// existing data is searchable. Batched and idempotent; the folding is the app's own.

const BATCH_ROWS = 500;

const TARGETS = [
  { table: "Thread", source: "title", target: "titleFolded" },
  { table: "Message", source: "content", target: "contentFolded" },
];

async function backfillTable(database, { table, source, target }, foldVietnamese) {
  let total = 0;
  for (;;) {
    const rows = await database.select(
      `SELECT "id", "${source}" AS "text" FROM "${table}" WHERE "${target}" IS NULL LIMIT ${BATCH_ROWS}`,
    );
    if (rows.length === 0) return total;
    await database.updateAll(
      { table, target },
      rows.map((row) => ({ id: String(row.id), folded: foldVietnamese(String(row.text)) })),
    );
    total += rows.length;
  }
}

function sqliteDatabase(url) {
  return import("@libsql/client").then(({ createClient }) => {
    const client = createClient({ url });
    return {
      select: async (sql) => (await client.execute(sql)).rows,
      updateAll: ({ table, target }, rows) =>
        client.batch(
          rows.map(({ id, folded }) => ({
            sql: `UPDATE "${table}" SET "${target}" = ? WHERE "id" = ? AND "${target}" IS NULL`,
            args: [folded, id],
          })),
          "write",
        ),
      close: async () => client.close(),
    };
  });
}

async function postgresDatabase(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    select: async (sql) => (await client.query(sql)).rows,
    updateAll: ({ table, target }, rows) =>
      client.query(
        `UPDATE "${table}" SET "${target}" = batch.folded
         FROM unnest($1::text[], $2::text[]) AS batch(id, folded)
         WHERE "${table}"."id" = batch.id AND "${table}"."${target}" IS NULL`,
        [rows.map((row) => row.id), rows.map((row) => row.folded)],
      ),
    close: () => client.end(),
  };
}

/** Folds what is not folded yet; returns how many rows it filled. */
export async function backfillSearchText(url, provider) {
  // Loaded here, not at the top: `setup.mjs generate` imports this module where lib/ is absent (Dockerfile).
  const { foldVietnamese } = await import("../lib/text/fold.ts");
  const database = provider === "postgres" ? await postgresDatabase(url) : await sqliteDatabase(url);
  try {
    let total = 0;
    for (const target of TARGETS) total += await backfillTable(database, target, foldVietnamese);
    return total;
  } finally {
    await database.close();
  }
}
