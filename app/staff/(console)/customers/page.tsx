import type { Metadata } from 'next';
import { staffPage } from '@/lib/staff/page';
import { getLocale } from '@/lib/i18n/server';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { CustomerSearchForm } from './search-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].customers.title, robots: { index: false, follow: false } };
}

export default async function CustomerSearchPage() {
  const { locale } = await staffPage('viewer');
  const t = staffMessages[locale].customers;
  return (
    <div className="page stack">
      <h1>{t.title}</h1>
      <p className="muted">{t.lead}</p>
      <CustomerSearchForm locale={locale} />
    </div>
  );
}
