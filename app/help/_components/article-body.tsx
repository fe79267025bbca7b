import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Block, Inline } from '@/lib/help/markdown';
import styles from './help.module.css';

type Ctx = { href: (h: string) => string; text: (s: string) => string };

function inlines(nodes: Inline[], ctx: Ctx): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.type) {
      case 'text':
        return ctx.text(n.text);
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{inlines(n.children, ctx)}</strong>;
      case 'link':
        // Only same-site paths reach here (markdown.ts drops every other link).
        return n.href.startsWith('#') ? (
          <a key={i} href={n.href}>
            {inlines(n.children, ctx)}
          </a>
        ) : (
          <Link key={i} href={ctx.href(n.href)}>
            {inlines(n.children, ctx)}
          </Link>
        );
    }
  });
}

/** An article's Markdown, rendered as React elements: no HTML from the content is ever injected. */
export function ArticleBody({ blocks, href, text }: { blocks: Block[]; href: Ctx['href']; text: Ctx['text'] }) {
  const ctx: Ctx = { href, text };
  return (
    <div className={styles.body}>
      {blocks.map((b, i) => {
        switch (b.type) {
          case 'heading': {
            const H = `h${b.level}` as 'h2' | 'h3' | 'h4';
            return (
              <H key={i} id={b.id}>
                {inlines(b.children, ctx)}
              </H>
            );
          }
          case 'paragraph':
            return <p key={i}>{inlines(b.children, ctx)}</p>;
          case 'quote':
            return (
              <blockquote key={i}>
                <p>{inlines(b.children, ctx)}</p>
              </blockquote>
            );
          case 'list': {
            const L = b.ordered ? 'ol' : 'ul';
            return (
              <L key={i}>
                {b.items.map((it, j) => (
                  <li key={j}>{inlines(it, ctx)}</li>
                ))}
              </L>
            );
          }
        }
      })}
    </div>
  );
}
