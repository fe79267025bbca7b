import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { appendAudit, verifyAuditChain } from '../../lib/audit';
import { storedTimestamp } from '../../lib/audit/canonical';
import { parseUuid } from '../../lib/ids';
import { getCustomerView } from '../../lib/staff/customers';
import { requestForcedReset, unlockCustomerRecovery } from '../../lib/staff/forced-reset';
import { queryAuditLog } from '../../lib/staff/audit-log';
import { withTestDatabase, type TestDatabase } from '../support/db';
import { resetRequestInput, seedStaffCast, type StaffCast } from '../support/staff-fixtures';
import { testAction } from '../support/audit-actions';

let t: TestDatabase;
let cast: StaffCast;
withTestDatabase((x) => {
  t = x;
});

/** Every spelling of one UUID a person (or a crafted URL) may send. */
function spellings(id: string): string[] {
  const bare = id.replace(/-/g, '');
  return [
    id.toUpperCase(),
    `  ${id}  `,
    `{${id}}`,
    `{${id.toUpperCase()}}`,
    `urn:uuid:${id}`,
    `URN:UUID:${id.toUpperCase()}`,
    bare,
    bare.toUpperCase(),
    id.replace(/[0-9a-f]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  ]; // full-width
}

async function chainOk() {
  const report = await verifyAuditChain(t.db);
  expect(report).toMatchObject({ ok: true, brokenCount: 0, head: { ok: true } });
  return report;
}

async function storedCustomerIds(action: string): Promise<string[]> {
  const rows = await queryRows<{ customer_id: string }>(
    t.db,
    sql`select customer_id::text as customer_id from audit_events where action = ${action}`,
  );
  return [...new Set(rows.map((r) => r.customer_id))];
}

describe('RT-42: other spellings of a customer id at the staff edges', () => {
  it('RT-42: a viewer opening a customer by an upper-case (or braced, urn, bare, full-width, spaced) id leaves the chain valid', async () => {
    cast = await seedStaffCast(t.db);
    for (const spelling of spellings(cast.demoLockedId)) {
      const res = await getCustomerView(t.db, cast.viewer, { customerId: spelling }, { locale: 'ja' });
      expect(res.ok, spelling).toBe(true);
      expect(res.ok && res.data.id).toBe(cast.demoLockedId);
    }
    expect(await storedCustomerIds('staff.customer.viewed')).toEqual([cast.demoLockedId]);
    await chainOk();
    // The audit page finds them by any spelling too.
    const page = await queryAuditLog(t.db, cast.viewer, {
      customer: `{${cast.demoLockedId.toUpperCase()}}`,
      action: 'staff.customer.viewed',
    });
    expect(page.ok && page.data.rows.length).toBe(spellings(cast.demoLockedId).length);
  });

  it('RT-42: the forced-reset request and the unlock audit the canonical id, whatever was typed', async () => {
    const req = await requestForcedReset(
      t.db,
      cast.operator,
      resetRequestInput(` ${cast.demoNormalId.toUpperCase()} `),
      { ip: '192.0.2.1' },
    );
    expect(req.ok).toBe(true);
    const unlock = await unlockCustomerRecovery(
      t.db,
      cast.operator,
      { customerId: `{${cast.demoNormalId.toUpperCase()}}`, reason: '電話で本人確認済み' },
      {},
    );
    expect(unlock.ok || (unlock.ok === false && unlock.code === 'not_locked')).toBe(true);
    expect(await storedCustomerIds('staff.forced_reset.requested')).toEqual([cast.demoNormalId]);
    await chainOk();
  });

  it('RT-42: an id that is not one is "not found" / 400 with nothing but the refusal written, never an error', async () => {
    for (const bad of [
      'not-a-uuid',
      `${cast.demoLockedId}x`,
      `${cast.demoLockedId.slice(0, 8)}-${cast.demoLockedId.slice(9)}-`,
      '{}',
      '',
      'urn:uuid:',
      '\u0000',
      'a'.repeat(5000),
    ]) {
      const res = await getCustomerView(t.db, cast.viewer, { customerId: bad }, { locale: 'ja' });
      expect(res, JSON.stringify(bad.slice(0, 20))).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    const unknown = await getCustomerView(
      t.db,
      cast.viewer,
      { customerId: '00000000-0000-4000-8000-000000000000' },
      { locale: 'ja' },
    );
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });
    await chainOk();
  });

  it('RT-42: parseUuid accepts the spellings above and refuses hyphens elsewhere', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    for (const s of spellings(id)) expect(parseUuid(s), s).toBe(id);
    expect(parseUuid('0f8f-ad5b-d9cb-469f-a165-7086-7728-950e')).toBeNull();
    expect(parseUuid(`{${id}`)).toBeNull();
    expect(parseUuid(`${id}}`)).toBeNull();
    expect(parseUuid(42)).toBeNull();
  });
});

describe('RT-42: property — no spelling of the input can make a true row look tampered', () => {
  it('RT-42: any UUID spelling, Unicode normalization of a name, or timestamp precision leaves the chain valid', async () => {
    const hex = fc.constantFrom(...'0123456789abcdef'.split(''));
    const uuid = fc.array(hex, { minLength: 32, maxLength: 32 }).map((h) => {
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    });
    const spelled = fc.tuple(uuid, fc.nat(8), fc.boolean(), fc.boolean()).map(([id, i, upper, pad]) => {
      const s = spellings(id)[i];
      return { id, spelling: `${pad ? ' ' : ''}${upper ? s.toUpperCase() : s}${pad ? '\t' : ''}` };
    });
    const name = fc
      .tuple(
        fc.constantFrom(
          '佐藤 ガ',
          'ｶﾞｷﾞ',
          'Ångström',
          'é',
          '①②',
          'ﾃﾞﾓ太郎',
          '\u{1F468}\u200D\u{1F469}',
          'a\ud800b',
          'x\u0000y',
        ),
        fc.constantFrom('NFC', 'NFD', 'NFKC', 'NFKD'),
        fc.string({ maxLength: 6 }),
      )
      .map(([base, form, tail]) => (base + tail).normalize(form as 'NFC'));
    const at = fc
      .tuple(
        fc.integer({ min: 946684800, max: 4102444800 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom('Z', '+09:00', '-05:30', '+0900', '+09'),
      )
      .map(([sec, nanos, digits, zone]) => {
        const base = new Date(sec * 1000);
        const offsetMin =
          zone === 'Z'
            ? 0
            : (zone.startsWith('-') ? -1 : 1) *
              (Number(zone.slice(1, 3)) * 60 + Number(zone.length > 3 ? zone.slice(-2) : 0));
        const local = new Date(base.getTime() + offsetMin * 60_000).toISOString().slice(0, 19);
        const frac = digits === 0 ? '' : `.${String(nanos).padStart(9, '0').slice(0, digits)}`;
        return `${local}${frac}${zone}`;
      });
    const customerIds = await queryRows<{ id: string }>(t.db, sql`select id::text as id from customers`);
    const known = customerIds[0].id;

    await fc.assert(
      fc.asyncProperty(
        spelled,
        name,
        fc.oneof(at, fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })),
        fc.boolean(),
        async (u, who, when, useKnown) => {
          const customer = useKnown ? known : null;
          await appendAudit(t.db, {
            at: when,
            actor: { type: 'staff', id: u.spelling },
            action: testAction('test.rt42.property'),
            customerId: customer,
            flowId: u.spelling,
            details: { name: who, nested: { names: [who, who.normalize('NFD')], when: new Date(0) }, n: 1.5e300 },
          });
          const [row] = await queryRows<{ actor_id: string; flow_id: string; at: string }>(
            t.db,
            sql`
        select actor_id, flow_id::text as flow_id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at
        from audit_events order by id desc limit 1`,
          );
          expect(row.actor_id).toBe(u.id);
          expect(row.flow_id).toBe(u.id);
          expect(storedTimestamp(`${row.at}Z`)).toBe(storedTimestamp(when));
        },
      ),
      { numRuns: 60 },
    );
    await chainOk();
  });
});

describe('RT-42: a row that really changed is reported, every broken range of it', () => {
  it('RT-42: verification walks on past the first break and reports each range', async () => {
    for (let i = 0; i < 30; i++)
      await appendAudit(t.db, { actor: { type: 'system' }, action: testAction('test.rt42.range'), details: { i } });
    const ids = (
      await queryRows<{ id: number | string }>(
        t.db,
        sql`select id from audit_events where action = 'test.rt42.range' order by id`,
      )
    ).map((r) => Number(r.id));
    const [a, b1, b2, c] = [ids[3], ids[10], ids[11], ids[20]];
    await t.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    try {
      await t.db.execute(sql`update audit_events set details = '{"i": 999}'::jsonb where id = ${a}`);
      await t.db.execute(sql`update audit_events set action = 'test.rt42.forged' where id in (${b1}, ${b2})`);
      await t.db.execute(sql`delete from audit_events where id = ${c}`);
    } finally {
      await t.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    }
    const report = await verifyAuditChain(t.db, { batchSize: 7 });
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([
      { fromId: a, toId: a, rows: 1, reasons: ['hash_mismatch'] },
      { fromId: b1, toId: b2, rows: 2, reasons: ['hash_mismatch'] },
      { fromId: ids[21], toId: ids[21], rows: 1, reasons: ['prev_hash_mismatch'] },
    ]);
    expect(report.brokenCount).toBe(3);
    expect(report.head).toEqual({ ok: true });
    // Rows after the last break were still checked: all of them were read.
    const [{ n }] = await queryRows<{ n: number | string }>(t.db, sql`select count(*) as n from audit_events`);
    expect(report.checked).toBe(Number(n));
  });
});
