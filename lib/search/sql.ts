// The search's SQL, one statement per provider and kind of hit (used by lib/search/search.ts and
// checked by tests/query-plans.test.ts). Placeholders: SQLite `?`, PostgreSQL `$n`.
export const SEARCH_SQL = {
  // FTS5 finds the owner's matching rows inside the index and walks them newest (highest rowid)
  // first, stopping at the page's end; the joins read only those rows. The owner is checked again
  // on the joined thread. Arguments: match expression, user id, limit.
  sqliteTitles: `SELECT t."id" FROM "ThreadSearch" s JOIN "Thread" t ON t.rowid = s.rowid
       WHERE "ThreadSearch" MATCH ? AND t."userId" = ?
       ORDER BY s.rowid DESC LIMIT ?`,
  // Arguments: match expression, rowid to start below, user id, limit.
  sqliteMessages: `SELECT m."id", s.rowid AS "seq" FROM "MessageSearch" s
       JOIN "Message" m ON m.rowid = s.rowid JOIN "Thread" t ON t."id" = m."threadId"
       WHERE "MessageSearch" MATCH ? AND s.rowid < ? AND t."userId" = ?
       ORDER BY s.rowid DESC LIMIT ?`,
  // The owner's threads, their titles checked (the GIN index serves when the planner prefers it).
  // The expression must stay exactly the index's (migration 20261126093000_search).
  // Arguments: user id, tsquery, limit.
  postgresTitles: `SELECT t."id" FROM "Thread" t
       WHERE t."userId" = $1 AND to_tsvector('simple', t."titleFolded") @@ to_tsquery('simple', $2)
       ORDER BY t."lastActivityAt" DESC, t."id" DESC LIMIT $3`,
  // Common words first: the owner's newest messages (at most a window of them, below the cursor)
  // walked through the (searchOwner, createdAt, id) btree, newest first, stopping once a page and
  // one more have matched. Finds the same messages in the same order as postgresMessages, as far
  // as the window reaches (migration 20261126094000_search_speed).
  // Arguments: user id, (createdAt, id) to start below, window, words tsquery, limit.
  postgresRecentMessages: `SELECT w."id", to_char(w."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "at" FROM (
         SELECT m."id", m."createdAt", m."searchVector" FROM "Message" m
         WHERE m."searchOwner" = $1 AND (m."createdAt", m."id") < ($2::timestamp, $3)
         ORDER BY m."createdAt" DESC, m."id" DESC LIMIT $4
       ) w
       WHERE w."searchVector" @@ to_tsquery('simple', $5)
       ORDER BY w."createdAt" DESC, w."id" DESC LIMIT $6`,
  // Rarer words: the owner's lexeme and the words in one GIN lookup on "searchVector" (see the migration); the
  // owner is checked again when the page's messages are read.
  // Arguments: owner tsquery, words tsquery, (createdAt, id) to start below, limit.
  postgresMessages: `SELECT m."id", to_char(m."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "at" FROM "Message" m
       WHERE m."searchVector" @@ ($1::tsquery && to_tsquery('simple', $2))
         AND (m."createdAt", m."id") < ($3::timestamp, $4)
       ORDER BY m."createdAt" DESC, m."id" DESC LIMIT $5`,
} as const;
