import { launchBrowser } from '../tests/e2e/support';

export type BundleRow = { page: string; scripts: number; jsGzipKiB: number; overFloorKiB: number };

/**
 * First-load JavaScript as Chromium downloads it (encoded bytes, gzip), per page, beside an empty
 * App Router page measured in the same run.
 */
export async function measureFirstLoadJs(baseUrl: string, paths: string[]): Promise<BundleRow[]> {
  const browser = await launchBrowser();
  const rows: BundleRow[] = [];
  try {
    const measure = async (p: string) => {
      const ctx = await browser.newContext({ locale: 'ja-JP' });
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const types = new Map<string, string>();
      let bytes = 0;
      let scripts = 0;
      cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
      cdp.on('Network.loadingFinished', (e) => {
        if (types.get(e.requestId) === 'Script') {
          bytes += e.encodedDataLength;
          scripts++;
        }
      });
      await page.goto(baseUrl + p, { waitUntil: 'networkidle' });
      await ctx.close();
      return { bytes, scripts };
    };
    // A path with no page renders the root layout and app/not-found.tsx: the floor every page pays.
    const floor = await measure('/__bench-floor-not-a-page');
    rows.push({
      page: '(empty App Router page)',
      scripts: floor.scripts,
      jsGzipKiB: kib(floor.bytes),
      overFloorKiB: 0,
    });
    for (const p of paths) {
      const m = await measure(p);
      rows.push({ page: p, scripts: m.scripts, jsGzipKiB: kib(m.bytes), overFloorKiB: kib(m.bytes - floor.bytes) });
    }
  } finally {
    await browser.close();
  }
  return rows;
}

function kib(n: number): number {
  return Math.round((n / 1024) * 10) / 10;
}
