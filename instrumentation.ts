// Runs once when a server process starts (Node runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before the first request: stamps each request with its socket address (lib/security/client-ip.ts).
    await (await import("./lib/security/client-ip")).installClientAddressHeader();
    await import("./lib/startup");
  }
}
