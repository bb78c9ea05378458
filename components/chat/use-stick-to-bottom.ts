"use client";
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from "react";

const NEAR_BOTTOM_PX = 64;

// Keeps a scroll container pinned to its bottom while content grows, unless the user scrolled up.
export function useStickToBottom(ref: RefObject<HTMLElement | null>, content: unknown, forceKey: unknown) {
  const stick = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const onScroll = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    const near = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    stick.current = near;
    setAtBottom(near);
  }, [ref]);

  const scrollToBottom = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    stick.current = true;
    setAtBottom(true);
    element.scrollTop = element.scrollHeight;
  }, [ref]);

  // A new message of the user's own always brings the view back down.
  useLayoutEffect(() => {
    stick.current = true;
  }, [forceKey]);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [ref, content, forceKey]);

  return { atBottom, onScroll, scrollToBottom };
}
