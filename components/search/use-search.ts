"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { SearchPage, SearchResult } from "@/lib/search/types";

export type SearchState =
  | { status: "idle" }
  | { status: "loading"; query: string }
  | { status: "done"; query: string; results: SearchResult[]; nextCursor: string | null; loadingMore: boolean }
  | { status: "failed"; query: string; reason: string };

type Settled = Extract<SearchState, { status: "done" | "failed" }>;

interface ErrorBody {
  error?: { code?: string; fields?: Record<string, string> };
}

async function fetchPage(query: string, cursor: string | null, signal?: AbortSignal): Promise<SearchPage> {
  const params = new URLSearchParams({ q: query });
  if (cursor) params.set("cursor", cursor);
  const response = await fetch(`/api/search?${params.toString()}`, { signal, cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as ErrorBody;
    throw new Error(body.error?.fields?.q ?? body.error?.code ?? "unknown");
  }
  return (await response.json()) as SearchPage;
}

// Runs the search for `query` and loads more pages. An answer counts only for the query (and
// attempt) it was asked for, so a slow answer to an older query never replaces a newer one.
export function useSearch(query: string) {
  const [attempt, setAttempt] = useState(0);
  const key = `${attempt}:${query}`;
  const [settled, setSettled] = useState<{ key: string; state: Settled } | null>(null);

  useEffect(() => {
    if (query === "") return;
    const controller = new AbortController();
    fetchPage(query, null, controller.signal).then(
      (page) => setSettled({ key, state: { status: "done", query, ...page, loadingMore: false } }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setSettled({ key, state: { status: "failed", query, reason: reasonOf(error) } });
      },
    );
    return () => controller.abort();
  }, [query, key]);

  const state = useMemo<SearchState>(
    () => (query === "" ? { status: "idle" } : settled?.key === key ? settled.state : { status: "loading", query }),
    [query, key, settled],
  );

  const loadMore = useCallback(() => {
    if (state.status !== "done" || !state.nextCursor || state.loadingMore) return;
    setSettled({ key, state: { ...state, loadingMore: true } });
    fetchPage(state.query, state.nextCursor).then(
      (page) =>
        setSettled({
          key,
          state: {
            ...state,
            results: [...state.results, ...page.results],
            nextCursor: page.nextCursor,
            loadingMore: false,
          },
        }),
      (error: unknown) => setSettled({ key, state: { status: "failed", query: state.query, reason: reasonOf(error) } }),
    );
  }, [state, key]);

  const retry = useCallback(() => setAttempt((count) => count + 1), []);
  return { state, loadMore, retry };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : "unknown";
}
