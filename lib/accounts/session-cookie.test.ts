import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionClaims } from "./session-cookie";

const NAME = "authjs.session-token";
const SECRET = "a-test-secret-that-is-long-enough-0001";

function jar(cookies: Record<string, string>) {
  return {
    get: (name: string) => (name in cookies ? { value: cookies[name] ?? "" } : undefined),
    getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })),
  };
}

function token(claims: Record<string, unknown>, options: { secret?: string; salt?: string; maxAge?: number } = {}) {
  return encode({
    token: claims,
    secret: options.secret ?? SECRET,
    salt: options.salt ?? NAME,
    maxAge: options.maxAge,
  });
}

describe("sessionClaims", () => {
  it("reads the user id and session version of a cookie Auth.js issued", async () => {
    const value = await token({ sub: "user-1", sv: 3, name: "An", email: "an@example.vn" });
    expect(await sessionClaims(jar({ [NAME]: value }), NAME, SECRET)).toEqual({ userId: "user-1", sessionVersion: 3 });
  });

  it("joins a cookie Auth.js split into chunks, in index order", async () => {
    const value = await token({ sub: "user-2", sv: 0 });
    const third = Math.ceil(value.length / 3);
    const chunks = { [`${NAME}.2`]: value.slice(2 * third), [`${NAME}.0`]: value.slice(0, third) };
    const cookies = jar({ ...chunks, [`${NAME}.1`]: value.slice(third, 2 * third), other: "x" });
    expect(await sessionClaims(cookies, NAME, SECRET)).toEqual({ userId: "user-2", sessionVersion: 0 });
  });

  it("is no session without a cookie, a secret, a subject or a version", async () => {
    const value = await token({ sub: "user-1", sv: 1 });
    expect(await sessionClaims(jar({}), NAME, SECRET)).toBeNull();
    expect(await sessionClaims(jar({ [NAME]: value }), NAME, undefined)).toBeNull();
    expect(await sessionClaims(jar({ [NAME]: await token({ sv: 1 }) }), NAME, SECRET)).toBeNull();
    expect(await sessionClaims(jar({ [NAME]: await token({ sub: "user-1" }) }), NAME, SECRET)).toBeNull();
  });

  it("refuses a cookie encrypted with another secret or for another cookie name", async () => {
    const foreign = await token({ sub: "user-1", sv: 1 }, { secret: "another-secret-that-is-long-enough-0002" });
    const otherSalt = await token({ sub: "user-1", sv: 1 }, { salt: "__Secure-authjs.session-token" });
    expect(await sessionClaims(jar({ [NAME]: foreign }), NAME, SECRET)).toBeNull();
    expect(await sessionClaims(jar({ [NAME]: otherSalt }), NAME, SECRET)).toBeNull();
  });

  it("refuses a tampered or expired cookie", async () => {
    const value = await token({ sub: "user-1", sv: 1 });
    const tampered = `${value.slice(0, -6)}${value.slice(-6).split("").reverse().join("")}`;
    expect(await sessionClaims(jar({ [NAME]: tampered }), NAME, SECRET)).toBeNull();
    const expired = await token({ sub: "user-1", sv: 1 }, { maxAge: -60 });
    expect(await sessionClaims(jar({ [NAME]: expired }), NAME, SECRET)).toBeNull();
  });
});
