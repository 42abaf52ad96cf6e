import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createInbox } from '../../../scripts/inbox.ts';
import { axeViolations, hostPage, launchBrowser, newPage, screenshot, serveSite } from '../../helpers/browser.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempFolder } from '../../helpers/content.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const ATTRS = 'data-index="/help/" data-contact="/api/contact" data-reply-time="We reply within one business day." data-analytics="/api/collect"';

/** A site whose contact endpoint answers `failures` times with 500 before it works. */
async function site(failures = 0, intercept?: (req: IncomingMessage, res: ServerResponse) => boolean) {
  const inbox = await createInbox(await tempFolder());
  let left = failures;
  const server = await serveSite(inject('e2eDist'), {
    pages: { '/account/bill': hostPage({ attrs: ATTRS, title: 'Your bill' }), '/account/jane.doe@example.com/orders/4111111111111111': hostPage({ attrs: ATTRS, title: 'Your order' }) },
    intercept: (req, res) => {
      if (intercept?.(req, res)) return true;
      if (req.url === '/api/contact' && left > 0) {
        left--;
        res.writeHead(500).end();
        return true;
      }
      return inbox.handle(req, res);
    },
  });
  const lines = (file: string) => {
    try {
      return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    } catch {
      return [];
    }
  };
  return { server, inbox, messages: () => lines(inbox.contactFile), events: () => lines(inbox.eventsFile) };
}

/** The id of the element focused inside the widget. */
const focusedId = (page: Page) => page.evaluate(() => document.querySelector('selfserve-widget')?.shadowRoot?.activeElement?.id ?? '');

async function searchNothing(page: Page, query: string) {
  await page.locator('.ss-launcher').click();
  await page.locator('.ss-input').fill(query);
  await expect.poll(() => page.locator('.ss-message h3').textContent()).toBe(`No articles match “${query}”`);
}

/** Searches for something missing, opens the contact form from the no-results screen, and writes. */
async function writeToSupport(page: Page, query: string, message: string) {
  await searchNothing(page, query);
  await page.locator('.ss-message').getByRole('button', { name: 'Contact support' }).click();
  await page.getByLabel('Your email').fill('sam@example.com');
  await page.getByLabel('Your message').fill(message);
}

describe('the contact hand-off', () => {
  it('closes the loop: no results → message with the trail → analytics → the writers’ report', async () => {
    const { server, inbox, messages, events } = await site();
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.url}/account/bill`);
      await writeToSupport(page, 'hovercraft', 'How do I add my watch to my plan?');
      expect(await page.locator('.ss-attached').textContent()).toContain('You searched “hovercraft” (0 results)');
      expect(await page.locator('.ss-reply-time').textContent()).toBe('We reply within one business day.');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'desktop-6-contact');
      await page.getByRole('button', { name: 'Send message' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Message sent' }).isVisible()).toBe(true);
      await screenshot(page, 'desktop-7-sent');

      const [message] = messages();
      expect(message).toMatchObject({ email: 'sam@example.com', message: 'How do I add my watch to my plan?', page: `${server.url}/account/bill`, locale: 'en' });
      expect(message.trail).toEqual([{ type: 'search', query: 'hovercraft', results: 0, shown: [], time: expect.any(String) }]);
      expect(message.client).toMatchObject({ browser: expect.stringMatching(/^Chrome \d+$/), device: 'desktop', viewport: '1280×860' });

      // Leaving the page sends the analytics beacon.
      await page.goto('about:blank');
      await expect.poll(() => events().length).toBeGreaterThan(0);
      expect(events().map((e) => e.type)).toEqual(expect.arrayContaining(['search', 'results', 'no-results', 'contact']));
      const report = await runCli(['report', inbox.eventsFile]);
      expect(report.stdout).toMatch(/Searches with no results: content gaps to fill\n\s+1\s+hovercraft\n/);
      expect(report.stdout).toMatch(/Searches before people contacted support\n\s+1\s+hovercraft\n/);
      expect(log.errors).toEqual([]);
      expect(log.cspViolations).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('offers the articles that may answer the message as it is written, keeps the draft while one is read, and tells the writers’ report', async () => {
    const { server, inbox, messages, events } = await site();
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.url}/account/bill`);
      await searchNothing(page, 'hovercraft');
      await page.locator('.ss-message').getByRole('button', { name: 'Contact support' }).click();
      await page.getByLabel('Your email').fill('sam@example.com');
      const message = 'Hello, I was charged twice for the same thing on my last bill and I want my money back.';
      await page.getByLabel('Your message').pressSequentially(message, { delay: 10 });
      const offered = page.getByRole('navigation', { name: 'These articles may answer your question' });
      await expect.poll(() => offered.getByRole('button').allTextContents()).toContain('Dispute a charge on your bill');
      // Said as well: it appeared beside the field being typed in.
      await expect.poll(() => page.locator('[aria-live]').allTextContents()).toContainEqual(expect.stringContaining('These articles may answer your question: '));
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'desktop-6b-contact-answers');

      await offered.getByRole('button', { name: 'Dispute a charge on your bill' }).click();
      await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Dispute a charge on your bill');
      // Not answered after all: back to the message, as it was, with the article read attached.
      await page.locator('.ss-article-bar').getByRole('button', { name: 'Back to your message' }).click();
      expect(await page.getByLabel('Your message').inputValue()).toBe(message);
      // In the message, where the visitor stopped writing.
      await expect.poll(() => focusedId(page)).toBe('ss-contact-message');
      expect(await page.getByLabel('Your message').evaluate((field: HTMLTextAreaElement) => [field.selectionStart, field.selectionEnd])).toEqual([message.length, message.length]);
      // What it offers now leaves out the article read.
      await expect.poll(() => offered.getByRole('button').allTextContents()).toEqual(expect.arrayContaining(['Refunds and account credits']));
      expect(await offered.getByRole('button').allTextContents()).not.toContain('Dispute a charge on your bill');
      expect(await page.locator('.ss-attached').textContent()).toContain('You read');
      await page.getByRole('button', { name: 'Send message' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Message sent' }).isVisible()).toBe(true);
      expect(messages()[0].trail.map((item: { type: string }) => item.type)).toEqual(['search', 'article']);
      // The article is reported as one the contact form offered, not as found by “hovercraft”.
      await page.goto('about:blank');
      await expect.poll(() => events().filter((e) => e.type === 'article')).toEqual([expect.objectContaining({ slug: 'billing/dispute-a-charge', via: 'contact' })]);
      expect(events().find((e) => e.type === 'article')).not.toHaveProperty('query');
      const report = await runCli(['report', inbox.eventsFile]);
      expect(report.stdout).toMatch(/Articles read from the contact form, while writing to support\n\s+1\s+billing\/dispute-a-charge\n\s+1 of 1 sent their message all the same\n/);
      expect(log.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('keeps the message being written across a reload', async () => {
    const { server, messages } = await site();
    try {
      const { page } = await newPage(browser);
      await page.goto(`${server.url}/account/bill`);
      await writeToSupport(page, 'xylophone', 'Half-written message');
      await page.reload();
      await page.locator('.ss-launcher').click();
      await page.locator('.ss-footer').getByRole('button', { name: 'Continue your message' }).click();
      expect(await page.getByLabel('Your message').inputValue()).toBe('Half-written message');
      expect(await page.getByLabel('Your email').inputValue()).toBe('sam@example.com');
      // The trail survived the reload too.
      expect(await page.locator('.ss-attached').textContent()).toContain('xylophone');
      await page.getByRole('button', { name: 'Send message' }).click();
      await expect.poll(() => messages().length).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('says when sending failed, keeps the text, and sends exactly once when the endpoint recovers', async () => {
    const { server, messages } = await site(1);
    try {
      const { page } = await newPage(browser);
      await page.goto(`${server.url}/account/bill`);
      await writeToSupport(page, 'xylophone', 'Please help');
      await page.getByRole('button', { name: 'Send message' }).dblclick();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Support couldn’t accept your message right now');
      expect(await page.getByLabel('Your message').inputValue()).toBe('Please help');
      await screenshot(page, 'desktop-8-send-failed');
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Message sent' }).isVisible()).toBe(true);
      await page.waitForTimeout(300);
      expect(messages()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('scrubs personal data from queries before the beacon leaves the page', async () => {
    const { server, events } = await site();
    try {
      const { page } = await newPage(browser);
      await page.goto(`${server.url}/account/bill`);
      await page.locator('.ss-launcher').click();
      await page.locator('.ss-input').fill('call me on +1 555 010 4477 or sam@example.com');
      await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(0);
      // The search counts once the visitor paused on it (700 ms), then leaving the page sends it:
      // left until it is sent, not after a guess at how long a loaded machine takes.
      await expect.poll(async () => {
        await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
        return events().length;
      }).toBeGreaterThan(0);
      const sent = JSON.stringify(events());
      expect(sent).toContain('"query":"call me on [phone] or [email]"');
      // What the visitor typed and what was shown: a tab's random id may hold any digits ("…bc555010f3be").
      const texts = JSON.stringify(events().map(({ tab: _, time: __, ...said }) => said));
      expect(texts).not.toMatch(/555|4477|sam@example/);
      for (const event of events()) {
        expect(Object.keys(event)).toEqual(expect.arrayContaining(['type', 'time', 'tab', 'page', 'locale']));
        expect(event.page).toBe('/account/bill');
      }
    } finally {
      await server.close();
    }
  });

  it('reports each event in the language searched then: an article found in Japanese from an English page is a Japanese reading, and a translation to write', async () => {
    const { server, inbox, events } = await site();
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.url}/account/bill`);
      await searchNothing(page, '定額');
      await page.getByRole('navigation', { name: 'Found in 日本語' }).getByRole('button', { name: 'Travel Pass' }).click();
      await expect.poll(() => page.locator('.ss-article').textContent()).toContain('定額');
      await page.goto('about:blank');
      await expect.poll(() => events().map((e) => `${e.type} ${e.locale}`)).toEqual(expect.arrayContaining(['no-results en', 'article ja']));
      expect(events().find((e) => e.type === 'article')).toMatchObject({ slug: 'roaming/travel-pass', query: '定額' });
      const report = await runCli(['report', inbox.eventsFile]);
      expect(report.stdout).toMatch(/Articles read in another language after nothing matched: translations to write\n\s+1\s+roaming\/travel-pass\n\s+searched in en, found nothing, read it in ja; they searched 定額 \(1\)\n/);
      expect(log.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  // (#17) Each of these reached the collector as typed, and the page path carried the email and card.
  it('sends the page’s route and no IBAN, phone, spelled email, CVV or card, even from a pasted 30 kB query', async () => {
    const { server, events } = await site();
    try {
      const { page, log } = await newPage(browser);
      await page.clock.install();
      await page.goto(`${server.url}/account/jane.doe@example.com/orders/4111111111111111`);
      await page.locator('.ss-launcher').click();
      const queries = [
        'refund to DE89370400440532013000',
        'call 555 - 010 - 4477 or 555/010/4477',
        'mail jane.doe at example dot com',
        'card 4111 1111 1111 1111 cvv 123 exp 12/27',
        'password hunter2 and my name is Jane Doe, born 12/03/1985, passport X1234567, ssn 123-45-6789',
      ];
      for (const query of [...queries, `${'lorem ipsum '.repeat(2500)}sam@example.com`]) {
        // Resolves once the results are in; then the pause that makes a search count.
        await page.evaluate((q) => window.Selfserve!.search(q).then(() => undefined), query);
        await page.clock.fastForward(1000);
      }
      await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
      await expect.poll(() => events().filter((e) => e.type === 'search').length).toBe(queries.length + 1);
      const sent = JSON.stringify(events().map(({ query, page }) => ({ query, page })));
      expect(sent).not.toMatch(/DE89|4477|010|jane|example|4111|123|12\/27|hunter2|Doe|1985|X1234567|6789|sam@/);
      expect(events().map((e) => e.page)).toEqual(events().map(() => '/account/:email/orders/:id'));
      expect(Math.max(...events().map((e) => String(e.query ?? '').length))).toBeLessThanOrEqual(500);
      expect(log.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  // (#17) A redirect to a login page answered 200 HTML: "Message sent", and the draft was deleted.
  it('never reports a message as sent when the endpoint redirects to a login page', async () => {
    const { server, messages } = await site(0, (req, res) => {
      if (req.url === '/api/contact') {
        res.writeHead(302, { location: '/login' }).end();
        return true;
      }
      if (req.url === '/login') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title><form>Sign in</form>');
        return true;
      }
      return false;
    });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.url}/account/bill`);
      await writeToSupport(page, 'xylophone', 'Please help');
      await page.getByRole('button', { name: 'Send message' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Support couldn’t accept your message right now. It’s saved on this device');
      expect(await focusedId(page)).toBe('ss-contact-status');
      expect(await page.getByRole('heading', { name: 'Message sent' }).count()).toBe(0);
      expect(await page.getByLabel('Your message').inputValue()).toBe('Please help');
      expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1);
      expect(messages()).toEqual([]);
      expect(log.warnings.join('\n')).toMatch(/not sent \(\/api\/contact answered 200 with text\/html, not JSON after a redirect to .*\/login\)/);
      expect(await axeViolations(page)).toEqual([]);
      expect(log.cspViolations).toEqual([]);
      expect(log.errors).toEqual([]);
      await screenshot(page, 'desktop-8b-send-rejected');
    } finally {
      await server.close();
    }
  });

  // (#17) "Sending…" stayed forever. The clock is the page's own, fast-forwarded: no waiting here.
  it('tells the visitor within 25 s when the endpoint never answers, and sends on retry', async () => {
    // Silent until the visitor has been told: Chromium may resend a POST whose reused socket closed.
    let silent = true;
    const { server, messages } = await site(0, (req, res) => {
      if (req.url !== '/api/contact' || !silent) return false;
      req.socket.on('close', () => res.destroy());
      return true;
    });
    try {
      const { page, log } = await newPage(browser);
      await page.clock.install();
      await page.goto(`${server.url}/account/bill`);
      await writeToSupport(page, 'xylophone', 'Please help');
      await page.getByRole('button', { name: 'Send message' }).click();
      await expect.poll(() => page.getByRole('button', { name: 'Sending…' }).count()).toBe(1);
      await page.clock.fastForward(25_000);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Support didn’t answer in time. Your message is saved on this device');
      expect(await focusedId(page)).toBe('ss-contact-status');
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.getByLabel('Your message').inputValue()).toBe('Please help');
      expect(messages()).toEqual([]);
      silent = false;
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Message sent' }).isVisible()).toBe(true);
      expect(messages()).toHaveLength(1);
      expect(log.cspViolations).toEqual([]);
      expect(log.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  // (#17) Both failed as "couldn't reach support": 70 kB before any request (keepalive), 12,000 characters with a 400.
  it('shows the length limit while typing and refuses a long message beside its field, before sending', async () => {
    const { server, messages } = await site();
    try {
      const { page, log } = await newPage(browser);
      const posts: string[] = [];
      page.on('request', (r) => r.url().endsWith('/api/contact') && posts.push(r.url()));
      await page.goto(`${server.url}/account/bill`);
      await writeToSupport(page, 'xylophone', 'Short');
      const message = page.getByLabel('Your message');
      expect(await page.locator('#ss-contact-count').textContent()).toBe('5 / 10,000 characters');
      for (const [text, count] of [['x'.repeat(12_000), '12,000'], ['y'.repeat(70_000), '70,000']] as const) {
        await message.fill(text);
        expect(await page.locator('#ss-contact-count').textContent()).toBe(`${count} / 10,000 characters`);
        await page.getByRole('button', { name: 'Send message' }).click();
        await expect.poll(() => focusedId(page)).toBe('ss-contact-message');
        expect(await message.getAttribute('aria-invalid')).toBe('true');
        expect(await page.locator('#ss-contact-message-error').textContent()).toBe(`Your message is ${count} characters long; the limit is 10,000. Shorten it, then send.`);
        expect((await message.getAttribute('aria-describedby'))?.split(' ')).toEqual(['ss-contact-message-error', 'ss-contact-count']);
        expect(await page.getByRole('alert').count()).toBe(0);
      }
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'desktop-8c-too-long');
      expect(posts).toEqual([]);
      expect(messages()).toEqual([]);
      expect(log.cspViolations).toEqual([]);
      expect(log.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  // (#13) A hand-off an agent can act on: who wrote, what they read and were shown, on what device.
  it('prefills from identify(), shows titles, sections, answers and results in the trail, and the reference after sending', async () => {
    const posted: Record<string, any>[] = [];
    const { server } = await site(0, (req, res) => {
      if (req.url !== '/api/contact') return false;
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'T-1042' }));
      });
      return true;
    });
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.url}/account/bill`);
      await page.locator('.ss-launcher').waitFor();
      await page.evaluate(() => window.Selfserve!.identify({ email: 'sam@example.com', name: 'Sam Rivera', id: 'cus_123' }));
      await page.locator('.ss-launcher').click();
      await page.locator('.ss-input').fill('GPRR');
      // The instant answer is the list's first option (issue #13 item 1).
      await page.locator('.ss-answer[role="option"]').click();
      await expect.poll(() => page.locator('#ss-article-title').textContent()).toBe('Understand the codes on your bill');
      await page.getByRole('button', { name: 'No', exact: true }).click();
      await page.getByRole('button', { name: 'Send feedback' }).click();
      // One contact path in this view.
      await expect.poll(() => page.locator('.ss-panel').getByRole('button', { name: 'Contact support' }).count()).toBe(1);
      await page.locator('.ss-panel').getByRole('button', { name: 'Contact support' }).click();

      expect(await page.getByLabel('Your email').inputValue()).toBe('sam@example.com');
      const attached = (await page.locator('.ss-attached li').allTextContents()).map((text) => text.replace(/(Remove|Add back)$/, ''));
      expect(attached).toEqual([
        'Your account: Sam Rivera, sam@example.com, cus_123',
        `The page you’re on: ${server.url}/account/bill`,
        expect.stringMatching(/^Your browser: Chrome \d+ on Linux \(1280×860\)$/),
        expect.stringMatching(/^You searched “GPRR” \(\d+ results?\)Quick answer shown: GPRRShown: “Understand the codes on your bill”/),
        expect.stringMatching(/^You read “.+” in “Understand the codes on your bill”$/),
        'You said “Understand the codes on your bill” didn’t help',
      ]);
      expect(attached.join('\n')).not.toContain('billing/bill-codes');
      expect(await focusedId(page)).toBe('ss-contact-title');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'desktop-6b-contact-identified');

      await page.getByLabel('Your message').fill('Why was I charged for GPRR?');
      await page.getByRole('button', { name: 'Send message' }).click();
      await expect.poll(() => page.locator('.ss-sent').textContent()).toBe(
        'Message sentThanks, we have your message.Your reference: T-1042We’ll reply to sam@example.com.We reply within one business day.',
      );
      await expect.poll(() => page.evaluate(() => document.querySelector('selfserve-widget')!.shadowRoot!.activeElement?.textContent)).toBe('Message sent');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'desktop-7b-sent-reference');

      const [message] = posted;
      expect(message).toMatchObject({ email: 'sam@example.com', visitor: { email: 'sam@example.com', name: 'Sam Rivera', id: 'cus_123' }, client: { device: 'desktop' } });
      expect(message.trail.map((i: { type: string }) => i.type)).toEqual(['search', 'article', 'feedback']);
      expect(message.trail[0]).toMatchObject({ query: 'GPRR', answer: 'GPRR', shown: expect.arrayContaining(['Understand the codes on your bill']) });
      expect(message.trail[1]).toMatchObject({ slug: 'billing/bill-codes', title: 'Understand the codes on your bill', section: expect.any(String) });
      expect(message.trail[2]).toMatchObject({ slug: 'billing/bill-codes', title: 'Understand the codes on your bill', helpful: false });
      expect(log.cspViolations).toEqual([]);
      expect(log.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('keeps the form usable and accessible at 375 px, with the limit and errors beside their fields', async () => {
    const { server } = await site();
    try {
      const { page, log } = await newPage(browser, { width: 375, height: 812 });
      await page.goto(`${server.url}/account/bill`);
      await searchNothing(page, 'xylophone');
      expect(await page.locator('.ss-panel').getByRole('button', { name: 'Contact support' }).count()).toBe(1);
      await page.locator('.ss-message').getByRole('button', { name: 'Contact support' }).click();
      await page.getByRole('button', { name: 'Send message' }).click();
      await expect.poll(() => focusedId(page)).toBe('ss-contact-email');
      expect(await page.locator('#ss-contact-email-error').textContent()).toContain('Enter your email address');
      expect(await page.locator('#ss-contact-message-error').textContent()).toBe('Write a few words about what you need.');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'mobile-6-contact-errors');
      expect(log.cspViolations).toEqual([]);
      expect(log.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('leaves contact to the page when it listens with Selfserve.on("contact")', async () => {
    const { server } = await site();
    try {
      const { page } = await newPage(browser);
      await page.goto(`${server.url}/account/bill`);
      await page.locator('.ss-launcher').waitFor();
      await page.evaluate(() => {
        (window as unknown as { requests: unknown[] }).requests = [];
        window.Selfserve!.on('contact', (d) => (window as unknown as { requests: unknown[] }).requests.push(d));
      });
      await searchNothing(page, 'xylophone');
      await page.locator('.ss-message').getByRole('button', { name: 'Contact support' }).click();
      const requests = await page.evaluate(() => (window as unknown as { requests: { stage: string; query: string }[] }).requests);
      expect(requests).toEqual([expect.objectContaining({ stage: 'request', query: 'xylophone' })]);
      expect(await page.getByLabel('Your message').count()).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('feedback', () => {
  it('asks what was missing after a "No" and offers next steps', async () => {
    const { server, events } = await site();
    try {
      const { page, log } = await newPage(browser);
      await page.goto(`${server.url}/account/bill#help/billing/refunds`);
      await page.getByRole('button', { name: 'No', exact: true }).click();
      await page.getByLabel('It was hard to understand').check();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Send feedback' }).click();
      await expect.poll(() => page.locator('.ss-feedback p[data-focus]').textContent()).toContain('Sorry this didn’t help');
      expect(await page.locator('.ss-next li').count()).toBeGreaterThan(0);
      expect(await page.locator('.ss-feedback').getByRole('button', { name: 'Contact support' }).count()).toBe(1);
      await page.goto('about:blank');
      await expect.poll(() => events().find((e) => e.type === 'feedback')).toMatchObject({ slug: 'billing/refunds', helpful: false, reason: 'It was hard to understand' });
      expect(log.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
