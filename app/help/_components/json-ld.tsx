import { headers } from 'next/headers';
import { serializeJsonLd } from '@/lib/help/json-ld';

/** Structured data with the request's CSP nonce; the JSON is escaped so it cannot end the element. */
export async function JsonLd({ data }: { data: Record<string, unknown> }) {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <script type="application/ld+json" nonce={nonce} dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />
  );
}
