import { describe, expect, it } from 'vitest';
import { imagesWithoutAlt, relativeRawHtmlUrls } from '../../../scripts/content/raw-html-urls.ts';

const urls = (html: string) => relativeRawHtmlUrls(html).map(({ tag, url, index }) => `${tag} ${url} @${index}`);

describe('relativeRawHtmlUrls', () => {
  it('finds the src of images and the href of links, quoted either way or not at all, in any case', () => {
    expect(urls(`<img src="a.png"> <IMG SRC='b.png'> <img alt=x src=c.png> <a href = "d.md">d</a>`)).toEqual(['img a.png @0', 'img b.png @18', 'img c.png @36', 'a d.md @58']);
  });

  it('leaves URLs that do not depend on the page: a scheme, the site root', () => {
    expect(urls('<img src="https://cdn.example/a.png"><img src="data:image/png;base64,AA"><img src="/img/b.png"><a href="mailto:x@example.com">m</a><a href="//host/x">h</a><a href="#">top</a>')).toEqual([]);
    // An MDX expression names no URL the build could know.
    expect(urls('<img src={logo} alt="logo" />')).toEqual([]);
  });

  it('reads only the attribute itself, of those two tags alone, whatever the other attributes hold', () => {
    expect(urls('<img data-src="lazy.png" alt="a > b" src="real.png"><abbr href="x">x</abbr><a name="top">t</a><area href="map.html">')).toEqual(['img real.png @0']);
  });

  it('finds the anchor a link names in the article itself, not an image named by one', () => {
    expect(urls('<a href="#rates">rates</a> <img src="#logo">')).toEqual(['a #rates @0']);
  });

  it('says where each value is, without its quotes, to replace it', () => {
    const html = `<p><img alt="x" src = "a.png" /> <a href='b.md'>b</a> <img src=c.png></p>`;
    expect(relativeRawHtmlUrls(html).map(({ start, end }) => html.slice(start, end))).toEqual(['a.png', 'b.md', 'c.png']);
  });

  it('stops at a tag left open: what follows is inside it', () => {
    expect(urls('<img src="a.png"> <img alt="never closed src="b.png"> <img src="c.png">')).toEqual(['img a.png @0']);
    expect(urls('<a href="x.md"')).toEqual([]);
  });

  it('finds the images with no alt at all, not those marked as decoration with an empty one', () => {
    expect(imagesWithoutAlt('<img src="a.png"> <img src="b.png" alt=""> <img alt src="c.png"> <img data-alt="x" src="https://cdn.example/d.png"> <a href="e.md">e</a>')).toEqual([
      { src: 'a.png', index: 0 },
      { src: 'https://cdn.example/d.png', index: 65 },
    ]);
  });
});
