// The sidebar as the end-to-end tests see it: the Vietnamese names of its controls, and helpers.
import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { sidebar } from "./chat";

export const ui = {
  rename: (title: string) => `Đổi tên “${title}”`,
  delete: (title: string) => `Xóa “${title}”`,
  renameInput: "Tên mới của cuộc trò chuyện",
  renameEmpty: "Tên cuộc trò chuyện không được để trống.",
  renameSave: "Lưu tên",
  deleteDialog: "Xóa cuộc trò chuyện?",
  deleteConfirm: "Xóa",
  cancel: "Hủy",
  deleteAll: "Xóa tất cả cuộc trò chuyện",
  deleteAllDialog: "Xóa tất cả cuộc trò chuyện?",
  deleteAllWord: "Gõ XÓA để xác nhận",
  deleteAllConfirm: "Xóa tất cả",
  empty: "Chưa có cuộc trò chuyện nào.",
  toggle: "Menu cuộc trò chuyện",
  close: "Đóng menu",
  search: "Tìm kiếm",
  groups: ["Hôm nay", "Hôm qua", "7 ngày trước", "30 ngày trước", "Cũ hơn"],
};

// The thread links of the sidebar (not New chat, Search or Account), top to bottom.
export const threadLinks = (page: Page) => sidebar(page).getByRole("listitem").getByRole("link");
export const threadLink = (page: Page, title: string) => threadLinks(page).filter({ hasText: title });

// Creates a thread through the API as the page's user; its title is the (short) text.
export async function createThread(page: Page, text: string): Promise<string> {
  const threadId = randomUUID();
  const response = await page.request.post("/api/chat", { data: { trigger: "submit", threadId, text } });
  expect(response.status(), await response.text()).toBe(200);
  await response.body();
  return threadId;
}

// Deletes a thread as a user does on a wide screen: its Delete button, then Delete in the dialog.
export async function deleteFromSidebar(page: Page, title: string): Promise<void> {
  await sidebar(page)
    .getByRole("button", { name: ui.delete(title) })
    .click();
  await page
    .getByRole("dialog", { name: ui.deleteDialog })
    .getByRole("button", { name: ui.deleteConfirm, exact: true })
    .click();
}

export async function storedTitle(page: Page, threadId: string): Promise<string> {
  const response = await page.request.get(`/api/threads/${threadId}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { thread: { title: string } }).thread.title;
}
