// The Prometheus metrics of this process (GET /api/metrics, docs/operations.md#metrics). Plain JavaScript:
// server.mjs times every request before Next is loaded, and the app's code (bundled by Next) counts
// recovery steps, refusals and searches into the same registry — one per process, kept on globalThis,
// since server.mjs and Next's bundles each load their own copy of this module.
// Every label has a bounded set of values: route patterns from Next's manifest (never a raw path),
// status classes, step and outcome names from a fixed list.
import client from 'prom-client';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function create() {
  const registry = new client.Registry();
  // Event-loop lag, heap, RSS, GC, handles: prom-client's process and Node.js metrics.
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const registers = [registry];
  return {
    registry,
    httpDuration: new client.Histogram({
      name: 'lhp_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern (e.g. /help/[slug], never the raw path), method and status class.',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS,
      registers,
    }),
    recoverySteps: new client.Counter({
      name: 'lhp_recovery_step_outcomes_total',
      help: 'Recovery steps by step and outcome kind (ok, or the error code: verification_failed, locked, rate_limited …).',
      labelNames: ['step', 'kind'],
      registers,
    }),
    rateLimitRefusals: new client.Counter({
      name: 'lhp_rate_limit_refusals_total',
      help: "Requests refused by a rate limit, by the limit's name.",
      labelNames: ['limit'],
      registers,
    }),
    searchDuration: new client.Histogram({
      name: 'lhp_help_search_duration_seconds',
      help: 'Help search latency (the memo or the engine), by language.',
      labelNames: ['lang', 'cached'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    searchZeroResults: new client.Counter({
      name: 'lhp_help_search_zero_results_total',
      help: 'Help searches that found nothing, by language.',
      labelNames: ['lang'],
      registers,
    }),
    outboxPending: new client.Gauge({
      name: 'lhp_outbox_pending',
      help: 'Emails in the outbox not yet delivered.',
      registers,
    }),
    outboxOldestAge: new client.Gauge({
      name: 'lhp_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest undelivered email (0 when none).',
      registers,
    }),
    dbPoolInUse: new client.Gauge({
      name: 'lhp_db_pool_in_use',
      help: 'Database connections of this instance running a statement or a transaction.',
      registers,
    }),
    dbPoolWaiting: new client.Gauge({
      name: 'lhp_db_pool_waiting',
      help: 'Statements and transactions of this instance waiting for a free connection.',
      registers,
    }),
    dbPoolMax: new client.Gauge({
      name: 'lhp_db_pool_max',
      help: 'Connections this instance may open.',
      registers,
    }),
  };
}

/** @returns {import("./registry.d.mts").Metrics} */
export function metrics() {
  const g = /** @type {any} */ (globalThis);
  return (g.__lhpMetrics ??= create());
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A status code as its class: 2xx … 5xx. */
export function statusClass(status) {
  const c = Math.floor(Number(status) / 100);
  return c >= 1 && c <= 5 ? `${c}xx` : 'other';
}

/** Records one finished request. `route` must come from routePattern (bounded). */
export function observeRequest(method, route, status, seconds) {
  metrics().httpDuration.observe(
    { method: METHODS.has(method) ? method : 'other', route, status: statusClass(status) },
    seconds,
  );
}
