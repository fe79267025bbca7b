import { homeMetadata, HomeView } from '../_components/home-view';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return homeMetadata('en');
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function HelpHomePageEn({ searchParams }: Props) {
  const { category } = await searchParams;
  return <HomeView lang="en" expanded={typeof category === 'string' ? category : undefined} />;
}
