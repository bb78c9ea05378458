import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// Reads shared by the steps of one short piece of work (e.g. a session check, where Auth.js's jwt
// callback and currentUser both need the user row): inside `withMemo`, `memoized` loads each key
// once; outside it, every call loads. Scopes are kept short so nothing read before a write is
// reused after it.
const scopes = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

export function withMemo<T>(action: () => Promise<T>): Promise<T> {
  return scopes.run(new Map(), action);
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
