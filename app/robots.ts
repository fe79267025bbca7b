import type { MetadataRoute } from 'next';
import { appOrigin } from '@/lib/config/env';

export const dynamic = 'force-dynamic';

/** Help pages are for search engines; recovery, accounts, staff and APIs are not. */
export default function robots(): MetadataRoute.Robots {
  return {
    rules: [
      {
        userAgent: '*',
        allow: ['/help', '/login'],
        disallow: ['/recovery', '/account', '/staff', '/api', '/dev', '/help/search', '/help/en/search'],
      },
    ],
    sitemap: new URL('/sitemap.xml', appOrigin()).toString(),
  };
}
