import Link from 'next/link';
import { getLocale } from '@/lib/i18n/server';
import { helpMessages } from '@/lib/i18n/messages/help';
import { helpHomePath, troubleshooterPath } from '@/lib/help/paths';
import { SearchBox } from './_components/search-box';

export default async function HelpNotFound() {
  const lang = await getLocale();
  const t = helpMessages[lang];
  return (
    <div className="page">
      <h1>{t.articleNotFound}</h1>
      <p>{t.articleNotFoundBody}</p>
      <SearchBox lang={lang} />
      <p>
        <Link href={troubleshooterPath(lang)} className="btn btn-primary">
          {t.troubleCta}
        </Link>
      </p>
      <p>
        <Link href={helpHomePath(lang)}>{t.helpCenter}</Link>
      </p>
    </div>
  );
}
