"use client";
import { memo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";

interface MarkdownNode {
  type: string;
  value?: string;
  children?: MarkdownNode[];
}

const blockParents = new Set(["root", "blockquote", "listItem"]);

// Model output is untrusted: raw HTML becomes literal text instead of being dropped or rendered,
// so `<script>` or `<img onerror>` in a reply is visible and inert.
function remarkHtmlAsText() {
  return (tree: MarkdownNode) => {
    const walk = (node: MarkdownNode) => {
      node.children = node.children?.map((child) => {
        if (child.type !== "html") {
          walk(child);
          return child;
        }
        const text: MarkdownNode = { type: "text", value: child.value ?? "" };
        return blockParents.has(node.type) ? { type: "paragraph", children: [text] } : text;
      });
    };
    walk(tree);
  };
}

const components: Components = {
  // Unsafe URLs (javascript: and the like) arrive here emptied by react-markdown: show plain text.
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <>{children}</>
    ),
  // Remote images in a reply would be fetched from anywhere; show them as links instead.
  img: ({ src, alt }) =>
    typeof src === "string" && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer">
        {alt || src}
      </a>
    ) : (
      <>{alt}</>
    ),
};

const remarkPlugins = [remarkHtmlAsText];

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
