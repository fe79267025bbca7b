import { troubleshooterMetadata, TroubleshooterView } from '../../_components/troubleshooter-view';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return troubleshooterMetadata('en');
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginTroublePageEn({ searchParams }: Props) {
  const { symptom } = await searchParams;
  return <TroubleshooterView lang="en" symptom={Array.isArray(symptom) ? symptom[0] : symptom} />;
}
