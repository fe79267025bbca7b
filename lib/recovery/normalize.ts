/**
 * Secret answers are compared after normalizing (docs/design.md#answer-normalization): NFKC, trim, no white space at all,
 * katakana folded to hiragana, lower-case — so 「ポチ」「ぽち」「ﾎﾟﾁ」「 ポチ 」 are one answer.
 */
export function normalizeAnswer(input: string): string {
  return input
    .normalize('NFKC')
    .trim()
    .replace(/\s+/gu, '')
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .toLowerCase();
}
