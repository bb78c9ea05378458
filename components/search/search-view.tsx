"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { SidebarToggle } from "@/components/sidebar/sidebar-toggle";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/dictionaries";
import { SEARCH_QUERY_MAX_CHARS } from "@/lib/search/query";
import type { SearchResult } from "@/lib/search/types";
import { HighlightedText } from "./highlighted-text";
import { useSearch, type SearchState } from "./use-search";

// Searching waits for a pause in typing; Enter searches at once.
const TYPING_PAUSE_MS = 300;

// The search page: a labelled search box kept in the URL (?q=), results with the matched words
// marked, and a link from each to its thread (at the message, for a message match).
export function SearchView({ initialQuery }: { initialQuery: string }) {
  const { t } = useI18n();
  const pathname = usePathname();
  const inputId = useId();
  const hintId = useId();
  const [text, setText] = useState(initialQuery);
  const [query, setQuery] = useState(initialQuery.trim());
  const { state, loadMore, retry } = useSearch(query);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const run = (value: string) => {
    clearTimeout(timer.current);
    const next = value.trim().slice(0, SEARCH_QUERY_MAX_CHARS);
    setQuery(next);
    // The native call updates the URL (and Next's router) without asking the server for the page again.
    window.history.replaceState(null, "", next ? `${pathname}?q=${encodeURIComponent(next)}` : pathname);
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  const onChange = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => run(value), TYPING_PAUSE_MS);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(text);
  };

  return (
    <div className="search-page">
      <div className="search-page__header">
        <SidebarToggle />
        <h1>{t("search.title")}</h1>
      </div>
      <form role="search" className="search-form" onSubmit={onSubmit}>
        <label htmlFor={inputId}>{t("search.label")}</label>
        <div className="search-form__row">
          <input
            id={inputId}
            type="search"
            name="q"
            value={text}
            maxLength={SEARCH_QUERY_MAX_CHARS}
            placeholder={t("search.placeholder")}
            aria-describedby={hintId}
            autoComplete="off"
            autoFocus
            onChange={(event) => onChange(event.target.value)}
          />
          <button type="submit" className="button button--primary">
            {t("search.submit")}
          </button>
        </div>
        <p id={hintId} className="search-form__hint">
          {t("search.hint")}
        </p>
      </form>
      <SearchStatus state={state} />
      {state.status === "failed" && (
        <div className="search-failed" role="alert">
          <p>{t(failureKey(state.reason))}</p>
          <button type="button" className="button" onClick={retry}>
            {t("search.retry")}
          </button>
        </div>
      )}
      {state.status === "done" && state.results.length > 0 && (
        <>
          <ol className="search-results" aria-label={t("search.results")}>
            {state.results.map((result) => (
              <SearchResultItem key={`${result.threadId}:${result.messageId ?? "title"}`} result={result} />
            ))}
          </ol>
          {state.nextCursor && (
            <button type="button" className="button search-more" onClick={loadMore} disabled={state.loadingMore}>
              {state.loadingMore ? t("search.searching") : t("search.more")}
            </button>
          )}
        </>
      )}
    </div>
  );
}

// Announced to screen readers as it changes: searching, how many results, or none.
function SearchStatus({ state }: { state: SearchState }) {
  const { t } = useI18n();
  let text = "";
  if (state.status === "loading") text = t("search.searching");
  if (state.status === "done" && state.results.length === 0) text = t("search.noResults", { query: state.query });
  if (state.status === "done" && state.results.length > 0) {
    text = t(state.nextCursor ? "search.resultCountMore" : "search.resultCount", { count: state.results.length });
  }
  return (
    <p className="search-status" role="status" aria-live="polite">
      {text}
    </p>
  );
}

function SearchResultItem({ result }: { result: SearchResult }) {
  const { t, locale } = useI18n();
  const href = result.messageId
    ? `/c/${result.threadId}?message=${encodeURIComponent(result.messageId)}`
    : `/c/${result.threadId}`;
  const from = result.role ? t(`search.from.${result.role}`) : t("search.inTitle");
  const when = new Date(result.at);
  return (
    <li className="search-result">
      <Link href={href} className="search-result__link">
        <span className="search-result__title">
          {result.messageId ? (
            result.threadTitle
          ) : (
            <HighlightedText text={result.snippet} highlights={result.highlights} />
          )}
        </span>
        {result.messageId && (
          <span className="search-result__snippet">
            <HighlightedText text={result.snippet} highlights={result.highlights} />
          </span>
        )}
        <span className="search-result__meta">
          {from} · <time dateTime={result.at}>{when.toLocaleDateString(locale === "vi" ? "vi-VN" : "en-GB")}</time>
        </span>
      </Link>
    </li>
  );
}

function failureKey(reason: string): MessageKey {
  return reason === "query_too_long" ? "search.error.query_too_long" : "search.failed";
}
