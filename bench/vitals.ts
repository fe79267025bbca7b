import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/support';

/**
 * Core Web Vitals of the public pages in Chromium with a phone profile: a 412 × 823 touch screen, the CPU slowed
 * 4× (Emulation.setCPUThrottlingRate) and DevTools' "Slow 4G" network (Network.emulateNetworkConditions: 562.5 ms
 * latency, 1.44 Mbit/s down, 675 kbit/s up). Every run is a fresh context, so nothing comes from the cache. LCP is
 * the last `largest-contentful-paint` entry once the page is idle; CLS is the largest session window of
 * `layout-shift` entries (gaps < 1 s, ≤ 5 s long), as web-vitals counts it. Five cold loads per page: on two cores
 * shared by Chromium's processes one load's LCP varies by ±300 ms, which three samples' median does not settle.
 */
export type VitalsRow = {
  page: string;
  runs: number;
  'TTFB ms': number;
  'FCP ms': number;
  'LCP ms': number;
  'LCP element': string;
  CLS: number;
  target: string;
  met: string;
};

export const VITALS_TARGET = { lcpMs: 1500, cls: 0.02 };

const SLOW_4G = { latency: 150 * 3.75, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };
const PHONE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
  locale: 'ja-JP',
};

type Sample = { ttfb: number; fcp: number; lcp: number; lcpElement: string; cls: number; shifts: string[] };

/** A page to measure: its label, its path, and optionally a way to put the visitor somewhere first (a cookie). */
export type VitalsPage = { label: string; path: string; prepare?: (ctx: BrowserContext) => Promise<void> };

export async function measureVitals(baseUrl: string, pages: VitalsPage[], runs = 5): Promise<VitalsRow[]> {
  const browser = await launchBrowser();
  const rows: VitalsRow[] = [];
  try {
    for (const p of pages) {
      // Warm the server (first render of a route), unthrottled and not counted.
      await sample(browser, baseUrl, p, false);
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await sample(browser, baseUrl, p, true));
      const lcps = samples.map((s) => s.lcp).sort((a, b) => a - b);
      const lcp = lcps[Math.floor(lcps.length / 2)]!;
      const median = samples.find((s) => s.lcp === lcp)!;
      const cls = Math.max(...samples.map((s) => s.cls));
      const worst = samples.find((s) => s.cls === cls)!;
      if (process.env.BENCH_VITALS_DEBUG && worst.shifts.length) console.log(p.label, 'shifts:', worst.shifts);
      rows.push({
        page: p.label,
        runs,
        'TTFB ms': Math.round(median.ttfb),
        'FCP ms': Math.round(median.fcp),
        'LCP ms': Math.round(lcp),
        'LCP element': median.lcpElement,
        CLS: Math.round(cls * 1000) / 1000,
        target: `LCP ≤ ${VITALS_TARGET.lcpMs} ms, CLS ≤ ${VITALS_TARGET.cls}`,
        met: lcp <= VITALS_TARGET.lcpMs && cls <= VITALS_TARGET.cls ? 'yes' : 'NO',
      });
    }
  } finally {
    await browser.close();
  }
  return rows;
}

async function sample(browser: Browser, baseUrl: string, p: VitalsPage, throttled: boolean): Promise<Sample> {
  const ctx = await browser.newContext({ ...PHONE, baseURL: baseUrl });
  try {
    await p.prepare?.(ctx);
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttled) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_4G });
    }
    await page.goto(baseUrl + p.path, { waitUntil: 'networkidle', timeout: 60_000 });
    // Hydration and anything it moves happen after the last byte; give them time on the slowed CPU.
    await page.waitForTimeout(throttled ? 2000 : 100);
    return (await page.evaluate(IN_PAGE)) as Sample;
  } finally {
    await ctx.close();
  }
}

/**
 * Reads the page's vitals from the buffered performance entries. A string, so that no compiler helper (tsx's
 * `__name`) ends up in code that runs in the page.
 */
const IN_PAGE = `new Promise((resolve) => {
  const describe = (n) => {
    if (!n || !(n instanceof Element)) return n ? n.nodeName : '?';
    const id = n.id ? '#' + n.id : '';
    const testid = n.getAttribute('data-testid') ? '[data-testid=' + n.getAttribute('data-testid') + ']' : '';
    const cls = typeof n.className === 'string' && n.className ? '.' + n.className.split(/\\s+/)[0] : '';
    return n.tagName.toLowerCase() + id + (testid || cls);
  };
  let lcp = 0, lcpElement = '', cls = 0, win = 0, first = 0, last = 0;
  const shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      lcp = e.startTime;
      lcpElement = describe(e.element);
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      if (win > 0 && e.startTime - last < 1000 && e.startTime - first < 5000) win += e.value;
      else {
        win = e.value;
        first = e.startTime;
      }
      last = e.startTime;
      cls = Math.max(cls, win);
      shifts.push(Math.round(e.startTime) + ' ms ' + e.value.toFixed(4) + ' ' + (e.sources || []).map((s) => describe(s.node)).join(' '));
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  // Buffered entries arrive in the observers' first callbacks, before this timer.
  setTimeout(() => resolve({ ttfb: nav ? nav.responseStart : 0, fcp: fcp ? fcp.startTime : 0, lcp, lcpElement, cls, shifts }), 50);
})`;

/**
 * A visitor in the middle of a passkey flow (at 「ログイン情報の確認」, where the flow's clock shows): starts one in
 * its own context and hands its cookie to the measured one.
 */
export function inFlow(baseUrl: string, browser?: Browser): VitalsPage['prepare'] {
  return async (ctx) => {
    const own = browser ?? ctx.browser()!;
    const start = await own.newContext({ ...PHONE, baseURL: baseUrl });
    try {
      const page = await start.newPage();
      await page.goto(baseUrl + '/recovery', { waitUntil: 'networkidle' });
      await page.locator('[data-step=intro] form button[type=submit]').click();
      await page.locator('[data-step=credentials]').waitFor();
      await ctx.addCookies(await start.cookies());
    } finally {
      await start.close();
    }
  };
}
