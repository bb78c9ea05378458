// Node options of the production server (`npm start`, the Dockerfile, the end-to-end tests and the
// bench all start it with them; package.json and the Dockerfile repeat the flag, they cannot import).
//
// V8's young generation: Node 24 sizes it from the machine's memory (32 MB semi-spaces with 24 GB).
// Every streaming reply keeps its growing text alive, so each scavenge copies a few MB of survivors
// and paused the process for 3–14 ms about three times a second, holding back every token in
// flight. 16 MB semi-spaces scavenge twice as often for about half as long each (bench/README.md).
export const SERVER_NODE_OPTIONS = "--max-semi-space-size=16";

/** `env` with the server's options ahead of any NODE_OPTIONS it already has. */
export function withServerNodeOptions(env) {
  return { ...env, NODE_OPTIONS: [SERVER_NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(" ") };
}
