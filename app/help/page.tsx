import { expandedCategory, homeMetadata, HomeView, type HomeSearchParams } from './_components/home-view';

// Reads the database on every request; `next build` never opens it.
export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return homeMetadata('ja');
}

export default async function HelpHomePage({ searchParams }: { searchParams: HomeSearchParams }) {
  return <HomeView lang="ja" expanded={await expandedCategory(searchParams)} />;
}
