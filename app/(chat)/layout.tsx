import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/sidebar/app-shell";
import { Sidebar } from "@/components/sidebar/sidebar";
import { currentUser } from "@/lib/auth";
import { threadPageForUser } from "@/lib/chat/thread-list";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  // The first page is rendered with the layout; the sidebar loads the rest as it is scrolled.
  const { threads, nextCursor } = await threadPageForUser({ userId: user.id });
  const firstPage = {
    threads: threads.map(({ id, title, lastActivityAt }) => ({
      id,
      title,
      lastActivityAt: lastActivityAt.toISOString(),
    })),
    nextCursor,
  };
  return <AppShell sidebar={<Sidebar userName={user.name || user.email} firstPage={firstPage} />}>{children}</AppShell>;
}
