import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// Reads shared by the steps of one piece of work (a session check, where Auth.js's jwt callback and
// currentUser both need the user row; the start of a chat turn): inside `withMemo`, `memoized`
// loads each key once; outside it, every call loads. A scope must not span a write of what it
// memoizes, so nothing read before the write is reused after it.
const scopes = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

// A scope inside another shares the outer one's reads.
export function withMemo<T>(action: () => Promise<T>): Promise<T> {
  return scopes.getStore() ? action() : scopes.run(new Map(), action);
}

export function memoized<T>(key: string, load: () => Promise<T>): Promise<T> {
  const memo = scopes.getStore();
  if (!memo) return load();
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    memo.set(key, value);
  }
  return value;
}
