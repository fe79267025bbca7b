import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Handle } from '../../db/client';
import type { HelpIndexSlots } from '../help/search-index';
import type { Job } from '../jobs/registry';

/**
 * The process-wide handles, kept on globalThis so that every copy of a module (Next bundles the server
 * more than once, and server.mjs is plain Node) shares one: declared here, once, for the whole program.
 * server.mjs and lib/http/*.mjs use the same names untyped.
 */
declare global {
  /** The request id of the current request (opened by server.mjs, read by the logger). */
  var __lhpRequestContext: AsyncLocalStorage<{ requestId: string }> | undefined;
  /** Run in order on SIGTERM/SIGINT by server.mjs: the relay and jobs stop, then the database closes. */
  var __lhpShutdownHooks: (() => Promise<void>)[] | undefined;
  /** The one database of this process (db/client.ts). */
  var __lhpDb: Promise<Handle> | undefined;
  /** The scheduled jobs registered on import (lib/jobs/registry.ts). */
  var __lhpJobs: Map<string, Job> | undefined;
  /** The help search's copies of the article vectors, per database and language (lib/help/search-index.ts). */
  var __lhpHelpIndexes: HelpIndexSlots | undefined;
}

export {};
