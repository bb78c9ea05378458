import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "./users";

// Users who sign in through the operator's OpenID Provider. A provider identity (its `sub`) is
// linked to one local user in OAuthAccount; the first sign-in creates that user (without a
// password), later ones find it. An email that already belongs to a local account is never
// linked silently: that would hand the account to whoever controls the email at the provider.

export interface OidcProfile {
  sub: string;
  email?: string | null;
  email_verified?: boolean;
  name?: string | null;
  preferred_username?: string;
}

const PROVIDER = "oidc";

// Only an address the provider vouches for (email_verified not false) is used at all.
function normalisedEmail(profile: OidcProfile | undefined): string | null {
  if (profile?.email_verified === false) return null;
  const email = profile?.email?.trim().toLowerCase();
  return email && email.length <= 254 ? email : null;
}

// True when this identity is not linked yet and its email already has an account here.
export async function oidcAccountConflict(providerAccountId: string, profile: OidcProfile | undefined) {
  const linked = await db().oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider: PROVIDER, providerAccountId } },
    select: { id: true },
  });
  if (linked) return false;
  const email = normalisedEmail(profile);
  if (!email) return false;
  return (await db().user.findUnique({ where: { email }, select: { id: true } })) !== null;
}

export async function userForOidcSignIn(providerAccountId: string, profile: OidcProfile) {
  const select = { id: true, email: true, name: true, sessionVersion: true } as const;
  const where = { provider_providerAccountId: { provider: PROVIDER, providerAccountId } };
  const linked = await db().oAuthAccount.findUnique({ where, select: { user: { select } } });
  if (linked) return linked.user;
  const email = normalisedEmail(profile) ?? `${providerAccountId}@oidc.invalid`;
  const name = (profile.name ?? profile.preferred_username ?? email.split("@")[0] ?? "").trim().slice(0, 80) || email;
  try {
    return await db().user.create({
      data: { email, name, passwordHash: null, oauthAccounts: { create: { provider: PROVIDER, providerAccountId } } },
      select,
    });
  } catch (error) {
    // A second tab finishing the same first sign-in: the link exists now.
    if (!isUniqueViolation(error)) throw error;
    const again = await db().oAuthAccount.findUnique({ where, select: { user: { select } } });
    if (!again) throw error;
    return again.user;
  }
}
