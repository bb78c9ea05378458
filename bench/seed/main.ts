// Seeds the cached history databases without running the bench:
//   node bench/seed/main.ts [--quick] [--databases=sqlite,postgres]
// A database already in the cache is left as it is (delete bench/.cache/ or the phogpt_bench_seed_*
// PostgreSQL database to seed again).
import { parseArgs } from "node:util";
import { FULL_SEED, QUICK_SEED } from "./data.ts";
import { ensureSeeded } from "./cache.ts";
import type { DatabaseKind } from "./seed.ts";

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, databases: { type: "string", default: "sqlite,postgres" } },
});
const spec = values.quick ? QUICK_SEED : FULL_SEED;
for (const kind of values.databases.split(",") as DatabaseKind[]) {
  const { cached, seedSeconds } = await ensureSeeded(kind, spec, (line) => console.log(`[seed] ${line}`));
  console.log(`[seed] ${kind}: ${cached ? "already cached" : `seeded in ${seedSeconds.toFixed(1)} s`}`);
}
