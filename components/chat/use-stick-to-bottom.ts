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
  // scrollTop right after the view was last pinned to the bottom (or found near it).
  const pinnedTop = useRef(0);
  const [atBottom, setAtBottom] = useState(initiallyStuck);

  const onScroll = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    const near = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    stick.current = near;
    if (near) pinnedTop.current = element.scrollTop;
    setAtBottom(near);
  }, [ref]);

  // Called whenever the content may have grown (new rows, a reply growing, a resize). Growth never
  // moves scrollTop, so a view above where it was last pinned (and not clamped to the bottom by
  // content that shrank) was scrolled by the user, even before the scroll event, which arrives
  // asynchronously and would otherwise come after the view had been pinned back down.
  const follow = useCallback(() => {
    const element = ref.current;
    if (!element || !stick.current) return;
    const scrolledUp =
      pinnedTop.current - element.scrollTop > 1 && element.scrollHeight - element.clientHeight - element.scrollTop > 1;
    if (scrolledUp) {
      stick.current = false;
      setAtBottom(false);
      return;
    }
    element.scrollTop = element.scrollHeight;
    pinnedTop.current = element.scrollTop;
  }, [ref]);

  const isStuck = useCallback(() => stick.current, []);

  const scrollToBottom = useCallback(() => {
    stick.current = true;
    pinnedTop.current = 0;
    setAtBottom(true);
    follow();
  }, [follow]);

  // A new message of the user's own always brings the view back down (not the first render's key).
  const lastForceKey = useRef(forceKey);
  useLayoutEffect(() => {
    if (Object.is(lastForceKey.current, forceKey)) return;
    lastForceKey.current = forceKey;
    stick.current = true;
    pinnedTop.current = 0;
    setAtBottom(true);
  }, [forceKey]);

  useLayoutEffect(follow, [follow, content, forceKey]);

  return { atBottom, onScroll, scrollToBottom, follow, isStuck };
}
