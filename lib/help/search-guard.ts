import { appOrigin } from '../config/env';
import { rateLimitPolicies } from '../config/security';
import { clientIp } from '../http/client-info';
import { clientKey } from '../http/client-key';
import { countRefusal } from '../metrics';
import { MemoryRateLimiter } from '../rate-limit/memory';
import type { RateDecision } from '../rate-limit';

const limiter = new MemoryRateLimiter(() => rateLimitPolicies().helpSearchesPerClient);

/**
 * Whether a search request may be logged for staff: only when the visitor searched on our own site
 * (the search box: `Sec-Fetch-Site: same-origin`) or opened the address themselves (`none`). A search
 * URL embedded in a third-party page (an <img>, a link, a form) is `cross-site`: logging it would let
 * that page write into the staff dashboard from every visitor's browser (docs/design.md#bounded-growth). A
 * client that sends no Fetch Metadata (an old browser, a script) is logged unless its Referer names
 * another site; a script is one client, which the dashboard counts once.
 */
export function loggableSearchRequest(h: Headers): boolean {
  const site = h.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const referer = h.get('referer');
  if (!referer) return true;
  try {
    return new URL(referer).origin === new URL(appOrigin()).origin;
  } catch {
    return false;
  }
}

/** The per-client search limit (this instance, per minute) and the client's key for the log. */
export function guardSearchRequest(h: Headers): { client: string; decision: RateDecision; log: boolean } {
  const client = clientKey(clientIp(h));
  const decision = limiter.hit(client);
  if (!decision.allowed) countRefusal('help-search');
  return { client, decision, log: loggableSearchRequest(h) };
}
