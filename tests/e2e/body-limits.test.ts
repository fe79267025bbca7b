import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { startServer, type RunningServer, type StartMode } from './server';
import { E2E_PORTS } from './ports';

/*
 * RT-40 against a real server process: 5 MB bodies — declared and chunked — to every JSON route and
 * to a server action are a 413 payload_too_large before anything buffers them, and the server's
 * resident memory does not grow by the size of a body. Also: no uncaught exception from stray
 * server-action posts to unknown paths.
 */

const MB5 = 5 * 1024 * 1024;
const JSON_ROUTES = [
  '/api/v1/session/password',
  '/api/v1/recovery/flows',
  '/api/v1/recovery/flow/credentials',
  '/api/v1/recovery/flow/secret-question',
  '/api/v1/recovery/flow/account-data',
  '/api/v1/recovery/flow/otp',
  '/api/v1/recovery/flow/otp/resend',
  '/api/v1/recovery/flow/complete',
  '/api/v1/help/feedback',
];
/** Pages whose forms are server actions; any action id: the limit comes before Next looks it up. */
const ACTION_PATHS = ['/recovery', '/login', '/recovery/not-me', '/staff/login', '/nope-unknown-path'];

type Reply = { status: number; body: string };

/** POSTs `size` bytes, declared (Content-Length) or chunked, in 64 KiB writes that wait for the socket. */
function post(
  port: number,
  path: string,
  size: number,
  opts: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          origin: `http://localhost:${port}`,
          ...(opts.chunked ? {} : { 'content-length': String(size) }),
          ...opts.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => {
          settled = true;
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    // The server may close the connection once it has answered: what matters is the answer.
    req.on('error', (err) => {
      if (!settled) reject(err);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    req.on('response', () => {
      sent = size;
    });
    pump();
  });
}

/** Resident memory of a process and its children (`next dev` serves from a child process). */
function rssBytes(pid: number): number {
  let total = 0;
  try {
    total = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean))
        total += rssBytes(Number(child));
    }
  } catch {
    /* the process ended */
  }
  return total;
}

/** The highest resident memory seen while `fn` runs, sampled every few milliseconds. */
async function peakRss(pid: number, fn: () => Promise<void>): Promise<number> {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
  }, 3);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssBytes(pid));
}

const ACTION_HEADERS = {
  'next-action': '7f8a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3',
  'content-type': 'text/plain;charset=UTF-8',
};

/** 5 MB to every JSON route and server action, declared and chunked: each answer by name. */
async function oversizedRound(port: number): Promise<Record<string, number>> {
  const answers: Record<string, number> = {};
  for (const chunked of [false, true]) {
    for (const path of JSON_ROUTES) {
      const r = await post(port, path, MB5, { chunked });
      answers[`${chunked ? 'chunked' : 'declared'} ${path}`] = r.status;
      if (r.status === 413) expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    }
    for (const path of ACTION_PATHS) {
      answers[`${chunked ? 'chunked' : 'declared'} action ${path}`] = (
        await post(port, path, MB5, { chunked, headers: ACTION_HEADERS })
      ).status;
    }
  }
  return answers;
}

for (const [mode, port] of [
  ['server', E2E_PORTS.bodyLimits.server],
  ['next-start', E2E_PORTS.bodyLimits.nextStart],
] as [StartMode, number][]) {
  describe(`RT-40 request bodies on a real server (${mode})`, () => {
    let app: RunningServer;
    beforeAll(async () => {
      app = await startServer({ port, mode });
      // Load every route once, so what is measured below is the bodies, not code being loaded.
      for (const path of JSON_ROUTES) await post(port, path, 2);
      for (const path of ACTION_PATHS) await post(port, path, 2, { headers: ACTION_HEADERS });
    });
    afterAll(async () => {
      await app?.stop();
    });

    it(`RT-40 (${mode}): 5 MB bodies, declared and chunked, to every JSON route and server action are 413 payload_too_large`, async () => {
      const answers = await oversizedRound(port);
      expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, 413])));
    });

    it(`RT-40 (${mode}): a 50 MB body, declared or chunked, to a JSON route and to a server action does not grow RSS by 5 MB`, async () => {
      // Ten times the bound: had any layer buffered the body, the process would hold it.
      const pid = app.proc.pid!;
      const before = rssBytes(pid);
      const peak = await peakRss(pid, async () => {
        for (const chunked of [false, true]) {
          expect((await post(port, '/api/v1/recovery/flow/credentials', 10 * MB5, { chunked })).status).toBe(413);
          expect((await post(port, '/recovery', 10 * MB5, { chunked, headers: ACTION_HEADERS })).status).toBe(413);
        }
      });
      const mib = (n: number) => (n / 2 ** 20).toFixed(1);
      console.log(
        `RT-40 (${mode}): RSS ${mib(before)} MiB before, peak +${mib(peak - before)} MiB over four bodies of 50 MiB`,
      );
      expect(peak - before).toBeLessThan(MB5);
    });

    it(`RT-40 (${mode}): a body at the limit is read and judged (400 or 401, never 413 or 500); over it by one byte is 413`, async () => {
      const near = await post(port, '/api/v1/session/password', 16 * 1024);
      expect(near.status).toBe(400);
      expect((await post(port, '/api/v1/session/password', 16 * 1024 + 1)).status).toBe(413);
    });

    it(`RT-40 (${mode}): stray server-action posts (unknown ids, unknown paths, empty and truncated bodies) log no uncaught exception`, async () => {
      const answers: Record<string, number> = {};
      for (const path of ['/nope', '/help/nope', '/recovery', '/_next/static/x.js', '/api/v1/nope']) {
        for (const ct of ['text/plain;charset=UTF-8', 'multipart/form-data; boundary=xx']) {
          for (const id of ['abc', '7f8a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3']) {
            answers[`${id} ${ct} ${path}`] = (
              await post(port, path, 10, { headers: { 'next-action': id, 'content-type': ct } })
            ).status;
          }
        }
      }
      expect(Object.entries(answers).filter(([, status]) => status >= 500)).toEqual([]);
      await new Promise((r) => setTimeout(r, 500));
      expect(app.output()).not.toMatch(/uncaughtException|unhandledRejection/);
    });
  });
}
