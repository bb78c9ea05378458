import "server-only";
import { decode } from "next-auth/jwt";

export interface SessionClaims {
  userId: string;
  sessionVersion: number;
}

interface CookieReader {
  get(name: string): { value: string } | undefined;
  getAll(): { name: string; value: string }[];
}

// The signed-in user's id and session version, read from the Auth.js session cookie (encrypted with
// the secret, the cookie's name as salt). Auth.js's auth() answers the same question by running its
// whole session endpoint, whose refreshed cookie a route handler or a page cannot set and throws
// away: an encryption, a Request and a JSON round trip on every API call. The proxy refreshes the
// cookie on page loads. A tampered, expired or foreign cookie, or one without a version, is no session.
export async function sessionClaims(
  cookies: CookieReader,
  name: string,
  secret: string | undefined,
): Promise<SessionClaims | null> {
  const token = sessionToken(cookies, name);
  if (!token || !secret) return null;
  try {
    const claims = await decode({ token, secret, salt: name });
    if (typeof claims?.sub !== "string" || typeof claims.sv !== "number") return null;
    return { userId: claims.sub, sessionVersion: claims.sv };
  } catch {
    return null;
  }
}

// Auth.js splits a cookie over ~4 kB into `name.0`, `name.1`, …
function sessionToken(cookies: CookieReader, name: string): string | undefined {
  const whole = cookies.get(name)?.value;
  if (whole) return whole;
  const prefix = `${name}.`;
  const chunks = cookies
    .getAll()
    .filter((cookie) => cookie.name.startsWith(prefix))
    .map((cookie) => ({ index: Number(cookie.name.slice(prefix.length)), value: cookie.value }))
    .filter((chunk) => Number.isInteger(chunk.index))
    .sort((a, b) => a.index - b.index);
  return chunks.length > 0 ? chunks.map((chunk) => chunk.value).join("") : undefined;
}
