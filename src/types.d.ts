// stopword ships no type declarations; we use only its per-language word lists.
declare module 'stopword' {
  export const eng: string[];
  export const spa: string[];
  export const fra: string[];
  export const deu: string[];
  export const jpn: string[];
  export const zho: string[];
  export const ara: string[];
}
