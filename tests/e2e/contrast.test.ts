import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { E2E_PORTS } from './ports';
import { latestMail, newContext, serveApp, staffLogin } from './support';

/*
 * WCAG 2.2 AA contrast as Chromium draws the pages, in light and dark mode: every visible text against the
 * background it sits on (4.5:1, large text 3:1 — 1.4.3), every input's border against the background around it and
 * the keyboard focus ring of every control against the background next to it (3:1 — 1.4.11). axe checks text too
 * (tests/e2e/a11y.test.ts) but not borders nor focus rings. Colours are read with getComputedStyle and resolved
 * through a canvas, so any CSS colour syntax counts; a background is the element's own, else its ancestors',
 * semi-transparent layers composited. Disabled controls are exempt, as WCAG says.
 */
const app = serveApp(E2E_PORTS.contrast);

type Finding = { what: string; where: string; fg: string; bg: string; ratio: number; need: number };

/**
 * Runs in the page (a string, so the bundler adds nothing to it). `scope` limits the check to one element's
 * subtree; with `focus` set, every tabbable control is focused in turn and its ring measured.
 */
const AUDIT = String.raw`
(({ scope, focus }) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  const rgba = (css) => {
    g.clearRect(0, 0, 1, 1);
    g.fillStyle = '#000';
    g.fillStyle = css;
    g.fillRect(0, 0, 1, 1);
    const [r, gg, b, a] = g.getImageData(0, 0, 1, 1).data;
    // A transparent colour reads back as 0,0,0,0; keep its alpha only.
    return { r, g: gg, b, a: a / 255 };
  };
  const over = (top, bottom) => {
    const a = top.a + bottom.a * (1 - top.a);
    if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
    const mix = (t, u) => (t * top.a + u * bottom.a * (1 - top.a)) / a;
    return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
  };
  const lum = (c) => {
    const ch = (v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  // The background an element's content is drawn on: its own and its ancestors' layers down to an opaque one.
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.a > 0) layers.push(c);
      if (c.a >= 1) break;
    }
    let bg = rgba(getComputedStyle(document.documentElement).colorScheme === 'dark' ? '#000' : '#fff');
    for (const l of layers.reverse()) bg = over(l, bg);
    return bg;
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const describe = (el) => {
    const id = el.id ? '#' + el.id : '';
    const testid = el.getAttribute('data-testid') ? '[data-testid=' + el.getAttribute('data-testid') + ']' : '';
    const text = (el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || '').trim().slice(0, 40);
    return el.tagName.toLowerCase() + id + testid + ' "' + text + '"';
  };
  const shown = (el) => {
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const inactive = (el) => !!el.closest(':disabled, [aria-disabled="true"]');
  const root = scope ? document.querySelector(scope) : document.body;
  if (!root) return [{ what: 'scope', where: scope + ' not found', fg: '', bg: '', ratio: 0, need: 1 }];
  const out = [];
  const check = (what, el, fg, bg, need) => {
    const r = ratio(fg, bg);
    if (r + 1e-6 < need) out.push({ what, where: describe(el), fg: hex(fg), bg: hex(bg), ratio: Math.round(r * 100) / 100, need });
  };
  const large = (s) => {
    const px = parseFloat(s.fontSize);
    return px >= 24 || (px >= 18.66 && Number(s.fontWeight) >= 700);
  };

  if (!focus) {
    // 1.4.3: every element with text of its own, and what is typed into a field (and its placeholder).
    const all = [root, ...root.querySelectorAll('*')];
    for (const el of all) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const field = el.matches('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea, select');
      if ((!own && !field) || !shown(el) || inactive(el)) continue;
      const s = getComputedStyle(el);
      const bg = background(el);
      const fg = rgba(s.color);
      fg.a *= opacity(el);
      check('text', el, over(fg, bg), bg, large(s) ? 3 : 4.5);
      if (field && el.placeholder) {
        const p = rgba(getComputedStyle(el, '::placeholder').color);
        p.a *= opacity(el);
        check('placeholder', el, over(p, bg), bg, large(s) ? 3 : 4.5);
      }
    }
    // 1.4.11: the border that shows where a field is, against the background around it.
    for (const el of root.querySelectorAll('input:not([type=hidden]), textarea, select')) {
      if (!shown(el) || inactive(el)) continue;
      const s = getComputedStyle(el);
      if (['checkbox', 'radio'].includes(el.type) && s.appearance !== 'none') continue;
      const around = background(el.parentElement);
      for (const side of ['Top', 'Right', 'Bottom', 'Left']) {
        if (s['border' + side + 'Style'] === 'none' || parseFloat(s['border' + side + 'Width']) === 0) continue;
        check('border-' + side.toLowerCase(), el, over(rgba(s['border' + side + 'Color']), around), around, 3);
      }
    }
    return out;
  }

  // 1.4.11 and 2.4.7: the ring around the focused control, against the background next to it.
  const tabbable = root.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])',
  );
  for (const el of tabbable) {
    if (!shown(el) || el.matches(':disabled')) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    const around = background(el.parentElement);
    if (!el.matches(':focus-visible')) {
      out.push({ what: 'focus-visible', where: describe(el), fg: '', bg: hex(around), ratio: 0, need: 3 });
      continue;
    }
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) {
      check('focus-ring', el, over(rgba(s.outlineColor), around), around, 3);
    } else if (s.boxShadow !== 'none') {
      const c = /(rgba?\([^)]*\)|#[0-9a-f]{3,8})/i.exec(s.boxShadow);
      check('focus-shadow', el, over(rgba(c ? c[1] : 'transparent'), around), around, 3);
    } else {
      out.push({ what: 'focus-ring', where: describe(el) + ' has no outline of 2px or more', fg: '', bg: hex(around), ratio: 0, need: 3 });
    }
  }
  document.activeElement?.blur?.();
  return out;
})
`;

async function audit(page: Page, scope?: string): Promise<Finding[]> {
  // A key press first: from then on the browser shows the focus ring for focus() as for the Tab key.
  await page.keyboard.press('Shift');
  const run = (focus: boolean) =>
    page.evaluate(`${AUDIT}(${JSON.stringify({ scope: scope ?? null, focus })})`) as Promise<Finding[]>;
  return [...(await run(false)), ...(await run(true))];
}

const SCHEMES = ['light', 'dark'] as const;

/** Checks the page in both colour schemes; returns what failed, each line naming the page and scheme. */
async function bothSchemes(page: Page, where: string, scope?: string): Promise<string[]> {
  const failed: string[] = [];
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const f of await audit(page, scope)) {
      failed.push(`${where} (${colorScheme}) ${f.what} ${f.where}: ${f.fg} on ${f.bg} = ${f.ratio}:1 < ${f.need}:1`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return failed;
}

const PUBLIC_PAGES = [
  '/login',
  '/help',
  '/help/login-trouble',
  '/help/login-trouble?symptom=passkey-message',
  '/help/passkey-cannot-login',
  '/help/search?q=パスキー',
  '/help/en',
  '/help/en/passkey-cannot-login',
  '/recovery/status',
  '/recovery/not-me',
  '/recovery/password',
  '/recovery/login-id',
  '/recovery/resume',
  '/staff/login',
];

async function press(page: Page, name: string) {
  await page.getByRole('button', { name, exact: true }).click();
}

describe('contrast (WCAG 2.2 AA) in Chromium, light and dark', () => {
  it('every public page: text, input borders and focus rings', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    const failed: string[] = [];
    for (const path of PUBLIC_PAGES) {
      await page.goto(path);
      failed.push(...(await bothSchemes(page, path)));
    }
    // The refusal of a login, with its error colours.
    await page.goto('/login');
    await page.getByLabel('ログインID').fill('demo-normal');
    await page.getByLabel('パスワード', { exact: true }).fill('wrong-password');
    await press(page, 'ログイン');
    await page.getByRole('alert').first().waitFor();
    failed.push(...(await bothSchemes(page, '/login refused')));
    expect(failed).toEqual([]);
    await ctx.close();
  }, 240_000);

  it('every step of a live recovery, a refusal included', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    const failed: string[] = [];
    const step = async (name: string) => {
      await page.locator(`section[data-step="${name}"]`).waitFor();
      failed.push(...(await bothSchemes(page, `/recovery ${name}`)));
    };
    await page.goto('/recovery');
    await step('intro');
    await press(page, '本人確認をはじめる');
    await step('credentials');
    await page.getByLabel('ログインID', { exact: true }).fill('demo-normal');
    await page.getByLabel('パスワード', { exact: true }).fill('wrong-password');
    await press(page, '次へ');
    await page.getByTestId('recovery-error').waitFor();
    await step('credentials');
    await page.getByLabel('パスワード', { exact: true }).fill('Passw0rd!demo');
    await press(page, '次へ');
    await step('secret_question');
    await page.getByLabel('秘密の質問の答え', { exact: true }).fill('ポチ');
    await press(page, '次へ');
    await step('account_data');
    await page.getByLabel('生年月日', { exact: true }).fill('1990-01-31');
    await page.getByLabel('部店コード', { exact: true }).fill('101');
    await page.getByLabel('口座番号', { exact: true }).fill('7654321');
    await press(page, '次へ');
    await step('otp');
    const mail = await latestMail(app.url, 'normal@example.jp', '確認コード');
    await page.getByLabel('確認コード', { exact: true }).fill(/確認コード：(\d{6})/.exec(mail!.body)![1]);
    await press(page, '次へ');
    await step('review');
    await page.locator('summary', { hasText: '手続きをやめる' }).click();
    failed.push(...(await bothSchemes(page, '/recovery review, 手続きをやめる open')));
    await press(page, 'やめる');
    await step('cancelled');
    expect(failed).toEqual([]);
    await ctx.close();
  }, 240_000);

  it('every state and error of both flow kinds, as the staff preview draws it with the customer’s components', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    await staffLogin(page, 'viewer@example.jp');
    await page.goto('/staff/preview');
    // Every state and error the preview map links to (the emails are not screens of the flow).
    const states = await page
      .locator('main a[href^="/staff/preview/"]:not([href^="/staff/preview/emails"])')
      .evaluateAll((as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))]);
    expect(states.length).toBeGreaterThanOrEqual(20);
    const failed: string[] = [];
    // In Japanese: the colours are the same in English, only the words differ.
    for (const href of states) {
      await page.goto(href);
      await page.locator('[data-mode="preview"]').first().waitFor();
      failed.push(...(await bothSchemes(page, href, '[data-mode="preview"]')));
    }
    expect(failed).toEqual([]);
    await ctx.close();
  }, 480_000);
});
