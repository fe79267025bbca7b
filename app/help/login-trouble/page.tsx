import { troubleshooterMetadata, TroubleshooterView } from '../_components/troubleshooter-view';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return troubleshooterMetadata('ja');
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginTroublePage({ searchParams }: Props) {
  const { symptom } = await searchParams;
  return <TroubleshooterView lang="ja" symptom={Array.isArray(symptom) ? symptom[0] : symptom} />;
}
