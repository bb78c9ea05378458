"use client";
import { useSyncExternalStore } from "react";

// The current minute on the client, null while rendering on the server and hydrating: the
// sidebar's day groups depend on the viewer's time zone, which the server does not know.
const MINUTE_MS = 60_000;

function subscribe(onChange: () => void): () => void {
  const timer = window.setInterval(onChange, MINUTE_MS / 4);
  return () => window.clearInterval(timer);
}

const currentMinute = () => Math.floor(Date.now() / MINUTE_MS);
const unknownOnServer = () => null;

export function useMinute(): Date | null {
  const minute = useSyncExternalStore(subscribe, currentMinute, unknownOnServer);
  return minute === null ? null : new Date(minute * MINUTE_MS);
}
