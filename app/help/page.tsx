import { homeMetadata, HomeView } from './_components/home-view';

// Reads the database on every request; `next build` never opens it.
export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return homeMetadata('ja');
}

export default function HelpHomePage() {
  return <HomeView lang="ja" />;
}
