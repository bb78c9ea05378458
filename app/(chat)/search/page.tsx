import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SearchView } from "@/components/search/search-view";
import { currentUser } from "@/lib/auth";
import { getTranslator } from "@/lib/i18n/server";
import "./search.css";

interface SearchPageProps {
  searchParams: Promise<{ q?: string | string[] }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: `${t("search.title")} · PhoGPT Chat` };
}

export default async function SearchPage({ searchParams }: SearchPageProps) {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/search");
  const { q } = await searchParams;
  return <SearchView initialQuery={typeof q === "string" ? q : ""} />;
}
