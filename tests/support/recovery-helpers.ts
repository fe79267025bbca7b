import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { customers, notificationOutbox, passkeys, recoveryFlows } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { hashSecret } from '../../lib/auth/password';
import { normalizeAnswer } from '../../lib/recovery/normalize';
import {
  startFlow,
  submitAccountData,
  submitCredentials,
  submitOtp,
  submitSecretAnswer,
  type RecoveryContext,
} from '../../lib/recovery';
import { hashFlowToken } from '../../lib/recovery/tokens';
import { socketHeaders } from './socket';

/** Factories and drivers for the recovery tests: unique identities, safe defaults, the real lib code. */

let hashes: Promise<{ password: string; answer: string }> | undefined;
const PASSWORD = 'Correct-horse-1!';
const ANSWER = 'ポチ';

function sharedHashes() {
  hashes ??= Promise.all([hashSecret(PASSWORD), hashSecret(normalizeAnswer(ANSWER))]).then(([password, answer]) => ({
    password,
    answer,
  }));
  return hashes;
}

export type TestCustomer = {
  id: string;
  loginId: string;
  password: string;
  answer: string;
  birthDate: string;
  branchCode: string;
  accountNumber: string;
  email: string;
};

let seq = 0;
/** A customer with `passkeyCount` active passkeys (password login off when it has any, like docs/design.md#problem). */
export async function createCustomer(
  db: Db,
  opts: { passkeyCount?: number; loginId?: string } = {},
): Promise<TestCustomer> {
  const h = await sharedHashes();
  const n = ++seq;
  const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const loginId = opts.loginId ?? `cust-${tag}`;
  const c = {
    loginId,
    birthDate: '1985-04-12',
    branchCode: String(100 + (n % 900)).padStart(3, '0'),
    accountNumber: String(1_000_000 + Math.floor(Math.random() * 8_999_999)),
    email: `${tag}@example.jp`,
  };
  const passkeyCount = opts.passkeyCount ?? 2;
  const [row] = await db
    .insert(customers)
    .values({
      ...c,
      passwordHash: h.password,
      passwordLoginEnabled: passkeyCount === 0,
      nameKanji: '試験 太郎',
      nameKana: 'シケン タロウ',
      phone: '090-0000-0000',
      secretQuestion: '初めて飼ったペットの名前は？',
      secretAnswerHash: h.answer,
    })
    .returning({ id: customers.id });
  for (let i = 0; i < passkeyCount; i++) {
    await db.insert(passkeys).values({
      credentialId: randomBytes(16).toString('base64url'),
      customerId: row.id,
      publicKey: new Uint8Array([1, 2, 3]),
      deviceType: 'multiDevice',
      backedUp: true,
      aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
      nickname: `iPhone ${i + 1}`,
    });
  }
  return { id: row.id, password: PASSWORD, answer: ANSWER, ...c };
}

let ipSeq = 0;
/** A fresh client address per test, so per-IP buckets never leak between tests. */
export function freshIp(): string {
  ipSeq++;
  return `10.${(process.pid % 200) + 1}.${Math.floor(ipSeq / 250) % 250}.${(ipSeq % 250) + 1}`;
}

export function ctxFor(ip = freshIp(), extra: Partial<RecoveryContext> = {}): RecoveryContext {
  return { ip, userAgent: 'vitest', channel: 'app', ...extra };
}

/** The newest recovery code emailed to `to` (read from the outbox, as a person reads the demo mailbox). */
export async function latestOtp(db: Db, to: string): Promise<string> {
  const [row] = await db
    .select({ body: notificationOutbox.bodyText })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.toAddress, to), eq(notificationOutbox.template, 'recovery_otp')))
    .orderBy(desc(notificationOutbox.createdAt))
    .limit(1);
  const m = row ? /(?:確認コード：|Confirmation code: )(\d{6})/.exec(row.body) : null;
  if (!m) throw new Error(`no OTP email for ${to}`);
  return m[1];
}

export async function outboxCount(db: Db, to: string, template?: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`
    select count(*)::int as n from notification_outbox where to_address = ${to} ${template ? sql`and template = ${template}` : sql``}`,
  );
  return Number(row.n);
}

export async function flowRow(db: Db, token: string) {
  const [row] = await db
    .select()
    .from(recoveryFlows)
    .where(eq(recoveryFlows.tokenHash, hashFlowToken(token)));
  return row;
}

export async function auditCount(
  db: Db,
  action: string,
  where: { flowId?: string; customerId?: string } = {},
): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`
    select count(*)::int as n from audit_events where action = ${action}
    ${where.flowId ? sql`and flow_id = ${where.flowId}` : sql``}
    ${where.customerId ? sql`and customer_id = ${where.customerId}` : sql``}`,
  );
  return Number(row.n);
}

export type Reached = { token: string; flowId: string; ctx: RecoveryContext };

/** Starts a flow and passes every step before `step` with the right evidence. */
export async function flowAt(
  db: Db,
  c: TestCustomer,
  step: 'credentials' | 'secret_question' | 'account_data' | 'otp' | 'review',
  ctx = ctxFor(),
): Promise<Reached> {
  const started = await startFlow(db, ctx);
  if (!started.ok) throw new Error(`start failed: ${JSON.stringify(started.error)}`);
  const token = started.value.flowToken;
  const order = ['credentials', 'secret_question', 'account_data', 'otp', 'review'] as const;
  const ok = (r: { ok: boolean; error?: unknown }, what: string) => {
    if (!r.ok) throw new Error(`${what} failed: ${JSON.stringify(r.error)}`);
  };
  for (const s of order) {
    if (s === step) break;
    if (s === 'credentials')
      ok(await submitCredentials(db, token, { loginId: c.loginId, password: c.password }, ctx), s);
    if (s === 'secret_question') ok(await submitSecretAnswer(db, token, { answer: c.answer }, ctx), s);
    if (s === 'account_data')
      ok(
        await submitAccountData(
          db,
          token,
          { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: c.accountNumber },
          ctx,
        ),
        s,
      );
    if (s === 'otp') ok(await submitOtp(db, token, { code: await latestOtp(db, c.email) }, ctx), s);
  }
  return { token, flowId: started.value.flowId, ctx };
}

/** Calls a route handler the way Next would, with the client's socket address. */
export async function callRoute(
  handler: (req: Request) => Promise<Response>,
  opts: {
    method?: string;
    path: string;
    token?: string;
    body?: unknown;
    rawBody?: string;
    ip?: string;
    headers?: Record<string, string>;
  },
): Promise<{ status: number; body: Record<string, unknown> & { error?: Record<string, unknown> }; headers: Headers }> {
  const headers: Record<string, string> = {
    ...socketHeaders(opts.ip ?? '127.0.0.1'),
    'user-agent': 'vitest-app',
    ...opts.headers,
  };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.rawBody !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(`http://localhost:3000${opts.path}`, {
    method: opts.method ?? 'POST',
    headers,
    body: opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const res = await handler(req);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

/** Tables whose rows only say "someone tried" (rate-limit windows, audit trail). */
export const TRACE_TABLES = ['rate_limit_buckets', 'audit_events'];
