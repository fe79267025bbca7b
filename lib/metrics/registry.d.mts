import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  recoverySteps: Counter<'step' | 'kind'>;
  rateLimitRefusals: Counter<'limit'>;
  searchDuration: Histogram<'lang' | 'cached'>;
  searchZeroResults: Counter<'lang'>;
  outboxPending: Gauge;
  outboxOldestAge: Gauge;
  dbPoolInUse: Gauge;
  dbPoolWaiting: Gauge;
  dbPoolMax: Gauge;
};
export function metrics(): Metrics;
export function statusClass(status: number): string;
export function observeRequest(method: string, route: string, status: number, seconds: number): void;
