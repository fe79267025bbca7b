import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { enqueueEmail } from '@/lib/notify';
import { pendingCount, relayOnce, smtpTransport, type MailTransport } from '@/lib/notify/relay';
import { createTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
let smtp: SMTPServer;
let port = 0;
const received: { to: string; data: string }[] = [];
let failNext = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c) => {
        data += c;
      });
      stream.on('end', () => {
        if (failNext > 0) {
          failNext--;
          const err = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
          return cb(err);
        }
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await t?.drop();
});

async function queue(n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    await enqueueEmail(t.db, {
      customerId: null,
      to: `${tag}${i}@example.jp`,
      template: 'test',
      subject: `件名 ${tag}${i}`,
      body: `本文 ${i}`,
    });
  }
}

describe('outbox relay (RT-26)', () => {
  it('delivers pending rows over real SMTP and marks them sent', async () => {
    await queue(3, 'a');
    const transport = await smtpTransport(`smtp://127.0.0.1:${port}`, 'no-reply@example.jp');
    const r = await relayOnce(t.db, transport);
    expect(r).toEqual({ sent: 3, failed: 0 });
    expect(received.map((m) => m.to).sort()).toEqual(['a0@example.jp', 'a1@example.jp', 'a2@example.jp']);
    expect(await pendingCount(t.db)).toBe(0);
  });

  it('a row is due the moment it is written: queued and relayed at once, 50 times, every one goes', async () => {
    const delivered: string[] = [];
    const transport: MailTransport = {
      send: async (m) => {
        delivered.push(m.to);
      },
    };
    for (let i = 0; i < 50; i++) {
      await enqueueEmail(t.db, {
        customerId: null,
        to: `now${i}@example.jp`,
        template: 'test',
        subject: 's',
        body: 'b',
      });
      expect(await relayOnce(t.db, transport)).toEqual({ sent: 1, failed: 0 });
    }
    expect(delivered).toHaveLength(50);
  });

  it('keeps a row pending with backoff after an SMTP 5xx, and delivers it on a later pass', async () => {
    received.length = 0;
    await queue(1, 'b');
    failNext = 1;
    const transport = await smtpTransport(`smtp://127.0.0.1:${port}`, 'no-reply@example.jp');
    expect(await relayOnce(t.db, transport)).toEqual({ sent: 0, failed: 1 });
    expect(await pendingCount(t.db)).toBe(1);
    // Not retried before its backoff has passed…
    expect(await relayOnce(t.db, transport)).toEqual({ sent: 0, failed: 0 });
    // …and delivered once it has.
    expect(await relayOnce(t.db, transport, { now: new Date(Date.now() + 31_000) })).toEqual({ sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
  });

  it('loses nothing when the relay crashes mid-batch: the row stays pending', async () => {
    await queue(2, 'c');
    // The process dies after sending, before its transaction commits: every claim rolls back.
    const sentButDied: MailTransport = { send: async () => {} };
    await expect(
      t.db.transaction(async (tx) => {
        await relayOnce(tx, sentButDied, { now: new Date(Date.now() + 3600_000) });
        throw new Error('relay process killed');
      }),
    ).rejects.toThrow('relay process killed');
    expect(await pendingCount(t.db)).toBe(2);
  });

  it('two relays at once never deliver the same row twice (FOR UPDATE SKIP LOCKED)', async () => {
    received.length = 0;
    await queue(10, 'd');
    const slow: MailTransport = {
      send: async (m) => {
        await new Promise((r) => setTimeout(r, 20));
        received.push({ to: m.to, data: '' });
      },
    };
    const now = new Date(Date.now() + 3600_000);
    const [r1, r2] = await Promise.all([
      relayOnce(t.db, slow, { batch: 20, now }),
      relayOnce(t.db, slow, { batch: 20, now }),
    ]);
    const tos = received.map((m) => m.to);
    expect(new Set(tos).size).toBe(tos.length);
    expect(r1.sent + r2.sent).toBe(12);
    expect(await pendingCount(t.db)).toBe(0);
  });
});
