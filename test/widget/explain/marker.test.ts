// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../../src/terms.ts';
import { createMarker, newRegion, type Walk } from '../../../widget/explain/marker.ts';

const matcher = createMatcher([
  { term: 'GPRR', definition: 'A data transfer charge.' },
  { term: 'MBRA', definition: 'A roaming rate.' },
]);

/** A statement of `rows` rows of three cells each; `code(i)` is row i's code. */
function statement(rows: number, code: (i: number) => string): HTMLTableElement {
  const table = document.createElement('table');
  for (let i = 0; i < rows; i++) {
    const row = table.insertRow();
    row.dataset.row = String(i);
    for (const text of [`2026-10-${(i % 28) + 1}`, code(i), `$${i}.00`]) row.insertCell().textContent = text;
  }
  document.body.replaceChildren(table);
  return table;
}

const rowOf = (text: Text) => Number(text.parentElement!.closest('tr')!.dataset.row);
const farFrom = (row: number) => (element: Element) => Number(element.closest('tr')!.dataset.row) > row;

function walk(table: HTMLTableElement) {
  const region = newRegion(table);
  const marker = createMarker(matcher, () => {}, () => {}, () => {});
  return { region, marker, walk: { region, root: table } as Walk };
}

describe('a walk over a long statement', () => {
  it('stops where its text is far from the viewport, once every wanted term is passed, and goes on from there', () => {
    const table = statement(600, (i) => (i % 10 === 0 ? 'GPRR' : 'none'));
    const { region, marker, walk: w } = walk(table);
    expect(marker.advance(w, Infinity, farFrom(50))).toBe('far');
    const seen = region.later.map(rowOf);
    expect(seen[0]).toBe(0);
    // Stopped soon after row 50 (it looks every 128 texts, about 43 rows), long before the end.
    expect(Number(w.at!.closest('tr')!.dataset.row)).toBeGreaterThan(50);
    expect(Math.max(...seen)).toBeLessThan(100);
    // Nearer now: the walk goes on from where it stopped, to the end, each text once.
    expect(marker.advance(w, Infinity, () => false)).toBe('done');
    expect(region.later.map(rowOf)).toEqual(Array.from({ length: 60 }, (_, i) => i * 10));
  });

  it('does not stop before the first place of a term its region wants', () => {
    // MBRA is first written in row 450: its first occurrence gets a mark and a stop.
    const table = statement(600, (i) => (i === 450 ? 'MBRA' : i % 10 === 0 ? 'GPRR' : 'none'));
    const { region, marker, walk: w } = walk(table);
    expect(marker.advance(w, Infinity, farFrom(50))).toBe('far');
    expect(region.wanted).toEqual(new Set(['GPRR', 'MBRA']));
    expect(region.later.map(rowOf)).toContain(450);
    expect(Math.max(...region.later.map(rowOf))).toBeLessThan(500);
    // Both first occurrences are then marked, from the text walked so far.
    marker.settle(region, false);
    expect(region.wanted.size).toBe(0);
    expect([...region.marks.keys()].sort()).toEqual(['GPRR', 'MBRA']);
  });

  it('starts again where the page removed the text it stopped at', () => {
    const table = statement(600, (i) => (i % 10 === 0 ? 'GPRR' : 'none'));
    const { region, marker, walk: w } = walk(table);
    expect(marker.advance(w, Infinity, farFrom(50))).toBe('far');
    w.at!.closest('tr')!.remove();
    region.later = [];
    expect(marker.advance(w, Infinity, () => false)).toBe('done');
    // Every row with a code is found, none lost after the removed one.
    const left = [...table.rows].filter((row) => row.cells[1].textContent === 'GPRR').map((row) => Number(row.dataset.row));
    expect([...new Set(region.later.map(rowOf))]).toEqual(left);
  });
});
