import type { Db } from '../../db/client';
import { searchHelp } from '../../lib/help/search';
import { HELP_QUERIES, type HelpQueryCase } from './help-queries';

export type QueryOutcome = HelpQueryCase & { top: string[]; rank: number | null };
export type QualityReport = {
  queries: number;
  recallAt3: number;
  precisionAt1: number;
  mrr: number;
  outcomes: QueryOutcome[];
};

/** Runs every labelled query (without logging) and scores the ranking: recall@3, P@1, MRR. */
export async function evaluateHelpQueries(db: Db, cases: HelpQueryCase[] = HELP_QUERIES): Promise<QualityReport> {
  const outcomes: QueryOutcome[] = [];
  for (const c of cases) {
    const res = await searchHelp(db, { q: c.q, lang: c.lang, limit: 10, log: false });
    const top = res.results.map((r) => r.slug);
    const i = top.findIndex((s) => c.expect.includes(s));
    outcomes.push({ ...c, top, rank: i >= 0 ? i + 1 : null });
  }
  const n = outcomes.length;
  return {
    queries: n,
    recallAt3: outcomes.filter((o) => o.rank !== null && o.rank <= 3).length / n,
    precisionAt1: outcomes.filter((o) => o.rank === 1).length / n,
    mrr: outcomes.reduce((s, o) => s + (o.rank ? 1 / o.rank : 0), 0) / n,
    outcomes,
  };
}
