// Vietnamese without its marks: "Đà Nẵng" → "da nang". NFD splits a letter from its combining
// marks (tones and hats); đ/Đ is a letter of its own and needs mapping by hand.
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Mn}+/gu, "")
    .replace(/[đĐ]/g, (letter) => (letter === "đ" ? "d" : "D"))
    .toLowerCase();
}

// A file name from a title: folded, lowercase ASCII words joined by dashes.
export function fileNameFromTitle(title: string, fallback = "phogpt-chat"): string {
  const slug = foldVietnamese(title)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return slug || fallback;
}
