import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { appendAudit, changeWithAudit, verifyAuditChain } from '@/lib/audit';
import { queryRows } from '@/db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { testAction } from '../support/audit-actions';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('audit hash chain', () => {
  it('links each event to the previous one and verifies end to end', async () => {
    for (let i = 0; i < 5; i++) {
      await appendAudit(t.db, {
        actor: { type: 'system' },
        action: testAction('test.event'),
        details: { i, text: 'こんにちは' },
      });
    }
    const check = await verifyAuditChain(t.db);
    expect(check).toMatchObject({ ok: true, checked: 5, brokenCount: 0, head: { ok: true } });
  });

  it('keeps one unbroken chain under 20 concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit(t.db, { actor: { type: 'customer', id: `c${i}` }, action: testAction('test.concurrent') }),
      ),
    );
    const check = await verifyAuditChain(t.db);
    expect(check.ok).toBe(true);
    expect(check.checked).toBe(25);
  });

  it('escapes CR/LF in logged input so a line cannot be forged', async () => {
    await appendAudit(t.db, {
      actor: { type: 'system' },
      action: testAction('test.crlf'),
      details: { loginId: 'evil\r\naction=admin<script>' },
    });
    const [row] = await queryRows<{ details: { loginId: string } }>(
      t.db,
      sql`select details from audit_events where action = 'test.crlf'`,
    );
    const details = typeof row.details === 'string' ? JSON.parse(row.details) : row.details;
    expect(details.loginId).toBe('evil\\u000d\\u000aaction=admin<script>');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('refuses UPDATE and DELETE at the database (append-only trigger)', async () => {
    await expect(t.db.execute(sql`update audit_events set action = 'x'`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    const [{ n }] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_events`);
    expect(Number(n)).toBe(26);
  });

  it('detects a row tampered with directly in SQL (trigger disabled)', async () => {
    const [{ id }] = await queryRows<{ id: number }>(
      t.db,
      sql`select id from audit_events order by id offset 3 limit 1`,
    );
    await t.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await t.db.execute(sql`update audit_events set details = '{"i": 99}'::jsonb where id = ${id}`);
    await t.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    const check = await verifyAuditChain(t.db);
    expect(check.ok).toBe(false);
    expect(check.broken).toEqual([{ fromId: Number(id), toId: Number(id), rows: 1, reasons: ['hash_mismatch'] }]);
  });
});

describe('audit hash chain under racing transactions', () => {
  let own: TestDatabase;
  beforeAll(async () => {
    own = await createTestDatabase();
  });
  afterAll(async () => {
    await own?.drop();
  });

  it('keeps one chain when appends inside transactions race and some of them roll back', async () => {
    const before = (await verifyAuditChain(own.db)).checked;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        own.db.transaction(async (tx) => {
          await appendAudit(tx, {
            actor: { type: 'customer', id: `tx${i}` },
            action: testAction('test.in_transaction'),
            details: { i },
          });
          if (i % 3 === 0) throw new Error('rolled back on purpose');
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(8);
    await appendAudit(own.db, { actor: { type: 'system' }, action: testAction('test.after_rollbacks') });
    const check = await verifyAuditChain(own.db);
    expect(check).toMatchObject({ ok: true, checked: before + 16 + 1 });
    const kept = await queryRows<{ n: number }>(
      own.db,
      sql`select count(*)::int as n from audit_events where action = 'test.in_transaction'`,
    );
    expect(kept[0].n).toBe(16);
  });

  it('never keeps a change without its event: with the chain head gone, both the event and the change fail', async () => {
    await own.db.execute(sql`create table audit_probe (id int primary key, v text)`);
    await own.db.execute(sql`insert into audit_probe values (1, 'before')`);
    const before = await queryRows<{ n: number }>(own.db, sql`select count(*)::int as n from audit_events`);
    await own.db.execute(sql`delete from audit_chain_head`);
    try {
      await expect(
        appendAudit(own.db, { actor: { type: 'system' }, action: testAction('test.headless') }),
      ).rejects.toThrow();
      await expect(
        changeWithAudit(own.db, sql`update audit_probe set v = 'after' where id = 1 returning id`, {
          actor: { type: 'system' },
          action: testAction('test.headless_change'),
        }),
      ).rejects.toThrow();
      const [probe] = await queryRows<{ v: string }>(own.db, sql`select v from audit_probe where id = 1`);
      expect(probe.v).toBe('before');
      const after = await queryRows<{ n: number }>(own.db, sql`select count(*)::int as n from audit_events`);
      expect(after[0].n).toBe(before[0].n);
    } finally {
      await own.db.execute(sql`insert into audit_chain_head (id, prev_hash, hash)
        select 1, prev_hash, hash from audit_events order by id desc limit 1`);
    }
    expect((await verifyAuditChain(own.db)).ok).toBe(true);
  });

  it('appends with a change only when the change happened, in one statement', async () => {
    await own.db.execute(sql`create table if not exists audit_probe2 (id int primary key, v text)`);
    await own.db.execute(sql`insert into audit_probe2 values (1, 'a')`);
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          own.db,
          sql`select count(*)::int as n from audit_events where action = 'test.probe2'`,
        )
      )[0].n;
    expect(
      await changeWithAudit(own.db, sql`update audit_probe2 set v = 'b' where id = 1 and v = 'a' returning id`, {
        actor: { type: 'system' },
        action: testAction('test.probe2'),
      }),
    ).toBe(1);
    expect(
      await changeWithAudit(own.db, sql`update audit_probe2 set v = 'b' where id = 1 and v = 'a' returning id`, {
        actor: { type: 'system' },
        action: testAction('test.probe2'),
      }),
    ).toBe(0);
    expect(await count()).toBe(1);
    expect((await verifyAuditChain(own.db)).ok).toBe(true);
  });
});
