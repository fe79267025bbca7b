import Link from 'next/link';
import { env } from '@/lib/config/env';
import { supportContact } from '@/lib/recovery/support';
import { supportHours } from '@/lib/recovery/support-hours';
import type { HelpLang } from '@/lib/help/articles';
import { troubleshooterPath } from '@/lib/help/paths';
import { helpMessages } from '@/lib/i18n/messages/help';
import styles from './help.module.css';

export type FeedbackState = 'yes' | 'no' | 'error' | null;

export function feedbackState(v: string | string[] | undefined): FeedbackState {
  return v === 'yes' || v === 'no' || v === 'error' ? v : null;
}

/** 「この記事は役に立ちましたか？」 — a plain form POST, answered with a redirect back here. */
export function Feedback({ slug, lang, state }: { slug: string; lang: HelpLang; state: FeedbackState }) {
  const t = helpMessages[lang];
  return (
    <section id="feedback" className={styles.feedback} aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t.feedbackQuestion}</h2>
      {state === 'yes' ? (
        <p role="status">{t.feedbackThanks}</p>
      ) : state === 'no' ? (
        <div role="status">
          <p>{t.feedbackSorry}</p>
          <p>
            <Link href={troubleshooterPath(lang)}>{t.troubleCta}</Link>
          </p>
          <p className="small muted">{t.stillStuckBody(env().SUPPORT_PHONE, supportHours(supportContact(), lang))}</p>
        </div>
      ) : (
        <form method="post" action="/api/v1/help/feedback">
          {state === 'error' ? (
            <p role="alert" className="alert alert-error">
              {t.feedbackError}
            </p>
          ) : null}
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="lang" value={lang} />
          <div className={styles.feedbackButtons}>
            <button type="submit" name="helpful" value="yes" className="btn btn-secondary">
              {t.feedbackYes}
            </button>
            <button type="submit" name="helpful" value="no" className="btn btn-secondary">
              {t.feedbackNo}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
