// Runs before every request: pages without a session go to sign-in (and come back),
// API routes without a session answer 401 JSON, never a redirect.
import { NextResponse } from "next/server";
import { auth } from "@/lib/auth";
import { AppError } from "@/lib/errors";

const PUBLIC_PAGES = ["/sign-in", "/register"];
const PUBLIC_API = ["/api/auth/", "/api/register", "/api/health", "/api/ready"];

export const proxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  const signedIn = Boolean(request.auth?.user);
  if (pathname.startsWith("/api/")) {
    if (signedIn || PUBLIC_API.some((prefix) => pathname.startsWith(prefix))) return NextResponse.next();
    return new AppError("unauthorized", "Sign in to continue.").toResponse();
  }
  if (PUBLIC_PAGES.includes(pathname)) {
    return signedIn ? NextResponse.redirect(new URL("/", request.nextUrl)) : NextResponse.next();
  }
  if (signedIn) return NextResponse.next();
  const signIn = new URL("/sign-in", request.nextUrl);
  signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
});

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
