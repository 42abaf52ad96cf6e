// What looks like personal data in text a visitor typed: removed before anything leaves the browser.
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// 13–19 digits, optionally grouped by spaces or dashes: card numbers.
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
// Phone numbers: an optional +, then 7 or more digits with common separators.
const PHONE = /(?:\+|\b)\d(?:[ ().-]{0,2}\d){6,}\b/g;
// Any other long run of digits: account numbers, IDs, social security numbers.
const DIGITS = /\b\d{6,}\b/g;

/**
 * Replaces emails, card numbers, phone numbers and other long digit runs with placeholders:
 * "call me at +1 555 010 4477" → "call me at [phone]". Short numbers (error codes, amounts) stay.
 */
export function scrubPersonalData(text: string): string {
  return text.replace(EMAIL, '[email]').replace(CARD, '[card]').replace(PHONE, '[phone]').replace(DIGITS, '[number]');
}
