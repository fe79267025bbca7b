/**
 * The Markdown subset the help articles use, parsed into plain data: headings, paragraphs, bullet
 * and numbered lists, block quotes, **bold**, `code` and links. Nothing is ever passed through as
 * HTML: the page renders this tree with React (which escapes text), and only relative links
 * (`/path`, `#anchor`) become links — anything else stays text.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'heading'; level: 2 | 3 | 4; id: string; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'quote'; children: Inline[] };

export type FaqEntry = { question: string; answer: string };

const HEADING_RE = /^(#{1,4})\s+(.+?)\s*#*\s*$/;
const BULLET_RE = /^\s{0,3}[-*+]\s+(.*)$/;
const ORDERED_RE = /^\s{0,3}\d{1,3}[.)]\s+(.*)$/;
const QUOTE_RE = /^\s{0,3}>\s?(.*)$/;
const FAQ_HEADINGS = new Set(['よくある質問', 'よくあるご質問', 'faq', 'frequently asked questions']);

/** Only same-site paths or in-page anchors are linked; never `//host`, `javascript:` or any scheme. */
export function isSafeRelativeHref(href: string): boolean {
  return /^(\/(?![/\\])|#)[^\s<>"'`\\]*$/.test(href);
}

/** Joins wrapped lines: no space between Japanese characters, one space between Latin words. */
function joinLines(lines: string[]): string {
  return lines.reduce((acc, line) => {
    const l = line.trim();
    if (!acc) return l;
    const a = acc.at(-1) ?? '';
    const b = l[0] ?? '';
    return /[\x21-\x7e]/.test(a) && /[\x21-\x7e]/.test(b) ? `${acc} ${l}` : acc + l;
  }, '');
}

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    if (rest.startsWith('\\') && i + 1 < src.length && /[\\`*_[\]()#>-]/.test(src[i + 1])) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (rest.startsWith('**')) {
      const end = src.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ type: 'strong', children: parseInline(src.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if (rest.startsWith('`')) {
      const end = src.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: 'code', text: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (rest.startsWith('[')) {
      const m = /^\[([^\]]+)\]\(([^)\s]*)\)/.exec(rest);
      if (m) {
        flush();
        const children = parseInline(m[1]);
        if (isSafeRelativeHref(m[2])) out.push({ type: 'link', href: m[2], children });
        else out.push(...children);
        i += m[0].length;
        continue;
      }
    }
    text += src[i];
    i++;
  }
  flush();
  return out;
}

export function inlineText(inlines: Inline[]): string {
  return inlines.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : inlineText(n.children))).join('');
}

/** Every link target in the blocks, in order of appearance (repeats included). */
export function linkTargets(blocks: Block[]): string[] {
  const out: string[] = [];
  const walk = (inlines: Inline[]) => {
    for (const n of inlines) {
      if (n.type === 'link') out.push(n.href);
      if (n.type === 'link' || n.type === 'strong') walk(n.children);
    }
  };
  for (const b of blocks) {
    if (b.type === 'list') b.items.forEach(walk);
    else walk(b.children);
  }
  return out;
}

/** Stable ids for headings so the table of contents and FAQ can link to them. */
function headingId(index: number): string {
  return `section-${index + 1}`;
}

export function parseMarkdown(md: string): Block[] {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: string[][] } | null = null;
  let quote: string[] = [];
  let headings = 0;

  const flushPara = () => {
    if (para.length) blocks.push({ type: 'paragraph', children: parseInline(joinLines(para)) });
    para = [];
  };
  const flushList = () => {
    if (list)
      blocks.push({ type: 'list', ordered: list.ordered, items: list.items.map((it) => parseInline(joinLines(it))) });
    list = null;
  };
  const flushQuote = () => {
    if (quote.length) blocks.push({ type: 'quote', children: parseInline(joinLines(quote)) });
    quote = [];
  };
  const flushAll = () => {
    flushPara();
    flushList();
    flushQuote();
  };

  for (const line of lines) {
    if (!line.trim()) {
      flushAll();
      continue;
    }
    const h = HEADING_RE.exec(line);
    if (h) {
      flushAll();
      // A page has one h1 (the title): an article's own "#" is shown as h2.
      const level = Math.min(4, Math.max(2, h[1].length)) as 2 | 3 | 4;
      blocks.push({ type: 'heading', level, id: headingId(headings++), children: parseInline(h[2]) });
      continue;
    }
    const b = BULLET_RE.exec(line);
    const o = b ? null : ORDERED_RE.exec(line);
    if (b || o) {
      flushPara();
      flushQuote();
      const ordered = Boolean(o);
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push([(b ?? o)![1]]);
      continue;
    }
    const q = QUOTE_RE.exec(line);
    if (q) {
      flushPara();
      flushList();
      quote.push(q[1]);
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // An indented line continues the last list item.
      list.items[list.items.length - 1].push(line);
      continue;
    }
    flushList();
    flushQuote();
    para.push(line);
  }
  flushAll();
  return blocks;
}

function blockText(b: Block): string {
  switch (b.type) {
    case 'list':
      return b.items.map(inlineText).join('\n');
    default:
      return inlineText(b.children);
  }
}

/** The article as plain text (headings, paragraphs and list items on their own lines). */
export function toPlainText(blocks: Block[]): string {
  return blocks.map(blockText).join('\n');
}

export function markdownToPlainText(md: string): string {
  return toPlainText(parseMarkdown(md));
}

/**
 * Questions and answers of the article's FAQ section (a 「よくある質問」 heading followed by one
 * sub-heading per question), for FAQPage structured data.
 */
export function extractFaq(blocks: Block[]): FaqEntry[] {
  const out: FaqEntry[] = [];
  let inFaq = false;
  let faqLevel = 2;
  let current: { question: string; answer: string[] } | null = null;
  const close = () => {
    if (current && current.answer.length) out.push({ question: current.question, answer: current.answer.join('\n') });
    current = null;
  };
  for (const b of blocks) {
    if (b.type === 'heading') {
      const text = inlineText(b.children).trim();
      if (FAQ_HEADINGS.has(text.toLowerCase())) {
        close();
        inFaq = true;
        faqLevel = b.level;
        continue;
      }
      if (b.level <= faqLevel) {
        close();
        inFaq = false;
        continue;
      }
      if (inFaq) {
        close();
        current = { question: text, answer: [] };
      }
      continue;
    }
    if (inFaq && current) current.answer.push(blockText(b));
  }
  close();
  return out;
}
