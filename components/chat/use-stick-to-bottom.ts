"use client";
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from "react";

const NEAR_BOTTOM_PX = 64;

// Keeps a scroll container pinned to its bottom while content grows, unless the user scrolled up.
// `initiallyStuck: false` opens elsewhere (a linked message) until the user comes back down.
export function useStickToBottom(
  ref: RefObject<HTMLElement | null>,
  content: unknown,
  forceKey: unknown,
  { initiallyStuck = true }: { initiallyStuck?: boolean } = {},
) {
  const stick = useRef(initiallyStuck);
  const [atBottom, setAtBottom] = useState(initiallyStuck);

  const onScroll = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    const near = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    stick.current = near;
    setAtBottom(near);
  }, [ref]);

  // Called whenever the content may have grown (new rows, a reply growing, a resize). Known gap: a
  // growth landing between a user's scroll and its (asynchronous) scroll event pins the view back
  // down once; the next scroll event lets go.
  const follow = useCallback(() => {
    const element = ref.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [ref]);

  const isStuck = useCallback(() => stick.current, []);

  const scrollToBottom = useCallback(() => {
    stick.current = true;
    setAtBottom(true);
    follow();
  }, [follow]);

  // A new message of the user's own always brings the view back down (not the first render's key).
  const lastForceKey = useRef(forceKey);
  useLayoutEffect(() => {
    if (Object.is(lastForceKey.current, forceKey)) return;
    lastForceKey.current = forceKey;
    stick.current = true;
    setAtBottom(true);
  }, [forceKey]);

  useLayoutEffect(follow, [follow, content, forceKey]);

  return { atBottom, onScroll, scrollToBottom, follow, isStuck };
}
