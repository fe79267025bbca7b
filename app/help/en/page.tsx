import { expandedCategory, homeMetadata, HomeView, type HomeSearchParams } from '../_components/home-view';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return homeMetadata('en');
}

export default async function HelpHomePageEn({ searchParams }: { searchParams: HomeSearchParams }) {
  return <HomeView lang="en" expanded={await expandedCategory(searchParams)} />;
}
