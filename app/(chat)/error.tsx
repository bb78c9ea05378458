"use client";
import { ErrorPanel } from "@/components/error-panel";

export default function ChatError({ retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel retry={retry} />;
}
