/**
 * Runs once when the server starts: validates configuration, with SMTP_URL starts the outbox relay,
 * and starts the scheduled jobs (retention and the others in lib/jobs/all.ts).
 */
export async function register() {
  // NEXT_RUNTIME is set by Next itself, not configuration (so not in lib/config/env.ts).
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Under `next start` / `next dev` nothing else tells the app the socket address (Next only fills
  // X-Forwarded-For when the client sent none) or bounds a body before Next buffers it: guard every
  // request the way server.mjs does (lib/http/request-guard.mjs, lib/http/client-info.ts).
  const { guardEveryRequest } = await import('./lib/http/request-guard.mjs');
  guardEveryRequest();
  const { env } = await import('./lib/config/env');
  const e = env(); // fails fast with a clear message on bad configuration
  if (e.DATABASE_URL) {
    // postgres.js is in use: refuse to start without its patch (lib/config/postgres-patch.ts).
    const { assertPostgresPatched } = await import('./lib/config/postgres-patch');
    assertPostgresPatched();
  }
  if (e.NODE_ENV === 'production' && !e.AUTH_SECRET) {
    throw new Error(
      'Invalid configuration:\n  AUTH_SECRET: required in production (32+ random characters; `npm run demo` makes one for you)',
    );
  }
  if (e.SMTP_URL) {
    const { getDb } = await import('./db/client');
    const { smtpTransport, startRelayLoop } = await import('./lib/notify/relay');
    const stop = startRelayLoop(getDb, await smtpTransport(e.SMTP_URL, e.MAIL_FROM));
    (globalThis.__lhpShutdownHooks ??= []).unshift(async () => stop());
  }
  // The audit checkpoint key: unreadable is a configuration error (fail fast); missing, a warning —
  // the chain is still verified, but nothing outside the database vouches for it (docs/operations.md).
  const { configuredAuditKeys } = await import('./lib/audit/jobs');
  let auditKeys: ReturnType<typeof configuredAuditKeys>;
  try {
    auditKeys = configuredAuditKeys();
  } catch (err) {
    throw new Error(`Invalid configuration:\n  ${(err as Error).message}`);
  }
  if (!auditKeys?.signer) {
    const { logger } = await import('./lib/log');
    logger.warn(
      { event: 'audit.checkpoint.disabled' },
      'AUDIT_SIGNING_KEY is not set: no signed audit checkpoints will be written',
    );
  }
  if (e.JOBS_ENABLED) {
    const { getDb } = await import('./db/client');
    if (auditKeys?.signer) {
      const { registerShutdownCheckpoint } = await import('./lib/audit/jobs');
      void getDb()
        .then(registerShutdownCheckpoint)
        .catch(() => undefined);
    }
    await import('./lib/jobs/all');
    const { registeredJobs, startScheduler } = await import('./lib/jobs');
    const stopJobs = startScheduler(getDb, registeredJobs());
    (globalThis.__lhpShutdownHooks ??= []).unshift(stopJobs);
  }
  // The help search's copy of the article vectors (lib/help/search-index.ts), built now rather than by the first
  // search; a database not ready yet only leaves that to the first search.
  const { getDb } = await import('./db/client');
  const { warmHelpIndexes } = await import('./lib/help/search-index');
  void getDb()
    .then(warmHelpIndexes)
    .catch(() => undefined);
}
