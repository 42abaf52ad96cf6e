import { matchSpans } from '../../src/search/highlight.ts';
import type { Token } from '../../src/text/tokenize.ts';

/** Wraps the query's words in `<mark>` inside rendered article HTML, touching only text nodes. */
export function highlightIn(containers: Element | Element[], tokens: Token[], locale?: string): void {
  if (!tokens.length) return;
  const nodes: Text[] = [];
  for (const container of Array.isArray(containers) ? containers : [containers]) {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  }
  for (const node of nodes) {
    const spans = matchSpans(node.data, tokens, locale);
    if (!spans.length) continue;
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const span of spans) {
      if (span.start < at) continue;
      fragment.append(node.data.slice(at, span.start));
      const mark = document.createElement('mark');
      mark.textContent = node.data.slice(span.start, span.end);
      fragment.append(mark);
      at = span.end;
    }
    fragment.append(node.data.slice(at));
    node.replaceWith(fragment);
  }
}
