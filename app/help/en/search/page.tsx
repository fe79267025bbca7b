import type { Metadata } from 'next';
import { readSearchParams, searchMetadata, SearchView } from '../../_components/search-view';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  return searchMetadata('en', readSearchParams(await searchParams).q);
}

export default async function HelpSearchPageEn({ searchParams }: Props) {
  const { q, page } = readSearchParams(await searchParams);
  return <SearchView lang="en" q={q} page={page} />;
}
