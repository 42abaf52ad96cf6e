import * as z from 'zod/mini';
import { isLanguageTag } from '../src/locale-tag.ts';
import { isUsableUrl } from '../src/url-policy.ts';

/** What a site owner can set, by `data-*` attribute on the script tag or by `Selfserve.init({...})`. */
export interface WidgetConfig {
  /** Base URL of the index built by `selfserve build` (`data-index`). Relative to the page. Default `/help/`. */
  index: string;
  /** `true` shows the floating launcher; `false` hides it; a CSS selector makes your own element(s) open the widget. Default `true`. */
  launcher: boolean | string;
  /** Corner of the launcher and panel. Default `bottom-right`. */
  position: 'bottom-right' | 'bottom-left';
  /** Accent colour, any CSS colour. Default `#1a56db`. */
  accent: string;
  /** Colour scheme; `auto` follows the visitor's system. Default `auto`. */
  theme: 'light' | 'dark' | 'auto';
  /** Stacking order of the launcher and panel. Default `2147483000`. */
  zIndex: number;
  /** CSS selector of an element to render the search inline in, instead of a floating panel. */
  mount?: string;
  /** Keys that open the widget (inline: that focus its search box): `/`, `mod+k` (Ctrl or ⌘), `shift+?`…; an empty list turns them off. Default `['/', 'mod+k']`. */
  shortcuts: string[];
  /** Language of the widget's text and of the articles searched. Default: `<html lang>`, else the browser's, else `en`. */
  lang: string;
  /** Hash prefix of deep links (`#help/billing/bill-codes`), or `false` to leave the URL alone. Default `help`. */
  deepLink: string | false;
  /**
   * Where customers reach support: a `mailto:` address (a prefilled email), an `https:` endpoint that
   * receives the message as a JSON POST (docs/contact.md), or a URL template with `{query}` (a link).
   */
  contact?: string;
  /** The reply promise shown with the contact form, like "We reply within one business day". */
  replyTime?: string;
  /** An `https:` URL that receives batched, anonymous usage events by `navigator.sendBeacon`. */
  analytics?: string;
  /** Title of the panel. Default: "Help" in the widget's language. */
  title?: string;
  /** Text of the launcher button. Default: "Help" in the widget's language. */
  launcherLabel?: string;
  /** URL of a logo shown before the title in the panel's header (an image of your site's name or mark). */
  logo?: string;
  /**
   * `panel`: on wide screens a panel beside the page, which stays usable (a non-modal dialog); on
   * phones a full-screen dialog. `modal`: a dialog over a dimmed page on every screen. Default `panel`.
   */
  mode: 'panel' | 'modal';
  /** How long each file of the index may take to arrive, in milliseconds, before search says it is unavailable. Default `8000`. */
  timeout?: number;
  /**
   * CSS selector of the parts of the page whose defined terms (frontmatter `terms:`) are marked and
   * explained in place, now and as they appear (docs/explain.md). Default: none.
   */
  explain?: string;
}

export const DEFAULTS: WidgetConfig = {
  index: '/help/',
  launcher: true,
  position: 'bottom-right',
  accent: '#1a56db',
  theme: 'auto',
  zIndex: 2147483000,
  shortcuts: ['/', 'mod+k'],
  lang: 'en',
  deepLink: 'help',
  mode: 'panel',
};

// "Help" in the languages the widget speaks: the launcher shows it before any translation loads.
const HELP: Record<string, string> = { en: 'Help', es: 'Ayuda', fr: 'Aide', de: 'Hilfe', ja: 'ヘルプ', ar: 'مساعدة' };

/** The word "Help" in a language (English when unknown). */
export const helpWord = (locale: string) => HELP[locale.toLowerCase().split('-')[0]] ?? HELP.en;

/** How the contact path works for a `contact` value. */
export function contactMode(contact: string): 'mailto' | 'template' | 'endpoint' {
  if (contact.startsWith('mailto:')) return 'mailto';
  return contact.includes('{query}') ? 'template' : 'endpoint';
}

/** Accepts what HTML accepts: relative to the page, or absolute `https:` (`http:` only for localhost): see `isUsableUrl`. */
export const checkUrl = (value: string, schemes: string[] = ['https:']): boolean => isUsableUrl(value.replace(/\{query\}/g, 'q'), document.baseURI, schemes);

const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const bool = z.pipe(z.union([z.boolean(), z.enum(['true', 'false', ''])]), z.transform((v) => v === true || v === 'true' || v === ''));
const selector = text.check(z.refine((s) => isSelector(s), 'is not a valid CSS selector'));

function isSelector(s: string): boolean {
  try {
    document.createDocumentFragment().querySelector(s);
    return true;
  } catch {
    return false;
  }
}

type Field = { attr: string; schema: z.ZodMiniType; hint: string };

// One entry per option: its attribute, its schema, and how to fix a bad value.
const FIELDS: Record<keyof WidgetConfig, Field> = {
  index: { attr: 'data-index', schema: text.check(z.refine((v) => checkUrl(v), 'is not a usable URL')), hint: 'use the URL of the folder `selfserve build` wrote, like /help/ or https://cdn.example.com/help/ (http: only on localhost)' },
  launcher: {
    attr: 'data-launcher',
    schema: z.union([bool, selector]),
    hint: 'use true, false, or the CSS selector of your own help button (#my-help-link)',
  },
  position: { attr: 'data-position', schema: z.enum(['bottom-right', 'bottom-left'], 'is not a known position'), hint: 'use bottom-right or bottom-left' },
  accent: { attr: 'data-accent', schema: text.check(z.refine((v) => CSS.supports('color', v), 'is not a CSS colour')), hint: 'use a CSS colour like #1a56db or rebeccapurple' },
  theme: { attr: 'data-theme', schema: z.enum(['light', 'dark', 'auto'], 'is not a known theme'), hint: 'use light, dark or auto' },
  zIndex: {
    attr: 'data-z-index',
    schema: z.pipe(z.union([z.number(), text]), z.transform(Number)).check(z.refine((n) => Number.isInteger(n), 'is not a whole number')),
    hint: 'use a whole number like 1000',
  },
  mount: { attr: 'data-mount', schema: selector, hint: 'use the CSS selector of the element to render the search in, like #help' },
  shortcuts: {
    attr: 'data-shortcuts',
    schema: z.pipe(
      z.union([z.array(z.string()), z.string()]),
      z.transform((v) => (Array.isArray(v) ? v : v === 'off' || v === 'false' ? [] : v.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean)),
    ).check(z.refine((keys) => keys.every((k) => /^((mod|ctrl|meta|alt|shift)\+)*([a-z0-9/?.]|f\d{1,2})$/.test(k)), 'has a key that is not understood')),
    hint: 'use a comma-separated list like "/,mod+k", or off',
  },
  lang: { attr: 'data-lang', schema: text.check(z.refine(isLanguageTag, 'is not a language tag')), hint: 'use a language tag like en or es' },
  deepLink: {
    attr: 'data-deep-link',
    schema: z.pipe(z.union([z.literal(false), text]), z.transform((v) => (v === 'off' || v === 'false' ? false : v))).check(
      z.refine((v) => v === false || /^[\w-]+$/.test(v), 'must be letters, digits, - or _'),
    ),
    hint: 'use a word like help, or off',
  },
  contact: {
    attr: 'data-contact',
    schema: text.check(z.refine((v) => checkUrl(v, ['https:', 'mailto:']), 'is not a usable URL')),
    hint: 'use mailto:support@example.com, an https: URL, or a URL template like https://example.com/contact?q={query}',
  },
  replyTime: { attr: 'data-reply-time', schema: text, hint: 'use a short sentence like "We reply within one business day"' },
  analytics: {
    attr: 'data-analytics',
    schema: text.check(z.refine((v) => checkUrl(v), 'is not a usable URL')),
    hint: 'use the https: URL that collects events, like https://example.com/collect (http: only on localhost)',
  },
  title: { attr: 'data-title', schema: text, hint: 'use a short text' },
  launcherLabel: { attr: 'data-launcher-label', schema: text, hint: 'use a short text' },
  logo: {
    attr: 'data-logo',
    schema: text.check(z.refine((v) => checkUrl(v, ['https:', 'data:']), 'is not a usable URL')),
    hint: 'use the URL of an image, like /logo.svg or https://example.com/logo.png (http: only on localhost)',
  },
  mode: { attr: 'data-mode', schema: z.enum(['panel', 'modal'], 'is not a known mode'), hint: 'use panel (beside the page) or modal (over a dimmed page)' },
  timeout: {
    attr: 'data-timeout',
    schema: z.pipe(z.union([z.number(), text]), z.transform(Number)).check(z.refine((n) => Number.isInteger(n) && n >= 100 && n <= 120_000, 'is not a whole number of milliseconds between 100 and 120000')),
    hint: 'use a number of milliseconds like 8000',
  },
  explain: { attr: 'data-explain', schema: selector, hint: 'use the CSS selector of the parts of the page to explain, like #statement or .bill table' },
};

export type ConfigInput = Partial<Record<keyof WidgetConfig, unknown>>;

/** Reads options from a script tag's `data-*` attributes. */
export function fromScript(script: HTMLScriptElement | null): ConfigInput {
  const input: ConfigInput = {};
  if (!script) return input;
  for (const [key, field] of Object.entries(FIELDS)) {
    const value = script.getAttribute(field.attr);
    if (value !== null) input[key as keyof WidgetConfig] = value;
  }
  return input;
}

/**
 * Validates options one by one. A bad value logs one console error naming the attribute and how to
 * fix it, and that option falls back to its default: the widget always starts.
 */
export function resolveConfig(input: ConfigInput, report: (message: string) => void = console.error): WidgetConfig {
  // The page's language, else the visitor's; the help center falls back to its default if it lacks it.
  // `<html lang="en_US">` is a common slip for en-US, and Intl throws on what is not a tag.
  const lang = [document.documentElement.lang.replace(/_/g, '-'), navigator.language].find((tag) => tag && isLanguageTag(tag)) ?? DEFAULTS.lang;
  const config: WidgetConfig = { ...DEFAULTS, lang };
  for (const [key, value] of Object.entries(input)) {
    const field = FIELDS[key as keyof WidgetConfig];
    if (!field) {
      report(`selfserve: unknown option "${key}" (known options: ${Object.keys(FIELDS).join(', ')})`);
      continue;
    }
    if (value === undefined) continue;
    const parsed = field.schema.safeParse(value);
    if (parsed.success) {
      (config as unknown as Record<string, unknown>)[key] = parsed.data;
    } else {
      // What stays: the default, or for `lang` the page's language.
      const fallback = (config as unknown as Record<string, unknown>)[key];
      report(`selfserve: ${field.attr}="${String(value)}" ${parsed.error.issues[0].message}: ${field.hint}.${fallback === undefined ? '' : ` Using the default (${String(fallback)}).`}`);
    }
  }
  return config;
}
