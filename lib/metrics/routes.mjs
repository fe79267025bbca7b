// The route pattern of a request path, for metric labels: `/help/[slug]`, never `/help/anything-typed`.
// Patterns come from the build's own route list (.next/routes-manifest.json), so the set of values is
// the set of routes the app has, plus a few fixed names; a path no route matches is `unmatched`.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * @param {string} root the app's directory (the one holding .next and public)
 * @returns {(pathname: string) => string}
 */
export function routeMatcher(root) {
  /** @type {Map<string, string>} */
  const exact = new Map();
  /** @type {{ re: RegExp; page: string }[]} */
  const dynamic = [];
  const publicFiles = new Set();
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, '.next', 'routes-manifest.json'), 'utf8'));
    for (const r of manifest.staticRoutes ?? []) exact.set(r.page, r.page);
    for (const r of manifest.dynamicRoutes ?? []) dynamic.push({ re: new RegExp(r.regex), page: r.page });
  } catch {
    // No build (dev): every page path is `unmatched`; the label set stays bounded all the same.
  }
  try {
    for (const f of readdirSync(path.join(root, 'public'))) publicFiles.add(`/${f}`);
  } catch {
    /* no public folder */
  }

  return (pathname) => {
    if (pathname.startsWith('/_next/static/')) return '/_next/static';
    if (pathname.startsWith('/_next/')) return '/_next';
    const p = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    const hit = exact.get(p);
    if (hit) return hit;
    for (const d of dynamic) if (d.re.test(p)) return d.page;
    if (publicFiles.has(p)) return '/[public file]';
    return 'unmatched';
  };
}
