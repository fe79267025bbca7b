import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { startServer, type RunningServer, type StartMode } from './server';
import { E2E_PORTS } from './ports';

/*
 * RT-33, RT-37: the client address behind 0, 1 and 2 appending proxies, on every way of starting the
 * app. The per-IP limit on new recovery flows (3 an hour here) shows which address the app counted:
 * rotating what the client writes must not buy a fourth flow, and another real client must still get
 * one. Clients are told apart by the loopback address they connect from (127.0.0.x).
 */

const LIMIT = 3;
const env = { IP_MAX_FLOWS_PER_HOUR: String(LIMIT) };

type Reply = { status: number; body: string };

function request(
  port: number,
  opts: { path?: string; localAddress?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: opts.path ?? '/api/v1/recovery/flows',
        localAddress: opts.localAddress,
        headers: { 'content-type': 'application/json', ...opts.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body ?? '{}');
  });
}

/**
 * A reverse proxy that appends the address it saw to X-Forwarded-For, as nginx's
 * `$proxy_add_x_forwarded_for` and cloud load balancers do. `peer` stands in for that address (to
 * play clients arriving over IPv6).
 */
async function appendingProxy(
  targetPort: number,
  peer?: (req: http.IncomingMessage) => string,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const seen = peer?.(req) ?? (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const prior = req.headers['x-forwarded-for'];
    const headers: http.OutgoingHttpHeaders = { ...req.headers, 'x-forwarded-for': prior ? `${prior}, ${seen}` : seen };
    delete headers['x-test-peer'];
    const up = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** `LIMIT` flows and then 429 for one client whatever it writes, and a fresh 201 for another client. */
async function expectLimitFollowsClient(
  port: number,
  spoof: (i: number) => Record<string, string>,
  client: string,
  other: string,
) {
  const statuses: number[] = [];
  for (let i = 0; i <= LIMIT; i++)
    statuses.push((await request(port, { localAddress: client, headers: spoof(i) })).status);
  expect(statuses).toEqual([...Array(LIMIT).fill(201), 429]);
  expect((await request(port, { localAddress: other, headers: spoof(99) })).status).toBe(201);
}

/** Everything a client could write to choose its address, different on every request. */
const everySpoof = (i: number) => ({
  'x-forwarded-for': `198.51.100.${i + 1}`,
  'x-real-ip': `198.51.100.${i + 1}`,
  forwarded: `for=198.51.100.${i + 1}`,
  'x-lhp-socket-ip': `203.0.113.${i + 1}`,
  'x-lhp-socket-proof': `guess-${i}`,
});

describe('RT-33 TRUST_PROXY_HOPS=0 (node server.mjs): the socket address, whatever the client writes', () => {
  let app: RunningServer;
  beforeAll(async () => {
    app = await startServer({ port: E2E_PORTS.clientIp.socket, env });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('RT-33: rotating X-Forwarded-For, X-Real-IP, Forwarded and the internal socket headers evades nothing', async () => {
    await expectLimitFollowsClient(E2E_PORTS.clientIp.socket, everySpoof, '127.0.0.11', '127.0.0.12');
  });
});

describe('RT-37 TRUST_PROXY_HOPS=1 behind one appending proxy', () => {
  let app: RunningServer;
  let proxy: Awaited<ReturnType<typeof appendingProxy>>;
  let v6: Awaited<ReturnType<typeof appendingProxy>>;
  beforeAll(async () => {
    app = await startServer({ port: E2E_PORTS.clientIp.oneProxy, env: { ...env, TRUST_PROXY_HOPS: '1' } });
    proxy = await appendingProxy(E2E_PORTS.clientIp.oneProxy);
    v6 = await appendingProxy(E2E_PORTS.clientIp.oneProxy, (req) => String(req.headers['x-test-peer']));
  });
  afterAll(async () => {
    await proxy?.close();
    await v6?.close();
    await app?.stop();
  });

  it('RT-37: entries the client writes on the left of X-Forwarded-For are not the client', async () => {
    await expectLimitFollowsClient(
      proxy.port,
      (i) => ({ 'x-forwarded-for': `198.51.100.${i + 1}, 192.0.2.${i + 1}` }),
      '127.0.0.21',
      '127.0.0.22',
    );
  });

  it('RT-37: IPv6 clients from one /64 share one limit, however the low 64 bits rotate; the next /64 has its own', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++)
      statuses.push(
        (await request(v6.port, { headers: { 'x-test-peer': `2001:db8:aa:1:${(i + 1).toString(16)}::${i + 7}` } }))
          .status,
      );
    expect(statuses).toEqual([...Array(LIMIT).fill(201), 429]);
    expect((await request(v6.port, { headers: { 'x-test-peer': '2001:db8:aa:2::1' } })).status).toBe(201);
    // IPv4-mapped IPv6 is the IPv4 client.
    const mapped: number[] = [];
    for (let i = 0; i <= LIMIT; i++)
      mapped.push(
        (await request(v6.port, { headers: { 'x-test-peer': i % 2 ? '192.0.2.77' : '::ffff:192.0.2.77' } })).status,
      );
    expect(mapped).toEqual([...Array(LIMIT).fill(201), 429]);
  });
});

describe('RT-37 TRUST_PROXY_HOPS=2 behind two appending proxies', () => {
  let app: RunningServer;
  let inner: Awaited<ReturnType<typeof appendingProxy>>;
  let outer: Awaited<ReturnType<typeof appendingProxy>>;
  beforeAll(async () => {
    app = await startServer({ port: E2E_PORTS.clientIp.twoProxies, env: { ...env, TRUST_PROXY_HOPS: '2' } });
    inner = await appendingProxy(E2E_PORTS.clientIp.twoProxies);
    outer = await appendingProxy(inner.port);
  });
  afterAll(async () => {
    await outer?.close();
    await inner?.close();
    await app?.stop();
  });

  it('RT-37: the second entry from the right is the client; rotating the entries left of it evades nothing', async () => {
    await expectLimitFollowsClient(
      outer.port,
      (i) => ({ 'x-forwarded-for': `198.51.100.${i + 1}` }),
      '127.0.0.31',
      '127.0.0.32',
    );
  });
});

/** `next start`, `next dev` and `npm run dev` (server.mjs --dev): no client-sent internal header is trusted. */
const modes: [StartMode, number][] = [
  ['next-start', E2E_PORTS.clientIp.nextStart],
  ['next-dev', E2E_PORTS.clientIp.nextDev],
  ['server-dev', E2E_PORTS.clientIp.serverDev],
];
for (const [mode, port] of modes) {
  describe(`RT-37 started with ${mode}`, () => {
    let app: RunningServer;
    beforeAll(async () => {
      app = await startServer({ port, env, mode });
    }, 300_000);
    afterAll(async () => {
      await app?.stop();
    });

    it(`RT-37 (${mode}): the socket address counts; X-Forwarded-For and the internal socket headers a client sends are ignored`, async () => {
      // The first request of a dev server compiles the route: do it from an address the test does not count.
      expect((await request(port, { localAddress: '127.0.0.49' })).status).toBe(201);
      await expectLimitFollowsClient(port, everySpoof, '127.0.0.41', '127.0.0.42');
    }, 300_000);
  });
}
