import '../../../src/text/all-languages.ts';
import { describe, expect, it } from 'vitest';
import { excerpt, highlight, passage } from '../../../src/search/highlight.ts';
import { queryTokens } from '../../../src/text/tokenize.ts';

describe('highlight', () => {
  it('marks words with the same stem as a query word', () => {
    expect(highlight('Refunds are paid in 5 days', queryTokens('refund'))).toBe('<mark>Refunds</mark> are paid in 5 days');
  });

  it('marks words that a partly typed word starts', () => {
    expect(highlight('Set up AutoPay', queryTokens('autop'))).toBe('Set up <mark>AutoPay</mark>');
  });

  it('escapes HTML in the text and the query', () => {
    expect(highlight('<img src=x onerror=alert(1)> & more', queryTokens('<img onerror>'))).toBe(
      '&lt;<mark>img</mark> src=x <mark>onerror</mark>=alert(1)&gt; &amp; more',
    );
  });
});

describe('excerpt', () => {
  it('centres on the densest cluster of matches and marks cuts', () => {
    const text = `${'Filler words here. '.repeat(20)}The GPRR charge is for roaming data. ${'More filler. '.repeat(20)}`;
    const result = excerpt(text, queryTokens('GPRR roaming'), 80);
    expect(result.startsWith('…')).toBe(true);
    expect(result.endsWith('…')).toBe(true);
    expect(result).toContain('<mark>GPRR</mark> charge is for <mark>roaming</mark> data');
  });

  it('starts at the beginning when nothing matches', () => {
    expect(excerpt('Short text.', queryTokens('zzz'))).toBe('Short text.');
  });

  it('picks the window by the words it shows after its lead-in, not by words it then cuts', () => {
    const text = 'Filler words to push things along here. Call screening sends unknown numbers to voicemail, and blocks. Call forwarding sends calls on. More filler after it.';
    const result = excerpt(text, queryTokens('call forwarding'), 80);
    expect(result).toContain('<mark>Call</mark> <mark>forwarding</mark>');
  });
});

describe('passage', () => {
  it('counts the query words its passage shows, once each however often or in whatever form', () => {
    const text = 'Calls drop or calling fails. Call forwarding sends calls elsewhere.';
    expect(passage(text, queryTokens('call forwarding'))).toEqual({ html: excerpt(text, queryTokens('call forwarding')), words: 2 });
    expect(passage(text, queryTokens('call waiting')).words).toBe(1);
    expect(passage(text, queryTokens('voicemail')).words).toBe(0);
  });

  it('counts the word being typed when it starts a word shown, and not a query word left out of the window', () => {
    expect(passage('Set up AutoPay today', queryTokens('setup autop')).words).toBe(1);
    expect(passage('Set up AutoPay today', queryTokens('direct debit autop')).words).toBe(1);
    // Long enough from three letters, too short before, as matchSpans takes it.
    expect(passage('Set up AutoPay today', queryTokens('aut')).words).toBe(1);
    expect(passage('Set up AutoPay today', queryTokens('autopay au')).words).toBe(1);
    const far = `Roaming costs extra. ${'Filler words here. '.repeat(20)}Data too.`;
    expect(passage(far, queryTokens('roaming data'), 60).words).toBe(1);
    // Nor one before the window: "roaming" opens the text, the passage shows data plans.
    const before = `Roaming first. ${'Filler words here. '.repeat(20)}Data and more data, and data plans.`;
    expect(passage(before, queryTokens('roaming data plans'), 60).words).toBe(2);
  });

  it('never cuts off a matched word its window holds, nor a sentence written without spaces at the last space before it', () => {
    // The window holds both words; the last space before its end is before "pay".
    expect(passage('bill aaaa bbbb cccc dddd pay, now', queryTokens('bill pay'), 28)).toEqual({ html: '<mark>bill</mark> aaaa bbbb cccc dddd <mark>pay</mark>…', words: 2 });
    // Japanese has no spaces: the passage is cut at its length, not after "Travel Pass".
    const ja = 'Travel Pass なら、定額の1日料金でプランの通話・SMS・データ通信を海外でも使えます。料金がかかるのは、スマートフォンを使った日だけです。';
    const shown = passage(ja, queryTokens('定額', 'ja'), 40, 'ja');
    expect(shown.html).toContain('<mark>定額</mark>');
    expect(shown.words).toBe(1);
    expect(shown.html.replace(/<\/?mark>/g, '').length).toBeGreaterThan(35);
  });

  it('shows no query word when there is none', () => {
    expect(passage('Set up AutoPay today', [])).toEqual({ html: 'Set up AutoPay today', words: 0 });
  });
});

describe('highlight, more cases', () => {
  it('marks the words only the last word starts, as the words before it are finished', () => {
    expect(highlight('Simple SIM steps', queryTokens('sim card'))).toBe('Simple <mark>SIM</mark> steps');
    expect(highlight('Simple SIM steps', queryTokens('card sim'))).toBe('<mark>Simple</mark> <mark>SIM</mark> steps');
  });

  it('marks a typed prefix only from three letters on', () => {
    expect(highlight('Set up AutoPay', queryTokens('au'))).toBe('Set up AutoPay');
    expect(highlight('Set up AutoPay', queryTokens('aut'))).toBe('Set up <mark>AutoPay</mark>');
  });

  it('escapes quotes and marks a code once, not once per part', () => {
    expect(highlight(`"E-1042" isn't it`, queryTokens('e1042'))).toBe('&quot;<mark>E-1042</mark>&quot; isn&#39;t it');
  });

  it('marks nothing for a query of no words, and no word that merely starts with "undefined"', () => {
    expect(highlight('Refunds', [])).toBe('Refunds');
    expect(highlight('undefined values', queryTokens('au'))).toBe('undefined values');
  });

  it('stems the text in the language of the article', () => {
    expect(highlight('Pagando la factura', queryTokens('pagar', 'es'), 'es')).toBe('<mark>Pagando</mark> la factura');
  });

  it('returns the whole text, escaped, when nothing matches', () => {
    expect(highlight('a < b', queryTokens('zzz'))).toBe('a &lt; b');
  });
});

describe('excerpt, more cases', () => {
  it('leads in with a quarter of the passage, 40 characters at most, from a word boundary, and cuts at a word boundary', () => {
    const text = `${'alpha beta gamma delta '.repeat(10)}The refund arrives in five days. ${'epsilon zeta eta theta '.repeat(10)}`;
    const shown = (length: number) => excerpt(text, queryTokens('refund'), length).replace(/<\/?mark>/g, '').replace(/…/g, '');
    const result = excerpt(text, queryTokens('refund'), 60);
    expect(result).toMatch(/^…[a-z]+ /);
    expect(result).toContain('The <mark>refund</mark> arrives');
    expect(result).toMatch(/ [a-z]+…$/);
    expect(shown(60).length).toBeLessThanOrEqual(60);
    // 15 characters before "refund" at most, from the start of a word.
    expect(shown(60).indexOf('refund')).toBeGreaterThan(5);
    expect(shown(60).indexOf('refund')).toBeLessThanOrEqual(15);
    expect(shown(180).indexOf('refund')).toBeGreaterThan(30);
    expect(shown(180).indexOf('refund')).toBeLessThanOrEqual(40);
    expect(shown(400).indexOf('refund')).toBeLessThanOrEqual(40);
  });

  it('prefers the window with the most different matched words, and the earlier one among equals', () => {
    const text = `refund here. ${'x '.repeat(100)}refund credit together. ${'y '.repeat(100)}refund credit again.`;
    const result = excerpt(text, queryTokens('refund credit'), 100);
    expect(result).toContain('<mark>refund</mark> <mark>credit</mark> together');
  });

  it('does not open on the punctuation of a cut sentence', () => {
    // The lead-in starts after "aaaa", on "· · ".
    const text = `${'aaaa '.repeat(20)}· · Datadatadatadatadatadatadatadata roaming costs extra.`;
    expect(excerpt(text, queryTokens('roaming'), 200)).toBe('…Datadatadatadatadatadatadatadata <mark>roaming</mark> costs extra.');
  });

  it('keeps a sign that is part of the first word, such as a price', () => {
    const text = `${'aaaa '.repeat(20)}$5 off with AutoPay each month.`;
    expect(excerpt(text, queryTokens('autopay'), 60)).toBe('…$5 off with <mark>AutoPay</mark> each month.');
    expect(excerpt(`${'aaaa '.repeat(20)}, $5 off with AutoPay each month.`, queryTokens('autopay'), 60)).toBe('…$5 off with <mark>AutoPay</mark> each month.');
  });

  it('skips punctuation only where it cut, also after a match that came before the passage', () => {
    expect(excerpt('— Refunds take five days.', queryTokens('refund'))).toBe('— <mark>Refunds</mark> take five days.');
    const text = `Refund. ${'word '.repeat(60)}${'aaaa '.repeat(20)}· · Datadatadatadatadatadatadatadata refund credit`;
    expect(excerpt(text, queryTokens('refund credit'), 200)).toBe('…Datadatadatadatadatadatadatadata <mark>refund</mark> <mark>credit</mark>');
  });

  it('starts on the match itself when no space comes between the lead-in and it', () => {
    expect(excerpt(`intro words ${'a'.repeat(100)}/refund more text here`, queryTokens('refund'), 60)).toBe('…<mark>refund</mark> more text here');
  });

  it('starts its lead-in on a word and ends on one', () => {
    const text = `${'alpha beta gamma delta '.repeat(10)}The refund arrives in five days. ${'epsilon zeta eta theta '.repeat(10)}`;
    expect(excerpt(text, queryTokens('refund'), 60)).toBe('…delta The <mark>refund</mark> arrives in five days. epsilon zeta eta…');
  });

  it('counts only the matches inside a window, up to its last character', () => {
    // The first window has both words, "credit" ending on its last character: it wins the tie.
    expect(excerpt(`refund abcdef credit ${'z '.repeat(100)}refund credit`, queryTokens('refund credit'), 20)).toBe('<mark>refund</mark> abcdef <mark>credit</mark>…');
    // A match before a window does not count for it, nor show in its passage.
    const text = `credit. ${'x '.repeat(100)}refund. ${'y '.repeat(100)}refund credit.`;
    expect(excerpt(text, queryTokens('refund credit'), 100)).toBe(`…${'y '.repeat(12)}<mark>refund</mark> <mark>credit</mark>.`);
  });

  it('cuts a word longer than the passage rather than showing nothing, and marks it as far as it shows', () => {
    const text = `refund${'b'.repeat(300)} more`;
    expect(excerpt(text, queryTokens('refu'), 180)).toBe(`<mark>${text.slice(0, 180)}</mark>…`);
  });

  it('leaves out a match that starts where the passage is cut', () => {
    const text = `refund${'-'.repeat(174)}credit`;
    expect(excerpt(text, queryTokens('refund credit'), 180)).toBe(`<mark>refund</mark>${'-'.repeat(174)}…`);
  });

  it('shows short text whole, without ellipses, and squeezes whitespace', () => {
    expect(excerpt('  Refunds \t take   five days. ', queryTokens('refund'))).toBe('<mark>Refunds</mark> take five days.');
  });

  it('counts a word the window still holds after an earlier one of it left the window', () => {
    // From the first "refund", the window ends before "fee"; from the second, it holds refund,
    // credit and fee: the second "refund" still counts once the first has left.
    const text = `refund ${'x '.repeat(20)}refund credit ${'y '.repeat(20)}fee.`;
    const shown = excerpt(text, queryTokens('refund credit fee'), 100);
    expect(shown).toContain('<mark>fee</mark>');
    expect(shown.startsWith('…')).toBe(true);
  });

  it('counts no word in a window that it left: the first of two equal windows wins', () => {
    // From "refund", the window holds refund and credit; from "fee", fee and chargeback: a tie,
    // which the earlier window takes. Counting refund and credit again from "fee" moved it there.
    const text = `refund credit ${'x '.repeat(60)}fee chargeback ${'y '.repeat(60)}end.`;
    expect(excerpt(text, queryTokens('refund credit fee chargeback'), 100).startsWith('<mark>refund</mark> <mark>credit</mark>')).toBe(true);
  });

  it('opens on the sentence, row or item its first match is in, when that starts in the lead-in', () => {
    const table = `${'filler words here. '.repeat(5)}Code · Why you might see it\nGPRR · Data on a partner network`;
    expect(excerpt(table, queryTokens('gprr'), 100)).toBe('…<mark>GPRR</mark> · Data on a partner network');
    const prose = `${'filler words here. '.repeat(5)}It is monthly. Your bill shows GPRR for roaming data, MBRA for its rate.`;
    expect(excerpt(prose, queryTokens('gprr'), 100)).toBe('…Your bill shows <mark>GPRR</mark> for roaming data, MBRA for its rate.');
    // A sentence that starts with the match itself.
    const starting = `${'filler words here. '.repeat(5)}Check your messages. Voicemail answers calls you miss.`;
    expect(excerpt(starting, queryTokens('voicemail'), 80)).toBe('…<mark>Voicemail</mark> answers calls you miss.');
    // Not from a full stop that ends no sentence.
    const abbreviated = `${'filler words here. '.repeat(5)}Some help is for U.S. citizens living abroad.`;
    expect(excerpt(abbreviated, queryTokens('abroad'), 100)).toBe('…U.S. citizens living <mark>abroad</mark>.');
    // A sentence that starts before the lead-in is shown from the lead-in, as before.
    const long = `${'filler words here. '.repeat(5)}Roaming in a partner country for a week shows GPRR.`;
    expect(excerpt(long, queryTokens('gprr'), 100)).toBe('…for a week shows <mark>GPRR</mark>.');
  });

  it('sets apart lines that end without a stop (list items, table rows), and joins those that end a sentence', () => {
    // A section's text has a line per block (see blockText in render-markdown.ts).
    const table = 'Section · What it shows\nSummary · The total due\n\nUsage · Calls and data';
    expect(excerpt(table, queryTokens('summary'))).toBe("Section · What it shows · <mark>Summary</mark> · The total due · Usage · Calls and data");
    const steps = 'To turn it on:\nOpen Settings\nTap Calls\nTurn on (Wi-Fi Calling)\nIt takes a minute. (Or two.)\nThen call.';
    expect(excerpt(steps, queryTokens('settings'))).toBe('To turn it on: Open <mark>Settings</mark> · Tap Calls · Turn on (Wi-Fi Calling) · It takes a minute. (Or two.) Then call.');
  });

  it('does not end a cut passage on the mark that sets lines apart', () => {
    // A table row's cells (see blockText): the cut falls just after "free. ·".
    const row = 'Pay by phone. The automated line is free. · Right away · Store';
    expect(excerpt(row, queryTokens('pay'), 46)).toBe('<mark>Pay</mark> by phone. The automated line is free.…');
  });
});
