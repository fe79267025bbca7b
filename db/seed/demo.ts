import { and, eq, isNull } from 'drizzle-orm';
import { customers, passkeys, staffUsers } from '../schema';
import type { Db } from '../client';
import { transactionWithRetry } from '../tx';
import { hashSecret } from '../../lib/auth/password';
import { normalizeAnswer } from '../../lib/recovery/normalize';

export const DEMO_PASSWORD = 'Passw0rd!demo';
export const STAFF_PASSWORD = 'Staff-passw0rd!';
export const DEMO_QUESTION = '初めて飼ったペットの名前は？';

export const demoCustomers = [
  {
    loginId: 'demo-locked',
    nameKanji: '山田 太郎',
    nameKana: 'ヤマダ タロウ',
    birthDate: '1985-04-12',
    branchCode: '101',
    accountNumber: '1234567',
    email: 'locked@example.jp',
    phone: '090-0000-0001',
    passwordLoginEnabled: false,
    passkeyCount: 2,
    tradingPin: '1357',
  },
  {
    loginId: 'demo-normal',
    nameKanji: '佐藤 花子',
    nameKana: 'サトウ ハナコ',
    birthDate: '1990-01-31',
    branchCode: '101',
    accountNumber: '7654321',
    email: 'normal@example.jp',
    phone: '090-0000-0002',
    passwordLoginEnabled: true,
    passkeyCount: 0,
    tradingPin: '2468',
  },
] as const;

export const demoStaff = [
  { email: 'operator@example.jp', name: '鈴木 一郎（オペレーター）', role: 'operator' as const },
  { email: 'operator2@example.jp', name: '高橋 美咲（オペレーター）', role: 'operator' as const },
  { email: 'admin@example.jp', name: '田中 管理者', role: 'admin' as const },
  { email: 'viewer@example.jp', name: '伊藤 閲覧者', role: 'viewer' as const },
];

/**
 * Seeded passkeys are stand-ins for the credentials of the customer's phone: real P-256 public keys
 * in COSE form, with the AAGUIDs of iCloud Keychain and Google Password Manager.
 */
const SEEDED_PASSKEYS = [
  {
    nickname: 'iPhone（取引アプリ）',
    aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
    transports: ['internal', 'hybrid'],
  },
  {
    nickname: 'Android（取引アプリ）',
    aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4',
    transports: ['internal', 'hybrid'],
  },
];

function coseKey(): Uint8Array<ArrayBuffer> {
  // A syntactically valid COSE_Key (EC2, P-256) with random coordinates; nobody holds its private key.
  const x = crypto.getRandomValues(new Uint8Array(32));
  const y = crypto.getRandomValues(new Uint8Array(32));
  return new Uint8Array([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20, ...x, 0x22, 0x58, 0x20, ...y]);
}

/** Idempotent: existing demo rows are left as they are (so a running demo keeps its state). */
export async function seedDemo(db: Db, opts: { reset?: boolean } = {}): Promise<{ created: string[] }> {
  const created: string[] = [];
  const pw = await hashSecret(DEMO_PASSWORD);
  const answer = await hashSecret(normalizeAnswer('ポチ'));
  for (const c of demoCustomers) {
    // 取引暗証番号 (docs/design.md#forgotten-password): argon2id like every secret.
    const pin = await hashSecret(c.tradingPin);
    const [existing] = await db.select({ id: customers.id }).from(customers).where(eq(customers.loginId, c.loginId));
    if (existing && !opts.reset) {
      // A demo database from before the password kind gets its PIN; nothing else changes.
      await db
        .update(customers)
        .set({ tradingPinHash: pin })
        .where(and(eq(customers.id, existing.id), isNull(customers.tradingPinHash)));
      continue;
    }
    await transactionWithRetry(db, async (tx) => {
      if (existing) {
        await tx.delete(passkeys).where(eq(passkeys.customerId, existing.id));
        await tx
          .update(customers)
          .set({
            passwordHash: pw,
            tradingPinHash: pin,
            passwordLoginEnabled: c.passwordLoginEnabled,
            recoveryLockedUntil: null,
            loginLockedAt: null,
            failedRecoveryCount: 0,
            updatedAt: new Date(),
          })
          .where(eq(customers.id, existing.id));
      }
      const id =
        existing?.id ??
        (
          await tx
            .insert(customers)
            .values({
              loginId: c.loginId,
              passwordHash: pw,
              passwordLoginEnabled: c.passwordLoginEnabled,
              nameKanji: c.nameKanji,
              nameKana: c.nameKana,
              birthDate: c.birthDate,
              branchCode: c.branchCode,
              accountNumber: c.accountNumber,
              email: c.email,
              phone: c.phone,
              secretQuestion: DEMO_QUESTION,
              secretAnswerHash: answer,
              tradingPinHash: pin,
            })
            .returning({ id: customers.id })
        )[0].id;
      for (let i = 0; i < c.passkeyCount; i++) {
        const p = SEEDED_PASSKEYS[i % SEEDED_PASSKEYS.length];
        await tx.insert(passkeys).values({
          credentialId: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url'),
          customerId: id,
          publicKey: coseKey(),
          counter: 0,
          transports: [...p.transports],
          deviceType: 'multiDevice',
          backedUp: true,
          aaguid: p.aaguid,
          nickname: p.nickname,
          createdAt: new Date(Date.UTC(2026, 9, 1 + i * 7, 1, 23)),
          lastUsedAt: new Date(Date.UTC(2026, 10, 20 - i, 12, 5)),
        });
      }
    });
    created.push(c.loginId);
  }
  const staffPw = await hashSecret(STAFF_PASSWORD);
  for (const s of demoStaff) {
    const [existing] = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, s.email));
    if (existing) continue;
    await db.insert(staffUsers).values({ ...s, passwordHash: staffPw });
    created.push(s.email);
  }
  return { created };
}
