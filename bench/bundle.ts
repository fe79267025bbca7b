import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/support';

export type BundleRow = {
  page: string;
  scripts: number;
  jsGzipKiB: number;
  overFloorKiB: number;
  target?: string;
  met?: string;
};

/** A page to measure, its allowance over the floor in KiB, and optionally a way to put the visitor somewhere first. */
export type BundlePage = {
  label?: string;
  path: string;
  overFloorTargetKiB?: number;
  prepare?: (ctx: BrowserContext) => Promise<void>;
};

/**
 * First-load JavaScript as Chromium downloads it (encoded bytes, gzip), per page, beside an empty
 * App Router page measured in the same run. `BENCH_BUNDLE_SCRIPTS=1` also lists each page's scripts.
 */
export async function measureFirstLoadJs(baseUrl: string, pages: (string | BundlePage)[]): Promise<BundleRow[]> {
  const browser = await launchBrowser();
  const rows: BundleRow[] = [];
  try {
    const measure = async (p: BundlePage) => {
      const ctx = await browser.newContext({ locale: 'ja-JP' });
      await p.prepare?.(ctx);
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const requests = new Map<string, { type: string; url: string }>();
      const list: [string, number][] = [];
      let bytes = 0;
      let scripts = 0;
      cdp.on('Network.responseReceived', (e) => requests.set(e.requestId, { type: e.type, url: e.response.url }));
      cdp.on('Network.loadingFinished', (e) => {
        const r = requests.get(e.requestId);
        if (r?.type === 'Script') {
          bytes += e.encodedDataLength;
          scripts++;
          list.push([r.url.replace(baseUrl, ''), kib(e.encodedDataLength)]);
        }
      });
      await page.goto(baseUrl + p.path, { waitUntil: 'networkidle' });
      await ctx.close();
      if (process.env.BENCH_BUNDLE_SCRIPTS)
        console.log(
          p.label ?? p.path,
          list.sort((a, b) => b[1] - a[1]),
        );
      return { bytes, scripts };
    };
    // A path with no page renders the root layout and app/not-found.tsx: the floor every page pays.
    const floor = await measure({ path: '/__bench-floor-not-a-page' });
    rows.push({
      page: '(empty App Router page)',
      scripts: floor.scripts,
      jsGzipKiB: kib(floor.bytes),
      overFloorKiB: 0,
    });
    for (const entry of pages) {
      const p = typeof entry === 'string' ? { path: entry } : entry;
      const m = await measure(p);
      const over = kib(m.bytes - floor.bytes);
      const target = p.overFloorTargetKiB;
      rows.push({
        page: p.label ?? p.path,
        scripts: m.scripts,
        jsGzipKiB: kib(m.bytes),
        overFloorKiB: over,
        ...(target === undefined ? {} : { target: `≤ +${target} KiB`, met: over <= target ? 'yes' : 'NO' }),
      });
    }
  } finally {
    await browser.close();
  }
  return rows;
}

function kib(n: number): number {
  return Math.round((n / 1024) * 10) / 10;
}
