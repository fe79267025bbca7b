/**
 * The path to send the visitor back to, percent-encoded (a Location header carries bytes, not
 * `/日本`) and still a path on this site after the URL parser's own normalisation (`/.//evil.example`
 * becomes `//evil.example`, another host): anything else goes to the home page.
 */
export function safeBackPath(back: string): string {
  try {
    const u = new URL(back, 'http://local.invalid');
    if (u.host !== 'local.invalid' || u.pathname.startsWith('//')) return '/';
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return '/';
  }
}
