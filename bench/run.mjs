// `npm run bench`: the app's streaming, history and front-end benchmark (bench/README.md).
// This entry stays plain JavaScript so `node bench/run.mjs` works without flags; the bench itself is
// TypeScript run through Node's type stripping (Node 22.18+, 24 recommended).
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`bench: Node ${process.versions.node} cannot run TypeScript directly; use Node 24.`);
  process.exit(1);
}

const { main } = await import("./cli.ts");
try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
