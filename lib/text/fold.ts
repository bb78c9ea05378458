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

export interface FoldedText {
  folded: string;
  // For each UTF-16 unit of `folded`, where its source character starts and ends in the original.
  starts: number[];
  ends: number[];
}

// foldVietnamese one character at a time, remembering where each folded unit came from, so a match
// found in folded text maps back to the original even where folding changes the length (decomposed
// input, "İ" → "i̇", Hangul syllables). Marks that fold to nothing join the character before them.
// Characters are folded through a small cache: texts repeat the same few letters, and this runs on
// every search result's text.
export function foldWithOffsets(text: string): FoldedText {
  let folded = "";
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const character of text) {
    const part = foldCharacter(character);
    const end = index + character.length;
    if (part === "" && ends.length > 0) ends[ends.length - 1] = end;
    for (let unit = 0; unit < part.length; unit++) {
      starts.push(index);
      ends.push(end);
    }
    folded += part;
    index = end;
  }
  return { folded, starts, ends };
}

const FOLD_CACHE_LIMIT = 4_096;
const foldedCharacters = new Map<string, string>();

function foldCharacter(character: string): string {
  const code = character.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : character;
  let folded = foldedCharacters.get(character);
  if (folded === undefined) {
    folded = foldVietnamese(character);
    if (foldedCharacters.size < FOLD_CACHE_LIMIT) foldedCharacters.set(character, folded);
  }
  return folded;
}
