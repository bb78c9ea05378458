// The words that confirm deleting everything without a password (an OpenID Connect account, or
// all of a user's threads), in Vietnamese with or without its accent, or in English. Shared by the
// dialogs and the server; kept apart from the zod schemas so the browser bundle does without zod.
const DELETE_CONFIRMATION_WORDS = ["XOA", "XÓA", "DELETE"] as const;

export function isDeleteConfirmation(typed: string | undefined): boolean {
  return (DELETE_CONFIRMATION_WORDS as readonly string[]).includes(typed?.trim().toUpperCase() ?? "");
}
