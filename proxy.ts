// Runs before every request: gives it a request id and a script nonce, sets the security headers,
// and sends pages without a session to sign-in (and back). API routes answer 401 JSON themselves,
// never a redirect. A session of a deleted account or an outdated session version
// counts as none (the jwt callback in lib/auth.ts checks it).
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth, oidcEnabled } from "@/lib/auth";
import { env } from "@/lib/env";
import { secureCookies } from "@/lib/security/cookies";
import { newNonce, securityHeaders } from "@/lib/security/headers";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/security/request-id";

// Pages a signed-in user is sent away from, and pages anyone may open.
const SIGNED_OUT_PAGES = ["/sign-in", "/register", "/forgot-password"];
const PUBLIC_PAGES = [...SIGNED_OUT_PAGES, "/reset-password"];
// Shared conversations (/s/<id>): public, never indexed, never cached, so a revoked link ends at once.
const SHARED_PAGE_PREFIX = "/s/";
const SHARED_PAGE_HEADERS = { "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store" };

/** On to the route, with the request id and the CSP the proxy gave the request. */
function passOn(forward: Headers): Response {
  return NextResponse.next({ request: { headers: forward } });
}

// Pages only: API routes authenticate in their handlers (requireUser answers 401 JSON), which
// tests/api-authentication.test.ts checks for every route outside the public list. Checking an
// API session here as well decrypted the cookie and read the user row twice per request.
function decidePage(request: NextRequest & { auth: unknown }, forward: Headers): Response {
  const { pathname, search } = request.nextUrl;
  const signedIn = Boolean((request.auth as { user?: unknown } | null)?.user);
  const next = () => passOn(forward);
  if (pathname.startsWith(SHARED_PAGE_PREFIX)) return next();
  if (PUBLIC_PAGES.includes(pathname)) {
    return signedIn && SIGNED_OUT_PAGES.includes(pathname)
      ? NextResponse.redirect(new URL("/", request.nextUrl))
      : next();
  }
  if (signedIn) return next();
  const signIn = new URL("/sign-in", request.nextUrl);
  signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

/** Gives the request its id and nonce, and the response its security headers. */
function secured(request: NextRequest, decide: (forward: Headers) => Response): Response {
  const requestId = requestIdFrom(request.headers);
  const nonce = newNonce();
  const oidc = oidcEnabled();
  const headers = securityHeaders({
    nonce,
    https: secureCookies() && (request.nextUrl.protocol === "https:" || env().AUTH_URL?.startsWith("https:") === true),
    development: env().NODE_ENV === "development",
    formActionOrigins: oidc ? [new URL(oidc.issuer).origin] : [],
  });
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const forward = new Headers(request.headers);
  forward.set(REQUEST_ID_HEADER, requestId);
  forward.set("Content-Security-Policy", headers["Content-Security-Policy"] ?? "");
  const response = decide(forward);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (request.nextUrl.pathname.startsWith(SHARED_PAGE_PREFIX)) {
    for (const [name, value] of Object.entries(SHARED_PAGE_HEADERS)) response.headers.set(name, value);
  }
  return response;
}

// Auth.js types its wrapper as a route handler; as a proxy Next calls it with (request, event).
const pageProxy = auth((request) => secured(request, (forward) => decidePage(request, forward))) as unknown as (
  request: NextRequest,
  event: NextFetchEvent,
) => Promise<Response>;

export function proxy(request: NextRequest, event: NextFetchEvent) {
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return secured(request, passOn);
  }
  return pageProxy(request, event);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
