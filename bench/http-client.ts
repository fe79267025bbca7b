/**
 * A lean closed-loop HTTP load client for the benchmarks: keep-alive connections through node:http,
 * the body drained but not decoded. `fetch` (undici) spends several times more CPU per request, and
 * the client shares the machine's two cores with the server it measures. Requests ask for gzip,
 * as browsers and the app do, so the server's compression is part of what is measured.
 */
import http from 'node:http';

export type LoadResult = {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  rate429: number;
};

export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

/** One GET on a keep-alive agent: resolves with the status once the whole body has arrived. */
export function get(agent: http.Agent, url: URL, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        agent,
        headers: { 'accept-encoding': 'gzip', 'accept-language': 'ja', ...headers },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * `connections` clients, each sending its next request when the last one answered, for `seconds`.
 * `pathFor(i)` gives the i-th request's path (a rotation of queries, say).
 */
export async function closedLoop(
  base: string,
  pathFor: (i: number) => string,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let rate429 = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const url = new URL(pathFor(next++), base);
          const t0 = performance.now();
          try {
            const status = await get(agent, url);
            if (status === 429) rate429++;
            else if (status >= 400) errors++;
          } catch {
            errors++;
          }
          latencies.push(performance.now() - t0);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const secs = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const r1 = (v: number) => Math.round(v * 10) / 10;
  return {
    requests: latencies.length,
    seconds: secs,
    rps: Math.round(latencies.length / secs),
    p50: r1(percentile(latencies, 50)),
    p95: r1(percentile(latencies, 95)),
    p99: r1(percentile(latencies, 99)),
    errors,
    rate429,
  };
}
