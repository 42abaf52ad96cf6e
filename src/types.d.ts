// stopword ships no type declarations; we use only its per-language word lists.
declare module 'stopword' {
  export const eng: string[];
}
