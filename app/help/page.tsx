import { homeMetadata, HomeView } from './_components/home-view';

// Reads the database on every request; `next build` never opens it.
export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return homeMetadata('ja');
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function HelpHomePage({ searchParams }: Props) {
  const { category } = await searchParams;
  return <HomeView lang="ja" expanded={typeof category === 'string' ? category : undefined} />;
}
