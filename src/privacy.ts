// What looks like personal data in text a visitor typed: removed before anything leaves the browser.
//
// Every pattern here costs time linear in the text, because visitors paste long text: either it
// starts with a literal keyword and its quantifiers are bounded, or it matches a maximal run that a
// callback then classifies. A pattern such as `[a-z.]+@…` retries from every position of a run that
// holds no `@`: quadratic, and a pasted 30 kB query froze the page for a minute.

const MONTH = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

/** Secrets and identities announced by a keyword: what follows the keyword is replaced. */
const KEYWORDS: [RegExp, (keyword: string, gap: string, value: string) => string | undefined][] = [
  // "password hunter2", "pin: 1234". "password reset" stays: the word after must look like a
  // secret (a digit or a symbol), unless "is", "=" or ":" says it is one.
  [/\b(password|passcode|passphrase|pwd|pin(?: code)?)\b(\s{0,3}(?:is|was|=|:)?\s{0,3})(\S{1,100})/giu, (_, gap, value) => (/[:=]|\bis\b|\bwas\b/i.test(gap) || /[^\p{L}]/u.test(value) ? '[secret]' : undefined)],
  [/\b(passport)\b((?:\s{1,3}(?:number|num|no\.?|nr\.?|id))?\s{0,3}[:#]?\s{0,3})([a-z0-9]{5,12})\b/giu, (_, __, value) => (/\d/.test(value) ? '[passport]' : undefined)],
  [/\b(cvv2?|cvc2?|csc|cid|security code)\b(\W{0,3})(\d{3,4})\b/giu, () => '[cvv]'],
  [/\b(exp(?:iry|ires|iration)?(?: date)?|valid (?:thru|through|until))\b(\W{0,3})(\d{1,2}\s?[/.-]\s?\d{2,4})\b/giu, () => '[expiry]'],
  [
    new RegExp(`\\b(born(?: on| in)?|birthday(?: is)?|date of birth|birth ?date|d\\.?o\\.?b\\.?)(?![a-z])(\\W{0,3})((?:(?:\\d{1,4}(?:st|nd|rd|th)?|${MONTH})(?![a-z])[\\s,./-]{0,3}){1,4})`, 'giu'),
    (_, __, value) => `[date]${/[\s,./-]*$/.exec(value)![0]}`,
  ],
  // "my name is Jane Doe and…": up to three words, stopping at the next ordinary word.
  [/\b(my name is|my name's|my name’s|name is|name:|i am called|i'm called)(\s{1,3})([\p{L}'’-]{1,40}(?:\s{1,3}[\p{L}'’-]{1,40}){0,2})/giu, (_, __, value) => {
    const words = value.split(/(\s+)/);
    let end = 0;
    while (end < words.length && !STOP_WORDS.has(words[end].toLowerCase())) end += 2;
    if (!end) return undefined;
    return `[name]${words.slice(end - 1).join('')}`;
  }],
];

const STOP_WORDS = new Set(['and', 'but', 'or', 'i', 'im', "i'm", 'from', 'my', 'is', 'was', 'with', 'please', 'here', 'in', 'on', 'at', 'of', 'the', 'a', 'an', 'for', 'to', 'so', 'can', 'cant', "can't", 'not', 'have', 'had', 'need', 'want',
  // "my name is missing from the bill": words about the name, not the name.
  'missing', 'wrong', 'incorrect', 'misspelled', 'spelled', 'shown', 'showing', 'listed', 'changed', 'different', 'still', 'also', 'not', 'no', 'on', 'under']);

// Compact or grouped IBANs: two letters, two check digits, then 11–30 letters and digits.
const IBAN = /\b[a-z]{2}\d{2}(?:[a-z0-9]{11,30}|(?: [a-z0-9]{4}){2,7}(?: [a-z0-9]{1,3})?)\b/giu;
// A maximal run of the characters of an address: classified by `email`.
const ADDRESS_RUN = /[\p{L}\p{N}._%+@-]+/gu;
// "jane.doe at example dot com", "jane (at) example (dot) com": every part bounded.
const SPELLED_EMAIL =
  /[\p{L}\p{N}._%+-]{1,64}(?:\s{1,3}dot\s{1,3}[\p{L}\p{N}_%+-]{1,64}){0,4}\s{1,3}[([]?\s{0,2}at\s{0,2}[)\]]?\s{1,3}[\p{L}\p{N}.-]{1,63}(?:\s{0,3}[([]?\s{0,2}dot\s{0,2}[)\]]?\s{0,3}[\p{L}\p{N}-]{1,63}){0,4}/giu;
// A maximal run of digits and the separators people put in numbers: classified by `digits`.
const DIGIT_RUN = /[+(]?\d(?:[\d ()./-]*\d)?/g;
// CVV and expiry written right after a card number, without a label.
const CARD_TAIL = /\[card\]((?:[\s,;]{1,3}(?:\d{1,2}\s?\/\s?\d{2,4}|\d{3,4})\b){1,2})/g;

/**
 * Replaces personal data with placeholders: emails (also spelled out), card numbers with their CVV
 * and expiry, IBANs, phone numbers, dates, other long digit runs, and what follows "password",
 * "passport", "my name is" or "born". "call me at +1 555 010 4477" → "call me at [phone]". Short
 * numbers (error codes, amounts, years) stay. Takes time linear in the text.
 */
export function scrubPersonalData(text: string): string {
  let out = text;
  for (const [pattern, replace] of KEYWORDS) {
    out = out.replace(pattern, (match, keyword: string, gap: string, value: string) => {
      const replaced = replace(keyword, gap, value);
      return replaced === undefined ? match : `${keyword}${gap}${replaced}`;
    });
  }
  return out
    .replace(IBAN, (match) => ((match.slice(2).match(/\d/g)?.length ?? 0) >= 8 ? '[iban]' : match))
    .replace(ADDRESS_RUN, email)
    .replace(SPELLED_EMAIL, (match) => (isSpelledEmail(match) ? '[email]' : match))
    .replace(DIGIT_RUN, digits)
    .replace(CARD_TAIL, '[card]');
}

function email(run: string): string {
  const address = emailAddress(run);
  return address ? `[email]${run.slice(address.length)}` : run;
}

/** The email address a run of `ADDRESS_RUN` is, without the sentence punctuation after it; undefined if it is none. */
function emailAddress(run: string): string | undefined {
  // Sentence punctuation after an address is not part of it.
  const address = run.slice(0, run.length - /[.-]*$/.exec(run)![0].length);
  const at = address.lastIndexOf('@');
  // No real domain is longer; the bound also keeps the check below short.
  if (at <= 0 || address.length - at > 255) return undefined;
  return /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}$/u.test(address.slice(at + 1)) ? address : undefined;
}

// A web address: its scheme or "www.", then up to a space (a bare name like kestrel.com is not
// one: it is also how people type a brand).
const WEB_ADDRESS = /(?:https?:\/\/|www\.)[^\s<>"]+/giu;

/** Where the email and web addresses of a text are, as [start, end) offsets. Takes time linear in the text. */
export function addressSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const run of text.matchAll(ADDRESS_RUN)) {
    const address = emailAddress(run[0]);
    if (address) spans.push([run.index, run.index + address.length]);
  }
  for (const found of text.matchAll(WEB_ADDRESS)) {
    // Nor the punctuation after a web address (a loop: a pattern anchored at the end would retry).
    let end = found.index + found[0].length;
    while (end > found.index && '.,;:!?)'.includes(text[end - 1])) end--;
    spans.push([found.index, end]);
  }
  return spans;
}

/** The domain after "at" must end in a top-level domain: "look at page two" is not an address. */
function isSpelledEmail(match: string): boolean {
  const domain = match.split(/\s[([]?\s{0,2}at\s{0,2}[)\]]?\s/i).pop() ?? '';
  const parts = domain.split(/\s*[([]?\s*\bdot\b\s*[)\]]?\s*|\./i).filter(Boolean);
  return parts.length >= 2 && /^\p{L}{2,}$/u.test(parts[parts.length - 1]);
}

const DATE = /^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2})$/;

function digits(run: string): string {
  const groups = run.match(/\d+/g)!;
  const count = groups.reduce((n, g) => n + g.length, 0);
  // A card number, possibly followed by its CVV and expiry in the same run.
  let prefix = 0;
  for (const group of groups) {
    prefix += group.length;
    if (prefix >= 13 && prefix <= 19) return '[card]';
    if (prefix > 19) break;
  }
  if (DATE.test(run)) return '[date]';
  if (count >= 7) return `${run.startsWith('(') && !run.includes(')') ? '(' : ''}[phone]`;
  if (count >= 6) return '[number]';
  return run;
}

/**
 * The route of a page, without what identifies a person: a path segment with an `@` becomes
 * `:email`, one with a digit (order numbers, card numbers, dates) or longer than 32 characters
 * (tokens, ids) becomes `:id`. `/account/jane@example.com/orders/4111` → `/account/:email/orders/:id`.
 */
export function routeOf(pathname: string): string {
  return pathname
    .slice(0, 2000)
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // A malformed escape: judged as written.
      }
      if (decoded.includes('@')) return ':email';
      return /\d/.test(decoded) || decoded.length > 32 ? ':id' : segment;
    })
    .join('/');
}
