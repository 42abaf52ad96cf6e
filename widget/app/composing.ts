/**
 * The key belongs to an input method (Japanese, Chinese, Korean…) composing text: Enter confirms
 * its conversion, Esc cancels it, the arrows pick among its candidates. None of them is the
 * widget's. Safari gives the key that ends a composition keyCode 229 and `isComposing` false.
 */
export const composing = (event: KeyboardEvent) => event.isComposing || event.keyCode === 229;
