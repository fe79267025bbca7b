import Link from 'next/link';
import { getLocale } from '@/lib/i18n/server';
import { common } from '@/lib/i18n';

export default async function NotFound() {
  const t = common[await getLocale()];
  return (
    <div className="page">
      <div className="card stack">
        <h1>{t.notFoundTitle}</h1>
        <p>{t.notFoundBody}</p>
        <div className="actions actions-row">
          <Link href="/login" className="btn btn-primary">
            {t.login}
          </Link>
          <Link href="/help" className="btn btn-secondary">
            {t.help}
          </Link>
        </div>
      </div>
    </div>
  );
}
