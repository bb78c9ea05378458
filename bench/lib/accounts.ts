// Signing in through Auth.js's credentials flow, as the browser does: GET /api/auth/csrf (sets the
// CSRF cookie), then POST /api/auth/callback/credentials → 302 with the session cookie.
import { CookieJar, request } from "./http-client.ts";

export const SESSION_COOKIE = "authjs.session-token";

/** Returns the Cookie header of a signed-in session. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new CookieJar();
  const csrf = await request(`${baseUrl}/api/auth/csrf`);
  jar.store(csrf.headers);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }).toString();
  const response = await request(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: form,
  });
  jar.store(response.headers);
  if (response.status !== 302 || !jar.get(SESSION_COOKIE)) {
    throw new Error(`sign-in of ${email} failed: HTTP ${response.status}, location ${response.headers.location}`);
  }
  return `${SESSION_COOKIE}=${jar.get(SESSION_COOKIE)}`;
}

/** Signs many users in, a few at a time (each costs an argon2 verification, ~100 ms of a core). */
export async function signInAll(baseUrl: string, emails: string[], password: string, parallel = 4): Promise<string[]> {
  const cookies: string[] = new Array<string>(emails.length);
  let next = 0;
  const worker = async () => {
    while (next < emails.length) {
      const index = next++;
      cookies[index] = await signIn(baseUrl, emails[index] ?? "", password);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, emails.length) }, worker));
  return cookies;
}
