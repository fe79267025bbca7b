import { Fragment } from 'react';
import type { SnippetPart } from '@/lib/help/snippet';

/** Highlighted text as React nodes: text is always text, only <mark> is added. */
export function MarkedText({ parts }: { parts: SnippetPart[] }) {
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}</>;
}
