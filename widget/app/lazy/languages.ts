// The rules of every language besides English, loaded only on pages whose help center is in one.
export { otherLanguages } from '../../../src/text/languages/other.ts';
