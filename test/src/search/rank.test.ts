// One test per ranking rule, on a small banking help center. Each test checks its case with every
// rule on, and again with its own rule switched off (the same switch `npm run eval` uses), so each
// test is known to depend on its rule: delete the rule and the first half of its test goes red.
import { beforeAll, describe, expect, it } from 'vitest';
import { openIndex, RANK_RULES, RULE_NAMES, type HelpIndex, type RankRules, type Token } from '../../../src/node/index.ts';
import { MAX_QUERY_TOKENS, queryTokens } from '../../../src/text/tokenize.ts';
import { asideWords, rankArticles, rarestTokens, tokensNeedingTypos, typedPastStem, type TermLookup } from '../../../src/search/rank.ts';
import { buildIndexFolder } from '../../helpers/build.ts';
import { article, tempFolder } from '../../helpers/content.ts';

/** A help center of these files, built for real and opened. */
const helpCenter = async (files: Record<string, string>) => openIndex(await buildIndexFolder(await tempFolder(files)));

/** A help center of these files for one describe block, built before its tests: its search, and the slugs a query finds. */
function fixture(files: Record<string, string>) {
  let help: HelpIndex;
  beforeAll(async () => {
    help = await helpCenter(files);
  }, 60_000);
  const search = (query: string, rules?: Partial<RankRules>, limit?: number) => help.search(query, { excerpts: false, rules, limit });
  return { search, found: async (query: string, rules?: Partial<RankRules>) => (await search(query, rules)).results.map((r) => r.slug) };
}

const HELP_CENTER: Record<string, string> = {
  'account/account-settings.md': article(
    'title: Account settings\ndescription: Change your name, address and notifications.',
    'Open your account in the app to change how your account looks.\n\n## Notifications\n\nChoose which account alerts you get.\n',
  ),
  'cards/lost-card.md': article(
    'title: Lost or stolen card\ndescription: What to do when your card is gone.',
    'Lock your card in the app at once: nobody can pay with it while it is locked, and your account stays open.\n\n## Order a new card\n\nA new card reaches you in five days.\n',
  ),
  'payments/refunds.md': article(
    'title: Refunds\ndescription: Money back from a shop.',
    'A shop sends a refund to the card you paid with; your account shows it within five days.\n',
  ),
  'payments/card-payments.md': article(
    'title: Paying by card\ndescription: Paying in shops and online.',
    'Pay with your card in shops; your account shows each payment.\n\n## Returns\n\nWhen you return goods the shop may refund you.\n\n## Refund missing\n\nA refund that is late still shows on your account.\n\n## Partial refund\n\nA partial refund shows as two lines.\n',
  ),
  'travel/travel-abroad.md': article(
    'title: Using your account abroad\ndescription: Before you travel.',
    'Tell us before you travel so your account is not blocked.\n\n## International transfer fees\n\nEach international transfer has a small fee.\n',
  ),
  'travel/currency.md': article(
    'title: Currency fees\ndescription: What paying in another currency costs.',
    'Your account converts each currency at the day rate.\n\n## International payments\n\nCard payments abroad cost nothing extra.\n\n## At home\n\nTransfers to other banks take a day.\n',
  ),
  'payments/autopay.md': article(
    'title: Autopay for bills\ndescription: Pay bills on their due date.',
    'Your account pays each bill on its due date.\n',
  ),
  'security/password.md': article(
    'title: Reset your password\ndescription: Sign in again when you forgot it.',
    'Reset your password from the sign-in screen; your account stays safe.\n',
  ),
  'payments/chargebacks.md': article(
    'title: Chargebacks\ndescription: Money back for a charge you did not agree to.',
    'Ask us for a chargeback when a seller will not put a wrong charge right.\n',
  ),
  'profile/profile.md': article(
    'title: Your profile\ndescription: The details we keep about you.',
    'Keep your details up to date.\n\n## Email\n\nWe send statements by email.\n\n## Phone number\n\nWe text sign-in codes to this phone.\n',
  ),
  'payments/direct-debits.md': article(
    'title: Direct debits\ndescription: Let a company collect what you owe.',
    'A direct debit lets a company collect what you owe on the day it is due.\n',
  ),
  'payments/cancel-direct-debit.md': article(
    'title: Cancel a direct debit\ndescription: Stop a company collecting.',
    'Cancel a direct debit in the app up to a day before it is collected.\n\n## After you cancel\n\nTell the company, or the direct debit may be set up again.\n',
  ),
  'help/call-us.md': article(
    'title: Phone us\ndescription: Opening hours and where to call.',
    'Lines open from eight to eight every day.\n\n## Numbers to call\n\nPhone the number for your country; calls are free.\n',
  ),
};

let index: HelpIndex;
beforeAll(async () => {
  index = await helpCenter(HELP_CENTER);
}, 60_000);

const slugs = async (query: string, rules?: Partial<RankRules>) => (await index.search(query, { excerpts: false, rules })).results.map((r) => r.slug);
const top = async (query: string, rules?: Partial<RankRules>) => (await slugs(query, rules))[0];
const off = (rule: keyof RankRules): Partial<RankRules> => ({ [rule]: false });

describe('ranking rules', () => {
  it('rarity: a rare word outweighs a common word matched in a better place', async () => {
    // "account" is in every article's text and in one title; "lock" is in one article's text.
    expect(await top('account lock')).toBe('cards/lost-card');
    expect(await top('account lock', off('rarity'))).toBe('account/account-settings');
  });

  it('fields: a title match outweighs the same word all over another article', async () => {
    expect(await top('refund')).toBe('payments/refunds');
    // Without fields the short refunds article would still win on its share of sections holding
    // the word and on its title being the word asked, so those rules are off on this side too.
    expect(await top('refund', { fields: false, sectionFrequency: false, titleCoverage: false, exactName: false })).toBe('payments/card-payments');
  });

  it('sectionBonus: words together in one section beat the same words scattered', async () => {
    expect(await top('international transfers fee')).toBe('travel/travel-abroad');
    // The heading "International transfer fees" also has the words side by side, so the word-pair
    // rule is off here: the section alone must decide. It opens its article, where the currency
    // page has "transfers" in a later section, so the opening rule is off on the other side too.
    expect(await top('international transfers fee', off('wordPairs'))).toBe('travel/travel-abroad');
    // "international transfer" is a phrase of that heading, which makes "international" count less
    // on both pages (the phrases rule): off too.
    expect(await top('international transfers fee', { sectionBonus: false, wordPairs: false, sectionFrequency: false, opening: false, phrases: false })).toBe('travel/currency');
  });

  it('prefixes: a word being typed finds the words it begins, and a word typed past its stem', async () => {
    expect(await top('autop')).toBe('payments/autopay');
    expect(await slugs('autop', off('prefixes'))).not.toContain('payments/autopay');
    // "chargebackin" is the stem of "chargebacks" typed on, two letters past it; a typo lookup
    // would also find it, so typos are off on both sides.
    expect(await top('chargebackin', off('typos'))).toBe('payments/chargebacks');
    expect(await slugs('chargebackin', { prefixes: false, typos: false })).toEqual([]);
  });

  it('typos: a word one letter off finds the word meant', async () => {
    expect(await top('pasword')).toBe('security/password');
    expect(await slugs('pasword', off('typos'))).toEqual([]);
  });

  it('splitWords: two words typed together find what they name apart', async () => {
    expect(await top('lostcard')).toBe('cards/lost-card');
    expect(await slugs('lostcard', off('splitWords'))).toEqual([]);
  });

  it('rarestWords: a long message is searched by its rarest words, even at its end after a long story', async () => {
    // Over 96 words, most of them in other articles or in none; the one that says what it is about
    // comes last, as in a message that tells its story first.
    const message =
      'Hello, I have had my account with you for years and I use my card in shops and online every day, and I love the app. ' +
      'My account is fine and my card works, I check my account every morning and evening and my balance looks right, my name ' +
      'and address are right too. Let me tell you the whole story from the start, because the shop would not listen. Three weeks ' +
      'ago my sister and I drove to the big garden centre near the motorway to buy a lawnmower, two chairs, a parasol and some ' +
      'plants for the flat we share. At the till the machine froze, the assistant pressed every button twice, apologised, and ' +
      'told us to try again, so I did. The receipt showed one purchase, but my statement now lists the same amount in two ' +
      'rows. I kept every paper: the receipt, photos of the frozen screen and the name of the manager on duty, a tall man named ' +
      'Peter who promised to write back within the hour. I went back to the shop on Monday and Tuesday, wrote an email on ' +
      'Wednesday, and filled in the form on their website, yet no reply came. My landlord wants the rent on Friday and the money ' +
      'is simply missing. What I want is a chargeback.';
    expect(queryTokens(message, 'en', 200).findIndex((t) => t.stem === 'chargeback')).toBeGreaterThan(MAX_QUERY_TOKENS);
    expect((await index.search(message, { excerpts: false })).query).toBe(message);
    expect(await top(message)).toBe('payments/chargebacks');
    expect(await top(message, off('rarestWords'))).not.toBe('payments/chargebacks');
  });

  it('wordPairs: two words side by side in a heading beat the same words in a title and a heading apart', async () => {
    // "Phone us" has "phone" in its title, which outweighs the profile's heading "Phone number"
    // unless the two words standing together count; in either order, as people type them.
    expect(await top('phone number')).toBe('profile/profile');
    expect(await top('number phone')).toBe('profile/profile');
    expect(await top('phone number', off('wordPairs'))).toBe('help/call-us');
  });

  it('typosAsRead: a typo is searched as the word it was read as, its word pairs included', async () => {
    // Read as "phone number", whose words stand together in the profile's heading (wordPairs):
    // the results are those of the query the visitor is told was searched.
    const response = await index.search('phone numbr', { excerpts: false });
    expect(response.corrected?.query).toBe('phone number');
    expect(response.results[0]?.slug).toBe('profile/profile');
    // Off, "number" counts only where its one-edit variants match, at half weight, in no pair.
    expect(await top('phone numbr', off('typosAsRead'))).toBe('help/call-us');
    // Not in a message: its words found nowhere are names more often than typos.
    // Read as "card", the name "Carl" would raise every card article at full weight.
    const message = 'Hello there, I moved house last month with my family and my phone number changed too, so I would like to tell you the new one today. Regards, Carl';
    expect(queryTokens(message).length).toBeGreaterThanOrEqual(12);
    expect(await slugs(message)).toEqual(await slugs(message, off('typosAsRead')));
    // Nor is the visitor told the message was searched as "… Regards, call".
    const told = await index.search(message, { excerpts: false });
    expect(told.results.length).toBeGreaterThan(0);
    expect(told.corrected).toBeUndefined();
  });

  it('a query of stop words alone being typed looks up the words its last one begins ("can" → cancel)', async () => {
    expect(await top('can')).toBe('payments/cancel-direct-debit');
    expect((await index.search('can', { typing: true, excerpts: false })).results[0]?.slug).toBe('payments/cancel-direct-debit');
    // Finished, it is a stop word like any other.
    expect(await slugs('can ')).toEqual([]);
    expect(await slugs('can?')).toEqual([]);
  });

  it('lists each article once, however many of the words it matches', async () => {
    const found = await slugs('international transfer fee account card');
    expect(found.length).toBeGreaterThan(3);
    expect(new Set(found).size).toBe(found.length);
  });

  it('every rule has a test above', () => {
    const tested = ['rarity', 'fields', 'sectionBonus', 'prefixes', 'typos', 'rarestWords', 'wordPairs', 'scatteredBody', 'finishedWords', 'askingWords', 'sectionFrequency', 'titleCoverage', 'sectionRarity', 'headingCoverage', 'stopWordForms', 'opening', 'phrases', 'splitWords', 'exactName', 'typosAsRead'];
    expect(RULE_NAMES.length).toBeGreaterThan(0);
    expect([...RULE_NAMES].sort()).toEqual([...tested].sort());
  });
});

describe('the words a query is ranked by', () => {
  // An index as ranking sees it: term → record ids, in the body only.
  const body: Record<string, number[]> = { account: [0, 1, 2, 3], card: [0, 1], chargeback: [3], password: [2] };
  const lookup: TermLookup = { ids: (field, term) => (field === 'body' ? body[term] ?? [] : []), completions: () => [] };
  const token = (word: string): Token => ({ surface: word, stem: word });

  it('typedPastStem: the stems a word typed on may be heading for, down to 3 letters less and 4 letters long', () => {
    expect(typedPastStem(token('licensi'))).toEqual(['licens', 'licen', 'lice']);
    expect(typedPastStem(token('refundin'))).toEqual(['refundi', 'refund', 'refun']);
    expect(typedPastStem(token('card'))).toEqual([]);
  });

  it('rarestTokens: the rarest words of a long query, in the order typed, words found nowhere last', () => {
    const tokens = ['account', 'xyzzy', 'card', 'chargeback', 'password'].map(token);
    expect(rarestTokens(lookup, tokens, 5)).toBe(tokens);
    expect(rarestTokens(lookup, tokens, 3).map((t) => t.surface)).toEqual(['card', 'chargeback', 'password']);
    expect(rarestTokens(lookup, tokens, 4).map((t) => t.surface)).toEqual(['account', 'card', 'chargeback', 'password']);
    expect(rarestTokens(lookup, tokens, 1).map((t) => t.surface)).toEqual(['chargeback']);
  });

  it('rarestTokens: words ranking sets aside (asking words) go last, however rare', () => {
    const asked: Record<string, number[]> = { question: [2], account: [0, 1, 2, 3], card: [0, 1], chargeback: [3] };
    const sparse: TermLookup = { ids: (field, term) => (field === 'body' ? asked[term] ?? [] : []), completions: () => [] };
    const tokens = ['question', 'account', 'card', 'chargeback'].map(token);
    expect(rarestTokens(sparse, tokens, 3).map((t) => t.surface)).toEqual(['question', 'card', 'chargeback']);
    expect(rarestTokens(sparse, tokens, 3, asideWords(RANK_RULES, 'en')).map((t) => t.surface)).toEqual(['account', 'card', 'chargeback']);
  });

  it('tokensNeedingTypos: the words that match nothing, are long enough, and are not codes or noise', () => {
    const tokens = ['account', 'pasword', 'abc', 'e1042x', 'x'.repeat(41), 'y'.repeat(40)].map(token);
    expect(tokensNeedingTypos(lookup, tokens).map((t) => t.surface)).toEqual(['pasword', 'y'.repeat(40)]);
    expect(tokensNeedingTypos(lookup, tokens, { ...RANK_RULES, typos: false })).toEqual([]);
  });
});

describe('long messages', () => {
  let help: HelpIndex;
  beforeAll(async () => {
    help = await helpCenter({
      'pension.md': article('title: Your pension\ndescription: What the pension pays and when.', 'Payments arrive on the first working day.\n'),
      'new-home.md': article(
        'title: Settling into a new home\ndescription: A checklist.',
        'A week before, tell your doctor and the school.\n\n## Packing\n\nLabel the boxes and keep the keys together.\n\n## After\n\nRegister the car and meet the neighbours.\n',
      ),
    });
  }, 60_000);

  it('scatteredBody: the story words of a message, found all over one article, do not outrank what it asks', async () => {
    const message =
      'Hi, my mother changes town soon. Her doctor and her school friends know, the boxes are labelled, the keys are ready, ' +
      'the car is registered and the neighbours are lovely. When does her pension start?';
    const slugs = async (rules?: Partial<RankRules>) => (await help.search(message, { excerpts: false, rules })).results.map((r) => r.slug);
    expect((await slugs())[0]).toBe('pension');
    expect((await slugs(off('scatteredBody')))[0]).toBe('new-home');
  });
});

describe('askingWords', () => {
  const { found } = fixture({
    'common-questions.md': article('title: Common questions\ndescription: What customers ask most.', 'Opening hours, branches and the app.\n'),
    'understanding-statements.md': article('title: Understanding your statement\ndescription: Line by line.', 'What each line says.\n'),
    'account-costs.md': article('title: What your account costs\ndescription: Prices.', 'Most of it is free.\n\n## Monthly fee\n\nThe fee is taken on the first of the month.\n'),
  });

  it('a question about a fee finds the fee, not the article titled with "questions"', async () => {
    expect((await found('I have a question about the fee'))[0]).toBe('account-costs');
    // The fee's heading opens its article, which the opening rule raises: off too, to see this rule alone.
    expect((await found('I have a question about the fee', { askingWords: false, opening: false }))[0]).toBe('common-questions');
  });

  it('knows asking words in any form ("understanding" for "understand")', async () => {
    expect((await found('understanding the fee'))[0]).toBe('account-costs');
    expect((await found('understanding the fee', { askingWords: false, opening: false }))[0]).toBe('understanding-statements');
  });

  it('a query of asking words alone still finds what they name', async () => {
    expect(await found('questions')).toEqual(['common-questions']);
  });
});

describe('wordPairs in aliases', () => {
  // A writer names the question an article answers in one of its aliases; another article has the
  // same words in its title, where they count more, but not side by side.
  const { found } = fixture({
    'home-data.md': article('title: Working from home with data abroad\ndescription: Your line in another country.', 'Restart your phone first.\n'),
    'partners.md': article(
      'title: Partner networks\ndescription: The networks your phone uses in other countries.\naliases: [data not working abroad, foreign network]',
      'Your phone picks a partner network when you arrive.\n\n## Choose a network\n\nPick one from the list in your settings.\n',
    ),
    'fees.md': article('title: Foreign fees when abroad\ndescription: What paying in other currencies costs.', 'A small fee for each payment.\n'),
  });

  it('the words of a query side by side in an alias raise its article', async () => {
    expect((await found('data not working abroad'))[0]).toBe('partners');
    // (The alias typed whole raises it too: see exactName.)
    expect((await found('data not working abroad', { wordPairs: false, exactName: false }))[0]).toBe('home-data');
  });

  it('no pair spans two aliases', async () => {
    // "abroad foreign" would stand side by side across the partners' two aliases; the fees title
    // has both words, apart, and a title counts more.
    expect((await found('abroad foreign'))[0]).toBe('fees');
  });
});

describe('exactName', () => {
  // An alias whose words are mostly stop words: without them it is "calls", which the other
  // article's title has, where it counts more.
  const { found } = fixture({
    'wifi-calls.md': article('title: Calls over Wi-Fi\ndescription: Calls where the signal is weak.', 'Turn on calls over Wi-Fi in your settings.\n\n## Calls abroad\n\nCalls over Wi-Fi abroad cost the same.\n'),
    'phone-fixes.md': article("title: Fix your phone\ndescription: When your phone stops working.\naliases: [can't make calls]", 'Restart your phone, then check your line is active.\n'),
  });

  it('an alias typed word for word puts its article first', async () => {
    expect((await found("can't make calls"))[0]).toBe('phone-fixes');
    expect((await found("can't make calls", { exactName: false }))[0]).toBe('wifi-calls');
    expect((await found('make calls'))[0]).toBe('wifi-calls');
  });
});

describe('typos: two letters swapped', () => {
  // "paegs" is "pages" with two letters swapped, and "paygs" (stem of PAYG, which three articles
  // name in their titles) with one letter changed: a swap that lands on a word is rarely chance.
  const { search, found } = fixture({
    'statement-pages.md': article('title: Missing statement pages\ndescription: When your statement is short.', 'Some pages of a statement come later.\n'),
    'payg.md': article('title: PAYG plans\ndescription: Pay as you go.', 'A PAYG plan has no contract.\n'),
    'payg-top-up.md': article('title: Top up your PAYG plan\ndescription: Add credit.', 'Top up PAYG in the app.\n'),
    'payg-rates.md': article('title: PAYG rates\ndescription: What PAYG costs.', 'PAYG calls cost 10 cents a minute.\n'),
    'travel-pass.md': article('title: Travel Pass\ndescription: A day of calls abroad.', 'Add a pass before you travel.\n'),
    'password.md': article('title: Reset your password\ndescription: When you cannot sign in.', 'Choose a new one in the app.\n'),
    'wait-times.md': article('title: Wait times on the phone\ndescription: When to call us.', 'Mornings are quieter.\n'),
  });

  it('a swap that finds a word stands for the typo, over commoner words one letter changed', async () => {
    expect(await found('paegs')).toEqual(['statement-pages']);
    expect((await search('paegs')).corrected?.words).toEqual(['pages']);
  });

  it('a typo is read before the stems a word begins: "passord" is password, not "pass" typed on', async () => {
    expect(await found('passord')).toEqual(['password']);
    expect((await search('passord')).corrected?.words).toEqual(['password']);
    // Without typos, the stem it begins ("licensi" on its way to licensing).
    expect(await found('passord', { typos: false })).toEqual(['travel-pass']);
  });

  it('a word read as a typo is searched as that word, or counts less than one found as typed without typosAsRead', async () => {
    // "rates" stands in one title as typed, "pages" (for "paegs") in another.
    expect((await found('pages rates')).slice(0, 2).sort()).toEqual(['payg-rates', 'statement-pages']);
    expect(await found('paegs rates')).toEqual(await found('pages rates'));
    expect((await found('paegs rates', { typosAsRead: false }))[0]).toBe('payg-rates');
  });

  it('a slip of a stop word is that stop word: "waht" is what, not wait', async () => {
    const response = await search('waht rates');
    expect(response.corrected).toBeUndefined();
    expect(response.results.map((r) => r.slug)).toEqual(['payg-rates']);
  });

  it('other edits count when no swap finds a word', async () => {
    expect(await found('paygz')).toHaveLength(3);
  });

  it('the words of an email or web address are taken as pasted, never as typos', async () => {
    // "pagess" alone is read as pages; in an address it is someone's name, as "wiat" is.
    expect((await search('pagess')).corrected?.words).toEqual(['pages']);
    for (const query of ['pagess@example.com statement', 'mail pagess.wiat@example.com about my statement', 'https://www.pagess.example/wiat statement']) {
      const response = await search(query);
      expect(response.corrected, query).toBeUndefined();
      expect(response.results.map((r) => r.slug), query).toEqual(['statement-pages']);
    }
  });
});

describe('stopWordForms', () => {
  // "get" is a stop word, so the index holds it only where a page writes "getting": in one title.
  const { found } = fixture({
    'home-insurance.md': article('title: Home insurance\ndescription: Cover for your home.', 'Get cover for what is in it.\n'),
    'travel-insurance.md': article('title: Travel cover\ndescription: Before you go.', 'Our insurance covers lost bags.\n'),
    'car.md': article('title: Car cover\ndescription: On the road.', 'Third-party insurance is the least you must get.\n'),
    'salary.md': article('title: Getting paid\ndescription: Your salary.', 'Get your salary on the last working day.\n'),
  });

  it('"getting" counts as the stop word "get", not as a rare word', async () => {
    expect((await found('getting insurance'))[0]).toBe('home-insurance');
    expect((await found('getting insurance', off('stopWordForms')))[0]).toBe('salary');
  });

  it('a query of such words alone still finds what they name', async () => {
    expect(await found('getting')).toEqual(['salary']);
  });
});

describe('rarestWords and the words set aside', () => {
  // A page written in the words people ask with: each is rare here, rarer than "statement".
  const { search } = fixture({
    'help/asking.md': article(
      'title: How to reach us\ndescription: Write any time.',
      'Good morning, good afternoon or good evening, however you are doing: we hope to help. Looking for information, info or ' +
        'details? Trying to understand, explain or learn what can happen? Just give us a kind question regarding or concerning ' +
        'anything, getting in touch is possible; we wonder what you need.\n',
    ),
    'billing/statements.md': article('title: Your statement\ndescription: What it lists.', 'Your statement lists each payment.\n\n## Statement dates\n\nOne comes each month.\n'),
    'billing/payments.md': article('title: Payments\ndescription: Paying us.', 'Each payment shows on your statement.\n'),
  });
  const message =
    'Good morning, good afternoon or good evening, how are you doing? I hope you can help. I am looking for information, info ' +
    'or details, trying to understand what can happen; could you explain, so I learn? Just give me a kind answer regarding or ' +
    'concerning my question, getting one would be possible, I wonder: my statement.';

  it('a long message keeps the words it is about, not the rare asking words it opens with', async () => {
    const response = await search(message);
    expect(response.tokens.map((t) => t.stem)).toContain('statement');
    expect(response.results[0].slug).toBe('billing/statements');
    // Asking words taken as words again are ranked with it, and the page written in them wins.
    // (That they take no places from it in a longer message: `rarestTokens` above.)
    const asIfAsked = await search(message, off('askingWords'));
    expect(asIfAsked.results[0].slug).toBe('help/asking');
  });
});

describe('sectionFrequency', () => {
  const { found } = fixture({
    'rewards.md': article('title: Rewards\ndescription: Money back.', 'Every card payment earns cashback.\n'),
    'card-guide.md': article(
      'title: Your card guide\ndescription: All about your card.',
      'Keep it safe.\n\n## Shops\n\nPartner shops add cashback.\n\n## Abroad\n\nNo cashback abroad.\n\n## Lost\n\nLock it in the app.\n\n## Limits\n\nDaily limits apply.\n\n## Renewal\n\nA new one comes by post.\n',
    ),
  });

  it('a short article about a word beats a long one that mentions it twice', async () => {
    // Both have "cashback" in body text only; the guide has it in more sections, but in a smaller
    // share of them, which without the rule only breaks the tie its way.
    expect(await found('cashback')).toEqual(['rewards', 'card-guide']);
    expect(await found('cashback', off('sectionFrequency'))).toEqual(['card-guide', 'rewards']);
  });
});

describe('titleCoverage', () => {
  const { found, search } = fixture({
    'benefits/learn-about-retirement-benefits.md': article('title: Learn about retirement benefits\ndescription: The basics.', 'How the amount is worked out, and when you can start.\n'),
    'retirement/retirement-benefits.md': article('title: Retirement benefits\ndescription: What you get.', 'What is paid each month once you stop working.\n'),
  });

  it('of two titles with the words asked, the one that is nothing else comes first', async () => {
    expect(await found('retirement benefits')).toEqual(['retirement/retirement-benefits', 'benefits/learn-about-retirement-benefits']);
    // Without it the two tie, and the first article (by slug) stays first (the title typed whole
    // would put it first too: exactName).
    expect(await found('retirement benefits', { titleCoverage: false, exactName: false })).toEqual(['benefits/learn-about-retirement-benefits', 'retirement/retirement-benefits']);
  });

  it('a smaller limit gives the first results of a larger one', async () => {
    // Reordering only the one result a limit of 1 asks for would keep the other article first.
    const top = async (limit: number) => (await search('retirement benefits', undefined, limit)).results.map((r) => r.slug);
    expect(await top(1)).toEqual(['retirement/retirement-benefits']);
    expect(await top(1)).toEqual((await top(10)).slice(0, 1));
  });

  it('reorders the metadata with the articles', async () => {
    const [first] = (await search('retirement benefits')).results;
    expect(first.title).toBe('Retirement benefits');
    expect(first.url).toBe('#help/retirement/retirement-benefits');
  });
});

describe('opening', () => {
  // Both articles say "proof of address" once, in body text: one in its intro, the other in its last
  // section. The shorter article has the words in a larger share of its sections.
  const { found } = fixture({
    'moving-home.md': article(
      'title: Moving home\ndescription: Before and after you move.',
      'Change your address in the app, then send us a proof of address within a month.\n\n## Statements\n\nThey go to the new home from the next month.\n\n## Cards\n\nYour card keeps working.\n\n## Direct debits\n\nThey carry on as before.\n',
    ),
    'open-an-account.md': article(
      'title: Open an account\ndescription: Ten minutes in the app.',
      'Apply in the app.\n\n## Who can apply\n\nAnyone over 18 who lives here.\n\n## What we ask for\n\nA passport and a proof of address from this year.\n',
    ),
  });

  it('the article that opens with the words asked beats one that has them in a later section', async () => {
    expect(await found('proof of address')).toEqual(['moving-home', 'open-an-account']);
    expect(await found('proof of address', off('opening'))).toEqual(['open-an-account', 'moving-home']);
  });
});

describe('phrases', () => {
  // Government help pages: "social security" names two of them, and is said in the text of a third,
  // the one about planning.
  const { found } = fixture({
    'cards/social-security-card.md': article('title: Your social security card\ndescription: Order or replace it.', 'Order a new card online, or replace a lost one.\n'),
    'numbers/social-security-number.md': article('title: Social security numbers\ndescription: What the number is for.', 'Your number stays the same all your life.\n'),
    'survivors/planning-for-your-survivors.md': article(
      'title: Planning for your survivors\ndescription: What your family gets.',
      'Your family may get social security benefits when you die.\n',
    ),
    'taxes/paying-tax.md': article('title: Paying tax\ndescription: On what you earn.', 'Tax is taken from your pay each month.\n'),
    'moving/moving-abroad.md': article('title: Moving abroad\ndescription: Before you go.', 'Tell us your new address.\n'),
    'work/working-while-retired.md': article('title: Working while retired\ndescription: Earnings and benefits.', 'You can work and still get your benefits.\n'),
    'health/medical-cover.md': article('title: Medical cover\ndescription: Care when you are ill.', 'Hospital stays are covered after you apply.\n'),
    'account/sign-in.md': article('title: Sign in online\ndescription: Your account.', 'Use the code we text you.\n'),
    'help/contact-us.md': article('title: Contact us\ndescription: Phone or write.', 'Lines are open on weekdays.\n'),
    'work/disability.md': article('title: Disability benefits\ndescription: When you cannot work.', 'Ask a doctor to fill in the form.\n'),
  });

  it('a phrase named in titles counts as one word, not two', async () => {
    // "security" stands only after "social" in titles: it adds a fifth of its weight, so the query's
    // other word, "planning", decides.
    expect((await found('planning social security'))[0]).toBe('survivors/planning-for-your-survivors');
    // Without it the two words and the pair bonus of a title that is the phrase outweigh "planning".
    expect((await found('planning social security', off('phrases')))[0]).toBe('cards/social-security-card');
  });
});

describe('sectionRarity', () => {
  // "loan" and "deferment" are each in two articles, but "loan" is in every section of them.
  const { found } = fixture({
    'loans/student-loans.md': article(
      'title: Student loans\ndescription: For your course.',
      'A loan for your studies.\n\n## Applying\n\nApply for the loan before term.\n\n## Paying back\n\nThe loan is paid back from your salary.\n',
    ),
    'loans/car-loans.md': article('title: Car loans\ndescription: For a car.', 'A loan for a car.\n\n## Rates\n\nThe loan rate is fixed.\n'),
    'loans/deferment.md': article('title: Deferment\ndescription: Pay later.', 'Put off paying for a while.\n'),
    'help/money-worries.md': article('title: Money worries\ndescription: When paying is hard.', 'Ask us for a deferment if you cannot pay.\n'),
  });

  it('a word in one section of each of its articles outweighs one that fills its articles', async () => {
    expect((await found('loan deferment'))[0]).toBe('loans/deferment');
    expect((await found('loan deferment', off('sectionRarity')))[0]).toBe('loans/student-loans');
  });
});

describe('headingCoverage', () => {
  const { found } = fixture({
    'a/everyday-banking.md': article('title: Everyday banking\ndescription: The basics.', 'Your account day to day.\n\n## Raising your card limits for travel\n\nAsk in the app.\n'),
    'b/spending.md': article('title: Spending\ndescription: Where your money goes.', 'Your account day to day.\n\n## Card limits\n\nAsk in the app.\n'),
  });

  it('of two headings with the words asked, the one that is nothing else comes first', async () => {
    expect(await found('card limits')).toEqual(['b/spending', 'a/everyday-banking']);
    // Without it the two tie, and the first article (by slug) stays first.
    expect(await found('card limits', off('headingCoverage'))).toEqual(['a/everyday-banking', 'b/spending']);
  });
});

describe('finishedWords', () => {
  // Two articles of one record each: a late refund (body text), and one titled with longer words
  // that three words of the message begin.
  const table = { article: Int32Array.of(0, 1), section: Int32Array.of(0, 0), articleCount: 2 };
  const body: Record<string, number[]> = { refund: [0], late: [0] };
  const titles: Record<string, number[]> = { holder: [1], caller: [1], weekend: [1] };
  const longer: Record<string, string[]> = { hold: ['holder'], call: ['caller'], week: ['weekend'] };
  const lookup: TermLookup = {
    ids: (field, term) => (field === 'body' ? body[term] : field === 'title' ? titles[term] : undefined) ?? [],
    completions: (prefix) => longer[prefix] ?? [],
  };
  const words = 'mother week call hold answer website letter family worried urgent refund late'.split(' ');
  const tokens = words.map((word): Token => ({ surface: word, stem: word }));

  it('in a message of 12 words, only the last may begin a longer word', () => {
    expect(tokens).toHaveLength(12);
    expect(rankArticles(lookup, table, tokens, 10).map((a) => a.article)).toEqual([0]);
    expect(rankArticles(lookup, table, tokens, 10, 'en', { ...RANK_RULES, finishedWords: false })[0].article).toBe(1);
  });

  it('in a short query too, as it is typed: every word but the last is finished', () => {
    const query = (...typed: string[]) => typed.map((word): Token => ({ surface: word, stem: word }));
    expect(rankArticles(lookup, table, query('week', 'call', 'late'), 10).map((a) => a.article)).toEqual([0]);
    // "late" is in the text of an intro, which the opening rule raises: off here, to see this rule alone.
    expect(rankArticles(lookup, table, query('week', 'call', 'late'), 10, 'en', { ...RANK_RULES, finishedWords: false, opening: false })[0].article).toBe(1);
    // The last word may still begin a longer one.
    expect(rankArticles(lookup, table, query('late', 'hold'), 10).map((a) => a.article)).toContain(1);
  });
});

describe('pasted words', () => {
  // One article titled "statement": a word one letter off, or typed past it, finds it; the same
  // word in an email address does not, whatever is loaded.
  const table = { article: Int32Array.of(0), section: Int32Array.of(0), articleCount: 1 };
  const lookup: TermLookup = { ids: (field, term) => (field === 'title' && term === 'statement' ? [0] : []), completions: () => [] };
  const ranked = (token: Token) => rankArticles(lookup, table, [token], 10).map((a) => a.article);

  it('are looked up as they are, not as typos or as words typed past a stem', () => {
    for (const surface of ['statemnt', 'statementxy']) {
      expect(ranked({ surface, stem: surface }), surface).toEqual([0]);
      expect(ranked({ surface, stem: surface, pasted: true }), surface).toEqual([]);
    }
    expect(tokensNeedingTypos(lookup, [{ surface: 'statemnt', stem: 'statemnt', pasted: true }])).toEqual([]);
  });
});

describe('how a score is made', () => {
  // Article 0: "Direct debit" as its title (record 0) and as a heading (record 1), where the pair
  // stands too. Article 1: a title with "direct", and "debit" in its text (record 2).
  const table = { article: Int32Array.of(0, 0, 1), section: Int32Array.of(0, 1, 0), articleCount: 2 };
  const postings: Record<string, Record<string, number[]>> = {
    title: { direct: [0, 2], debit: [0] },
    heading: { direct: [1], debit: [1] },
    body: { debit: [2] },
    pairs: { 'debit+direct': [0, 1] },
  };
  const lookup: TermLookup = { ids: (field, term) => postings[field]?.[term] ?? [], completions: () => [] };
  const tokens: Token[] = [{ surface: 'direct', stem: 'direct' }, { surface: 'debit', stem: 'debit' }];

  it('adds each word by its best place and rarity, then the section and the pair', () => {
    // Both words are in both articles: rarity log(1 + 0.5 / 2.5) each; among the 3 records, "direct"
    // is in all, "debit" too: log(1 + 0.5 / 3.5). Rarity is the mean of the two.
    const idf = (Math.log(1.2) + Math.log(1 + 0.5 / 3.5)) / 2;
    // A word's sections, as a share of the article's length (records over the average of 1.5),
    // adding up to 2 and half of that at 1.2.
    const frequency = (sections: number, records: number) => (2 * (sections / (records / 1.5))) / (sections / (records / 1.5) + 1.2);
    // "direct" names 3 records (two titles and a heading), 2 of them with "debit" beside it: as the
    // commoner word of that phrase it counts 1 - 0.8 × 2/3 (the phrases rule).
    const direct = 1 - (0.8 * 2) / 3;
    const [first, second] = rankArticles(lookup, table, tokens, 10);
    // Titles 6 + 6, the heading section 3 + 3 ×1.5 (it opens the article) at half, each word in one
    // of 2 records; the pair once (title and heading are one article) ×1.8.
    expect(first.article).toBe(0);
    expect(first.score).toBeCloseTo((1 + direct) * (6 + 2.25 + frequency(1, 2)) * idf * 1.8, 10);
    // Title 6 and the intro's text 1 ×1.5, that text again at half; "debit" in its one record (a
    // title is not a section's text).
    expect(second.article).toBe(1);
    expect(second.score).toBeCloseTo((6 * direct + 1.5 + 0.75 + frequency(1, 1)) * idf, 10);
    expect([first.matched, second.matched]).toEqual([2, 2]);
  });
});

describe('ties and sections', () => {
  let tied: HelpIndex;
  beforeAll(async () => {
    tied = await helpCenter({
      // The word in every record of each: the same share of their sections, so the same score.
      'a-brief.md': article('title: Overdraft\ndescription: In short.', 'An overdraft overview.\n\n## Overdraft fees\n\nNone.\n'),
      'b-full.md': article(
        'title: Overdraft\ndescription: In full.',
        'An overdraft overview.\n\n## Overdraft limit\n\nYour limit.\n\n## Overdraft interest\n\nInterest is daily.\n\n## Overdraft interest rates\n\nRates change.\n',
      ),
    });
  }, 60_000);

  it('breaks a tie for the article whose sections match more', async () => {
    const { results } = await tied.search('overdraft', { excerpts: false });
    expect(results.map((r) => r.slug)).toEqual(['b-full', 'a-brief']);
    expect(results[0].score).toBe(results[1].score);
  });

  it('lists matching sections best first, earlier sections first among equals', async () => {
    const [top] = (await tied.search('overdraft interest', { excerpts: false })).results;
    expect(top.slug).toBe('b-full');
    expect(top.sections.map((s) => s.anchor)).toEqual(['overdraft-interest', 'overdraft-interest-rates', 'overdraft-limit']);
  });

  it('returns at most `limit` results, and none for a limit below one', async () => {
    expect((await tied.search('overdraft', { limit: 1, excerpts: false })).results).toHaveLength(1);
    expect((await tied.search('overdraft', { limit: 0, excerpts: false })).results).toEqual([]);
    expect((await tied.search('overdraft', { limit: -1, excerpts: false })).results).toEqual([]);
  });

  it('ranks the same on a second search: nothing of the first is left over', async () => {
    const first = (await tied.search('overdraft interest', { excerpts: false })).results.map((r) => [r.slug, r.score]);
    await tied.search('rates limit', { excerpts: false });
    expect((await tied.search('overdraft interest', { excerpts: false })).results.map((r) => [r.slug, r.score])).toEqual(first);
  });
});
