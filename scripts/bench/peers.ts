// The engines Selfserve is measured against, each set up as its documentation recommends for
// site search. Every engine answers a query with article ids, best first.
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import { Document } from 'flexsearch';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import type { Doc } from './corpus.ts';

export interface Engine {
  name: string;
  /** Builds the engine's index in memory. */
  build(docs: Doc[]): Promise<void> | void;
  /** Ids of the best articles for a query, best first. */
  search(query: string, limit: number): Promise<string[]> | string[];
  /** The serialized index, as a site would ship it (for sizes). */
  serialize?(): string;
}

export function miniSearch(): Engine {
  let index: MiniSearch<Doc>;
  return {
    name: 'MiniSearch',
    build(docs) {
      // MiniSearch's README: search-as-you-type with prefix and fuzzy matching, title boosted.
      index = new MiniSearch<Doc>({ fields: ['title', 'body'], storeFields: ['title'], searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 } });
      index.addAll(docs);
    },
    search: (query, limit) => index.search(query).slice(0, limit).map((r) => String(r.id)),
    serialize: () => JSON.stringify(index),
  };
}

export function lunrEngine(): Engine {
  let index: lunr.Index;
  return {
    name: 'Lunr',
    build(docs) {
      index = lunr(function () {
        this.ref('id');
        this.field('title', { boost: 10 });
        this.field('body');
        for (const doc of docs) this.add(doc);
      });
    },
    // User questions contain Lunr's query syntax (: ~ ^ + -): build the query from its own tokenizer.
    search: (query, limit) =>
      index
        .query((q) => {
          for (const token of lunr.tokenizer(query)) q.term(token.toString().replace(/[:~^+*-]/g, ''), {});
        })
        .slice(0, limit)
        .map((r) => r.ref),
    serialize: () => JSON.stringify(index),
  };
}

export function orama(): Engine {
  // Orama's generic types recurse too deeply for this use; the calls below follow its docs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any;
  return {
    name: 'Orama',
    async build(docs) {
      db = (create as (options: unknown) => unknown)({ schema: { id: 'string', title: 'string', body: 'string' } });
      await (insertMultiple as (db: unknown, docs: unknown) => Promise<unknown>)(db, docs);
    },
    async search(query, limit) {
      const result = (await (oramaSearch as (db: unknown, params: unknown) => Promise<{ hits: { document: Doc }[] }>)(db, { term: query, properties: ['title', 'body'], boost: { title: 2 }, limit }));
      return result.hits.map((hit) => String(hit.document.id));
    },
  };
}

export function flexSearchDefaults(): Engine {
  let index: Document;
  return {
    name: 'FlexSearch (defaults)',
    build(docs) {
      index = new Document({ document: { id: 'id', index: ['title', 'body'] } });
      for (const doc of docs) index.add({ ...doc });
    },
    search(query, limit) {
      const ids: string[] = [];
      for (const field of index.search(query, { limit }) as { result: string[] }[]) {
        for (const id of field.result) if (!ids.includes(id)) ids.push(id);
      }
      return ids.slice(0, limit);
    },
  };
}
