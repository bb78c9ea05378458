"use client";
import { Fragment, memo, useMemo, type ReactNode } from "react";
import { parseMarkdown, type Block, type Inline } from "./markdown-parse";

// Model output is untrusted: it is parsed into a few known elements (markdown-parse.ts) and
// rendered as React text, so `<script>` or `<img onerror>` in a reply is visible and inert.

function inlines(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, key) => {
    if (typeof node === "string") return node;
    switch (node.type) {
      case "strong":
        return <strong key={key}>{inlines(node.children)}</strong>;
      case "em":
        return <em key={key}>{inlines(node.children)}</em>;
      case "code":
        return <code key={key}>{node.value}</code>;
      case "break":
        return <br key={key} />;
      case "link":
        return (
          <a key={key} href={node.href} target="_blank" rel="noopener noreferrer">
            {inlines(node.children)}
          </a>
        );
    }
  });
}

function blocks(nodes: Block[], tight = false): ReactNode[] {
  return nodes.map((node, key) => {
    switch (node.type) {
      case "paragraph":
        // A tight list's items hold their text directly, as CommonMark renders them.
        return tight ? (
          <Fragment key={key}>{inlines(node.children)}</Fragment>
        ) : (
          <p key={key}>{inlines(node.children)}</p>
        );
      case "heading": {
        const Heading = `h${Math.min(6, Math.max(1, node.level))}` as "h1";
        return <Heading key={key}>{inlines(node.children)}</Heading>;
      }
      case "code":
        return (
          <pre key={key}>
            <code className={node.language ? `language-${node.language}` : undefined}>{node.value}</code>
          </pre>
        );
      case "quote":
        return <blockquote key={key}>{blocks(node.children)}</blockquote>;
      case "rule":
        return <hr key={key} />;
      case "list": {
        const items = node.items.map((item, index) => <li key={index}>{blocks(item, node.tight)}</li>);
        return node.ordered ? (
          <ol key={key} start={node.start === 1 ? undefined : node.start}>
            {items}
          </ol>
        ) : (
          <ul key={key}>{items}</ul>
        );
      }
    }
  });
}

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const tree = useMemo(() => parseMarkdown(text), [text]);
  return <div className="markdown">{blocks(tree)}</div>;
});
