// The proxy does not check API sessions (proxy.ts): every API route outside the public list must
// authenticate in its handler. A route added without requireUser/currentUser fails here.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const apiDir = join(import.meta.dirname, "..", "app", "api");
const PUBLIC_ROUTES = new Set([
  "auth/[...nextauth]",
  "account/password-reset",
  "account/password-reset/confirm",
  "register",
  "health",
  "ready",
  "metrics",
]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "route.ts" ? [path] : [];
  });
}

const routes = routeFiles(apiDir).map((file) => ({
  name: relative(apiDir, file).replace(/\/?route\.ts$/, ""),
  source: readFileSync(file, "utf8"),
}));

describe("API routes", () => {
  it("are found", () => {
    expect(routes.length).toBeGreaterThan(PUBLIC_ROUTES.size);
    for (const name of PUBLIC_ROUTES) expect(routes.map((route) => route.name)).toContain(name);
  });

  it.each(routes.filter((route) => !PUBLIC_ROUTES.has(route.name)).map((route) => [route.name, route.source]))(
    "%s authenticates in its handler",
    (_name, source) => {
      expect(source).toMatch(/\b(requireUser|currentUser)\(/);
    },
  );
});
