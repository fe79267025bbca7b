import type { Metadata } from 'next';
import { articleMetadata, ArticleView } from '../../_components/article-view';
import { feedbackState } from '../../_components/feedback';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return articleMetadata((await params).slug, 'en');
}

export default async function HelpArticlePageEn({ params, searchParams }: Props) {
  return <ArticleView slug={(await params).slug} lang="en" feedback={feedbackState((await searchParams).feedback)} />;
}
