import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'floor', robots: { index: false, follow: false } };

/** An empty App Router page: `npm run bench` measures the JS floor of every page against it. */
export default function Floor() {
  return <p>floor</p>;
}
