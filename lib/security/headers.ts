// Security headers for every response the proxy sees, with a fresh script nonce per request.

export interface SecurityHeaderOptions {
  nonce: string;
  // Production over https: HSTS and upgrade-insecure-requests.
  https: boolean;
  development: boolean;
  // Origins a form may post (or be redirected) to besides our own: the OpenID Provider.
  formActionOrigins?: string[];
}

// Scripts: only ours, carrying this request's nonce ('strict-dynamic' lets them load their chunks);
// no 'unsafe-inline'. Styles: only our stylesheets and Next's nonce-carrying inline styles; the app
// sets no style attributes. Development needs 'unsafe-eval' for React's error overlay.
export function contentSecurityPolicy({ nonce, https, development, formActionOrigins = [] }: SecurityHeaderOptions) {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self'${formActionOrigins.map((origin) => ` ${origin}`).join("")}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(options.https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
