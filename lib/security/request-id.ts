// Every request carries an id: the caller's X-Request-Id when it looks like one, else a new one.
// The proxy forwards it to the handlers as a request header and returns it as a response header.
export const REQUEST_ID_HEADER = "x-request-id";

export function requestIdFrom(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && /^[\w.:-]{8,128}$/.test(given) ? given : crypto.randomUUID();
}
