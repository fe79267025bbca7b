import type { IncomingMessage, ServerResponse } from 'node:http';

export const TTL_MS: number;
export const STALE_MS: number;
export function pageCacheKey(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): string | null;
export function freshNonce(): string;
export type PageCache = {
  serve(key: string, req: IncomingMessage, res: ServerResponse): boolean;
  fill(key: string, req: IncomingMessage, res: ServerResponse): void;
  size(): number;
  bytes(): number;
  clear(): void;
};
export function createPageCache(opts?: {
  ttlMs?: number;
  staleMs?: number;
  maxBytes?: number;
  now?: () => number;
}): PageCache;
/** A stored page as one gzip member, `nonce` between its parts: the buffers to write, in order. */
export function gzipMember(parts: Buffer[], deflated: Buffer[], nonce: Buffer): Buffer[];
