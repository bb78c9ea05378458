import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import { encode } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import type { OIDCConfig } from "next-auth/providers";
import { cookies } from "next/headers";
import { sessionClaims } from "@/lib/accounts/session-cookie";
import { oidcAccountConflict, userForOidcSignIn, type OidcProfile } from "@/lib/accounts/oidc";
import { credentialsSchema } from "@/lib/accounts/schemas";
import { currentSessionVersion, sessionUser, userForCredentials } from "@/lib/accounts/users";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { recordSignIn } from "@/lib/metrics";
import { withMemo } from "@/lib/request-memo";
import { clearFailedSignIns, recordFailedSignIn, signInBlockedFor } from "@/lib/rate-limit/limits";
import { clientIp } from "@/lib/security/client-ip";
import { secureCookies, sessionCookieName } from "@/lib/security/cookies";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    sessionVersion?: number;
  }
}

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
export const OIDC_PROVIDER_ID = "oidc";

// Too many failed sign-ins for this email or address: the message says how long to wait,
// and is the same whether or not the email has an account.
export class SignInRateLimited extends CredentialsSignin {
  override code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

function oidcProvider(): OIDCConfig<OidcProfile> | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: OIDC_NAME,
    type: "oidc",
    issuer: OIDC_ISSUER,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    checks: ["pkce", "state", "nonce"],
    // The id token is verified (nonce included); the profile then comes from the userinfo
    // endpoint, which every provider fills with the scopes' claims (not all id tokens carry email).
    idToken: false,
    authorization: { params: { scope: "openid email profile" } },
    profile: (profile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? null }),
  };
}

export function oidcEnabled(): { name: string; issuer: string } | null {
  const { OIDC_ISSUER, OIDC_NAME } = env();
  return oidcProvider() && OIDC_ISSUER ? { name: OIDC_NAME, issuer: OIDC_ISSUER } : null;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: env().AUTH_SECRET,
  trustHost: true,
  useSecureCookies: secureCookies(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(request.headers, env().TRUST_PROXY);
        const wait = await signInBlockedFor(email, ip);
        if (wait !== null) {
          recordSignIn("password", "rate_limited");
          logger.warn("sign-in refused: too many failures", { retryAfterSeconds: wait });
          throw new SignInRateLimited(wait);
        }
        const user = await userForCredentials(email, password);
        if (!user) {
          recordSignIn("password", "failure");
          logger.info("sign-in failed", { method: "password" });
          await recordFailedSignIn(email, ip);
          return null;
        }
        recordSignIn("password", "success");
        logger.info("sign-in succeeded", { method: "password", userId: user.id });
        await clearFailedSignIns(email);
        return user;
      },
    }),
    ...(oidcProvider() ? [oidcProvider() as OIDCConfig<OidcProfile>] : []),
  ],
  callbacks: {
    // An OIDC identity that is not linked yet, whose email already has a password account, is
    // refused (never silently merged): the sign-in page explains how to proceed.
    async signIn({ account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      if (await oidcAccountConflict(account.providerAccountId, profile as OidcProfile | undefined)) {
        recordSignIn("oidc", "failure");
        logger.warn("sign-in refused: OIDC email belongs to an unlinked account", { method: "oidc" });
        return "/sign-in?error=oidc_account_exists";
      }
      return true;
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === OIDC_PROVIDER_ID) {
        const local = await userForOidcSignIn(account.providerAccountId, profile as OidcProfile);
        recordSignIn("oidc", "success");
        logger.info("sign-in succeeded", { method: "oidc", userId: local.id });
        return { name: local.name, email: local.email, sub: local.id, sv: local.sessionVersion };
      }
      if (user?.id) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        return token;
      }
      // Every later read of the session: a deleted account or an outdated version ends it
      // (Auth.js then clears the cookie).
      if (!token.sub) return null;
      const version = await currentSessionVersion(token.sub);
      return version !== null && version === token.sv ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      return session;
    },
  },
});

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

// The signed-in user, checked against the database on every call: a deleted account, or a
// session issued before the account's sessionVersion changed, is no session at all.
// The same check as the jwt callback's (which runs when Auth.js itself reads the session: the proxy,
// its own routes), from the cookie's claims.
export async function currentUser(): Promise<SessionUser | null> {
  return withMemo(async () => {
    const claims = await sessionClaims(await cookies(), sessionCookieName(), env().AUTH_SECRET);
    return claims ? sessionUser(claims.userId, claims.sessionVersion) : null;
  });
}

// Replaces this browser's session cookie with one for the account's new session version, so a
// password change ends every other session but not the one that made it. Route handlers and
// server actions only (it sets a cookie).
export async function reissueSession(user: SessionUser & { sessionVersion: number }): Promise<void> {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  const name = sessionCookieName();
  const value = await encode({
    token: { name: user.name, email: user.email, sub: user.id, sv: user.sessionVersion },
    secret,
    salt: name,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(name, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
