"use client";
import { ErrorPanel } from "@/components/error-panel";

export default function AppError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <main id="main" tabIndex={-1}>
      <ErrorPanel retry={retry} />
    </main>
  );
}
