// What the browser downloads: every module a client component imports (through the project's own
// modules) stays free of server-sized libraries. zod came in once through one shared constant and
// added 30 KB gzip to every chat page's first load (bench/README.md, frontend.firstLoadJsGzip).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const SERVER_ONLY_PACKAGES = [
  "zod",
  "@prisma/client",
  "argon2",
  "@node-rs/argon2",
  "next-auth",
  "@huggingface/inference",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/")
    ? path.join(root, specifier.slice(2))
    : path.resolve(path.dirname(from), specifier);
  return [".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext).find((file) => existsSync(file));
}

/** Every package a module pulls in, through the project's own modules it imports. */
function packagesReachedFrom(entry: string): Map<string, string> {
  const reached = new Map<string, string>(); // package → the module that imports it
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    // Server actions reach the browser as references to call, not as code.
    if (/^["']use server["']/m.test(source)) return;
    for (const match of source.matchAll(
      /(?:import|export)\s[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
    )) {
      const specifier = match[1] ?? match[2] ?? "";
      if (/^import\s+type\s/.test(match[0]) || /^export\s+type\s/.test(match[0])) continue;
      if (specifier.startsWith("@/") || specifier.startsWith(".")) {
        const local = resolveLocal(file, specifier);
        if (local) visit(local);
      } else {
        reached.set(specifier, path.relative(root, file));
      }
    }
  };
  visit(entry);
  return reached;
}

const clientModules = ["app", "components", "lib"]
  .flatMap((dir) => sourceFiles(path.join(root, dir)))
  .filter((file) => /^["']use client["']/m.test(readFileSync(file, "utf8")));

describe("the browser bundle", () => {
  it("has client components to check", () => {
    expect(clientModules.length).toBeGreaterThan(10);
  });

  it.each(clientModules.map((file) => [path.relative(root, file), file]))(
    "%s reaches no server-only package",
    (_name, file) => {
      const reached = packagesReachedFrom(file);
      const offending = [...reached].filter(([specifier]) =>
        SERVER_ONLY_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`)),
      );
      expect(offending).toEqual([]);
    },
  );
});
