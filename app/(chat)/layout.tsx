import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/sidebar/app-shell";
import { Sidebar } from "@/components/sidebar/sidebar";
import { currentUser } from "@/lib/auth";
import { threadsForUser } from "@/lib/chat/threads";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const threads = await threadsForUser({ userId: user.id });
  return (
    <AppShell
      sidebar={<Sidebar userName={user.name || user.email} threads={threads.map(({ id, title }) => ({ id, title }))} />}
    >
      {children}
    </AppShell>
  );
}
