import { describe, expect, it } from 'vitest';
import { newContext, serveApp } from './support';
import { E2E_PORTS } from './ports';

const app = serveApp(E2E_PORTS.siteAssets);

describe('site icons and the social card', () => {
  it('every page names the favicon, the touch icon and the social card, and each is served as an image', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    await page.goto('/help');
    const hrefs = await page.evaluate(() => ({
      icons: [...document.querySelectorAll('link[rel="icon"]')].map((l) => l.getAttribute('href')),
      apple: document.querySelector('link[rel="apple-touch-icon"]')?.getAttribute('href'),
      og: document.querySelector('meta[property="og:image"]')?.getAttribute('content'),
    }));
    expect(hrefs.icons).toContain('/favicon.svg');
    expect(hrefs.apple).toBe('/apple-touch-icon.png');
    expect(hrefs.og).toBe(`${app.url}/og-image.png`);
    for (const [path, type] of [
      ['/favicon.svg', 'image/svg+xml'],
      ['/icon-192.png', 'image/png'],
      ['/apple-touch-icon.png', 'image/png'],
      ['/og-image.png', 'image/png'],
    ]) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()['content-type'], path).toContain(type);
    }
    await ctx.close();
  });
});
