// A real OpenID Provider on loopback (the `oidc-provider` package) with its development
// interactions: the login form accepts any login and password, and the login becomes the
// subject. Each account's email is `<login>@example.vn`, verified.
import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";

export interface LoopbackOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startLoopbackOidc({ port, redirectUri }: { port: number; redirectUri: string }) {
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "phogpt-chat";
  const clientSecret = "oidc-test-client-secret-0123456789";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: `${sub}@example.vn`,
          email_verified: true,
          name: `OIDC ${sub.slice(0, 12)}`,
        }),
      };
    },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies LoopbackOidc;
}
