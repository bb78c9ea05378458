import path from "node:path";
import type { NextConfig } from "next";

const root = path.dirname(new URL(import.meta.url).pathname);

const nextConfig: NextConfig = {
  output: "standalone",
  outputFileTracingRoot: root,
  turbopack: { root },
  poweredByHeader: false,
  // Native modules stay outside the bundle and are loaded from node_modules.
  serverExternalPackages: ["@libsql/client", "libsql", "@node-rs/argon2", "pg"],
};

export default nextConfig;
