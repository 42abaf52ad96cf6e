import css from './styles/launcher.css?inline';
import type { WidgetConfig } from './config.ts';

/** The widget's corner of the page: a shadow root with our styles, and a themed root element. */
export interface Host {
  element: HTMLElement;
  shadow: ShadowRoot;
  /** The themed element everything renders into. */
  root: HTMLElement;
}

let sheet: CSSStyleSheet | undefined;

const RTL = /^(ar|arc|dv|fa|ha|he|khw|ks|ku|ps|sd|ur|yi)\b/i;

/** Whether a language is written right to left. */
export const isRtl = (locale: string) => RTL.test(locale);

/**
 * Creates the shadow host, in `parent` (inline mode) or at the end of `<body>`. Styles come from a
 * constructable stylesheet, which a strict Content-Security-Policy (no 'unsafe-inline') allows.
 */
export function createHost(config: WidgetConfig, parent: Element = document.body): Host {
  const element = document.createElement('selfserve-widget');
  const shadow = element.attachShadow({ mode: 'open' });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  shadow.adoptedStyleSheets = [sheet];
  const root = document.createElement('div');
  root.className = 'ss-root';
  applyConfig(root, config);
  shadow.append(root);
  parent.append(element);
  return { element, shadow, root };
}

export function applyConfig(root: HTMLElement, config: WidgetConfig): void {
  root.dataset.theme = config.theme;
  root.dataset.position = config.position;
  root.lang = config.lang;
  root.dir = RTL.test(config.lang) ? 'rtl' : 'ltr';
  // Set through the CSSOM, which CSP allows (a style attribute would not be).
  root.style.setProperty('--ss-z', String(config.zIndex));
  if (config.accent) root.style.setProperty('--selfserve-accent', `var(--selfserve-accent-override, ${config.accent})`);
}
