import styles from './help.module.css';
import { helpMessages } from '@/lib/i18n/messages/help';
import type { HelpLang } from '@/lib/help/articles';
import { searchPath } from '@/lib/help/paths';

/** 「キーワードで検索」: a plain GET form, so it works without JavaScript. */
export function SearchBox({
  lang,
  defaultValue = '',
  id = 'help-q',
}: {
  lang: HelpLang;
  defaultValue?: string;
  id?: string;
}) {
  const t = helpMessages[lang];
  return (
    <form role="search" action={searchPath(lang)} method="get" className={styles.search}>
      <label htmlFor={id} className={styles.searchLabel}>
        {t.searchLabel}
      </label>
      <div className={styles.searchRow}>
        <input
          id={id}
          name="q"
          type="search"
          className={styles.searchInput}
          defaultValue={defaultValue}
          placeholder={t.searchPlaceholder}
          maxLength={200}
          enterKeyHint="search"
          autoComplete="off"
          aria-describedby={`${id}-hint`}
        />
        <button type="submit" className={`btn btn-primary ${styles.searchButton}`}>
          {t.searchButton}
        </button>
      </div>
      <p id={`${id}-hint`} className={`small muted ${styles.searchHint}`}>
        {t.searchHint}
      </p>
    </form>
  );
}
