import { beforeEach, describe, expect, it, vi } from 'vitest';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { notificationOutbox, passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { withTestDatabase } from '../support/db';
import { createCustomer, freshIp, type TestCustomer } from '../support/recovery-helpers';
import { newSoftKey, softAttestation } from '../support/soft-authenticator';
import { jar, newBrowser } from '../support/session-scope';
import { idle } from '../../lib/forms/action-state';

/*
 * Issue #15: the passkey added/removed notice is written in the language the customer uses the site in
 * (the `lang` prefs cookie, the one every screen reads); with no choice saved, in Japanese, the site's
 * default (docs/design.md#mail-language). The 「心当たりがない場合」 block stays in both languages.
 */
vi.mock('next/headers', () => import('../support/session-scope'));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { signIn } = await import('../../lib/auth');
const actions = await import('../../app/account/security/actions');

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});
beforeEach(() => {
  newBrowser(freshIp());
});

async function latest(c: TestCustomer, template: string) {
  const [row] = await db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.toAddress, c.email), eq(notificationOutbox.template, template)))
    .orderBy(desc(notificationOutbox.createdAt))
    .limit(1);
  return row;
}

/** Signs in, confirms with the password, creates a passkey with a software authenticator, then removes it. */
async function addAndRemove(c: TestCustomer) {
  await signIn('password', { loginId: c.loginId, password: c.password, redirect: false });
  expect(await actions.stepUpPasswordAction({ password: c.password })).toEqual({ ok: true, data: null });
  const o = await actions.registrationOptionsAction();
  if (!o.ok) throw new Error('no registration options');
  const key = newSoftKey(c.id);
  expect(
    await actions.registrationFinishAction({
      challengeId: o.data.challengeId,
      response: JSON.stringify(softAttestation(key, o.data.options.challenge)),
    }),
  ).toEqual({ ok: true, data: null });
  const [pk] = await db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.customerId, c.id), isNull(passkeys.revokedAt)));
  const f = new FormData();
  f.set('credentialId', pk.credentialId);
  expect(await actions.removePasskeyAction(idle, f)).toEqual({ ok: true, data: null });
  return { added: await latest(c, 'passkey_added'), removed: await latest(c, 'passkey_removed') };
}

describe('the passkey notice is in the customer’s language', () => {
  it('a customer using the site in English gets both notices in English, the Japanese lock-code block after', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    jar.set('lang', 'en');
    const { added, removed } = await addAndRemove(c);
    expect(added.subject).toBe('[デモ証券] A passkey was added');
    expect(added.bodyText).toMatch(/^Dear .+,\n\nA passkey was added to your account\./);
    expect(added.bodyText).toContain('Login with your login ID and password no longer works.');
    expect(added.bodyText).toContain('If you made this change yourself, you need not do anything.');
    expect(added.bodyText.indexOf('■ If you did not ask for this')).toBeLessThan(
      added.bodyText.indexOf('■ 心当たりがない場合'),
    );
    expect(removed.subject).toBe('[デモ証券] A passkey was removed');
    expect(removed.bodyText).toContain('With no passkey left, login with your login ID and password works again.');
  });

  it('with Japanese chosen, or no language saved, the notices are in Japanese', async () => {
    for (const lang of ['ja', null] as const) {
      newBrowser(freshIp());
      if (lang) jar.set('lang', lang);
      const c = await createCustomer(db, { passkeyCount: 0 });
      const { added, removed } = await addAndRemove(c);
      expect(added.subject).toBe('【デモ証券】パスキーが追加されました');
      expect(added.bodyText).toMatch(/^.+ 様\n\nお客さまのアカウントにパスキーが追加されました。/);
      expect(removed.subject).toBe('【デモ証券】パスキーが削除されました');
      expect(removed.bodyText.indexOf('■ 心当たりがない場合')).toBeLessThan(
        removed.bodyText.indexOf('■ If you did not ask for this'),
      );
    }
  });
});
