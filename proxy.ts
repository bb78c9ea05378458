// Runs before every request: gives it a request id and a script nonce, sets the security headers,
// sends pages without a session to sign-in (and back), and answers API routes without a session
// with 401 JSON, never a redirect. A session of a deleted account or an outdated session version
// counts as none (the jwt callback in lib/auth.ts checks it).
import { NextResponse, type NextRequest } from "next/server";
import { auth, oidcEnabled } from "@/lib/auth";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordHttpRequest } from "@/lib/metrics";
import { secureCookies } from "@/lib/security/cookies";
import { newNonce, securityHeaders } from "@/lib/security/headers";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/security/request-id";

// Pages a signed-in user is sent away from, and pages anyone may open.
const SIGNED_OUT_PAGES = ["/sign-in", "/register", "/forgot-password"];
const PUBLIC_PAGES = [...SIGNED_OUT_PAGES, "/reset-password"];
// Shared conversations (/s/<id>): public, never indexed, never cached, so a revoked link ends at once.
const SHARED_PAGE_PREFIX = "/s/";
const SHARED_PAGE_HEADERS = { "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store" };
const PUBLIC_API = [
  "/api/auth/",
  "/api/register",
  "/api/health",
  "/api/ready",
  "/api/metrics",
  "/api/account/password-reset",
];

function decide(request: NextRequest & { auth: unknown }, forward: Headers): Response {
  const { pathname, search } = request.nextUrl;
  const signedIn = Boolean((request.auth as { user?: unknown } | null)?.user);
  const next = () => NextResponse.next({ request: { headers: forward } });
  if (pathname.startsWith("/api/")) {
    if (signedIn || PUBLIC_API.some((prefix) => pathname === prefix || pathname.startsWith(prefix))) return next();
    recordHttpRequest(request.method, pathname, 401);
    return new AppError("unauthorized", "Sign in to continue.").toResponse();
  }
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

export const proxy = auth((request) => {
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
  const response = decide(request, forward);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (request.nextUrl.pathname.startsWith(SHARED_PAGE_PREFIX)) {
    for (const [name, value] of Object.entries(SHARED_PAGE_HEADERS)) response.headers.set(name, value);
  }
  return response;
});

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
