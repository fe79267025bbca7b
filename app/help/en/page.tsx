import { homeMetadata, HomeView } from '../_components/home-view';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return homeMetadata('en');
}

export default function HelpHomePageEn() {
  return <HomeView lang="en" />;
}
