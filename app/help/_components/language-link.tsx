import styles from './help.module.css';
import { helpMessages } from '@/lib/i18n/messages/help';
import type { HelpLang } from '@/lib/help/articles';

/**
 * 「Read in English」/「日本語で読む」: the same POST as the header's language switch, so the
 * choice is remembered and the other version opens. Works without JavaScript.
 */
export function LanguageLink({ lang, to }: { lang: HelpLang; to: string }) {
  const t = helpMessages[lang];
  return (
    <form method="post" action="/api/prefs" className={styles.langSwitch}>
      <input type="hidden" name="back" value={to} />
      <button type="submit" name="lang" value={t.otherLanguageLang} lang={t.otherLanguageLang} className="btn-link">
        {t.otherLanguage}
      </button>
    </form>
  );
}
