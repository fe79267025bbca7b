/**
 * The live strength meter of 「新しいパスワード」 (docs/design.md#forgotten-password). Client-safe: no
 * 'server-only', no Node API. zxcvbn-ts and its dictionaries (common + Japanese) are imported lazily on
 * the first call, so they are not in the page's first bundle. It only advises; the server's rules
 * (lib/auth/password-policy.ts) decide.
 */

export type StrengthEstimate = { score: 0 | 1 | 2 | 3 | 4; warning?: string };

type Checker = (password: string, userInputs: string[]) => StrengthEstimate;

let loading: Promise<Checker> | undefined;

async function load(): Promise<Checker> {
  const [{ ZxcvbnFactory }, common, ja] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-ja'),
  ]);
  const factory = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...ja.dictionary },
    graphs: common.adjacencyGraphs,
    translations: ja.translations,
  });
  return (password, userInputs) => {
    const r = factory.check(password.normalize('NFKC'), userInputs.filter(Boolean));
    const warning = r.feedback.warning ?? undefined;
    return { score: r.score, ...(warning ? { warning } : {}) };
  };
}

/**
 * Score 0 (weakest) to 4 and zxcvbn's warning (in Japanese) for `password`; `userInputs` are words the
 * password should not contain (login ID, name, brand). The first call loads the dictionaries.
 */
export async function estimateStrength(password: string, userInputs: string[] = []): Promise<StrengthEstimate> {
  loading ??= load();
  const check = await loading;
  return check(password, userInputs);
}
