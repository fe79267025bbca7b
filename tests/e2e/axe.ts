import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
};

/** Runs axe-core (WCAG 2.x A/AA rules) in the page; returns the violations, compactly. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // The CSP forbids inline scripts, so axe is evaluated through the DevTools protocol instead.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.evaluate', { expression: axeSource });
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then(r => JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => ({ target: n.target, html: n.html.slice(0, 200) })) }))))`,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  return JSON.parse(result.value as string) as AxeViolation[];
}
