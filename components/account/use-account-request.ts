"use client";
import { useState } from "react";

export interface RequestState {
  pending: boolean;
  done: boolean;
  // The error code and field reason codes of the API's JSON error, and Retry-After in seconds.
  error?: string;
  fields?: Record<string, string>;
  retryAfter?: number;
}

// Sends one JSON request to the account API and keeps its outcome for the form to show.
export function useAccountRequest(method: string, url: string) {
  const [state, setState] = useState<RequestState>({ pending: false, done: false });
  async function send(body: unknown): Promise<boolean> {
    setState({ pending: true, done: false });
    try {
      const response = await fetch(url, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (response.ok) {
        setState({ pending: false, done: true });
        return true;
      }
      const payload = (await response.json().catch(() => null)) as {
        error?: { code?: string; fields?: Record<string, string> };
      } | null;
      setState({
        pending: false,
        done: false,
        error: payload?.error?.code ?? "unknown",
        fields: payload?.error?.fields,
        retryAfter: Number(response.headers.get("retry-after") ?? "") || undefined,
      });
    } catch {
      setState({ pending: false, done: false, error: "network" });
    }
    return false;
  }
  return { state, send };
}
