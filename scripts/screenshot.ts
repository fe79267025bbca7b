// npx tsx scripts/screenshot.ts <url> <out.png> [mobile]  — a look at a page in Debian's Chromium
import { launchBrowser, newContext } from '../tests/e2e/support';

const [url, out, mode] = process.argv.slice(2);
const browser = await launchBrowser();
const ctx = await newContext({ browser, url: new URL(url).origin }, { mobile: mode === 'mobile' });
const page = await ctx.newPage();
await page.goto(url, { waitUntil: 'networkidle' });
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(out);
