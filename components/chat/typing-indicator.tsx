// Three dots while PhoGPT writes; decorative, the status line announces it.
export function TypingIndicator() {
  return (
    <span className="typing" aria-hidden="true">
      <span />
      <span />
      <span />
    </span>
  );
}
