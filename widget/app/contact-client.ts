import type { Client } from '../../src/contact.ts';

// Most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: [string, RegExp][] = [
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /OPR\/(\d+)/],
  ['Samsung Internet', /SamsungBrowser\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//],
];

const SYSTEMS: [string, RegExp][] = [
  ['iOS', /iPhone|iPad|iPod/],
  ['Android', /Android/],
  ['ChromeOS', /CrOS/],
  ['Windows', /Windows/],
  ['macOS', /Macintosh|Mac OS X/],
  ['Linux', /Linux/],
];

/** The browser, system and kind of device, read from the user agent: what support asks first. */
export function describeClient(userAgent: string, viewport: { width: number; height: number }, touchPoints = 0): Client {
  const browser = BROWSERS.find(([, pattern]) => pattern.test(userAgent));
  // iPadOS asks for desktop pages: a "Macintosh" with a touch screen is an iPad.
  const ipad = /iPad/.test(userAgent) || (/Macintosh/.test(userAgent) && touchPoints > 1);
  const os = ipad ? 'iOS' : (SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? 'unknown');
  const device = ipad || /Tablet|Android(?!.*Mobile)/.test(userAgent) ? 'tablet' : /Mobi|iPhone|iPod/.test(userAgent) ? 'mobile' : 'desktop';
  return {
    browser: browser ? `${browser[0]} ${browser[1].exec(userAgent)![1]}` : 'unknown',
    os,
    device,
    viewport: `${Math.round(viewport.width)}×${Math.round(viewport.height)}`,
  };
}
