import { describe, expect, it } from 'vitest';
import type { Option } from '../../../widget/app/options.ts';
import { getInputProps, getItemProps, getListProps, getRootProps } from '../../../widget/app/prop-getters.ts';

const option = (id: string): Option => ({ id, slug: id, titleHtml: id, textHtml: '', section: false, articleTitle: id });

describe('getRootProps', () => {
  it('is a modal dialog only in modal mode; beside the page it is a non-modal dialog', () => {
    expect(getRootProps({ mode: 'modal' })).toMatchObject({ role: 'dialog', 'aria-modal': true, 'aria-labelledby': 'ss-title' });
    expect(getRootProps({ mode: 'panel' })).toMatchObject({ role: 'dialog', 'aria-modal': undefined });
    expect(getRootProps({ mode: 'inline' })).toMatchObject({ role: 'search' });
  });
});

describe('getInputProps', () => {
  it('points at the listbox and the active option', () => {
    const options = [option('ss-option-answer'), option('ss-option-0')];
    expect(getInputProps({ options, active: 0, label: 'Search' })).toMatchObject({
      role: 'combobox',
      'aria-expanded': 'true',
      'aria-controls': 'ss-listbox',
      'aria-activedescendant': 'ss-option-answer',
      'aria-autocomplete': 'list',
    });
  });

  it('is collapsed without options', () => {
    expect(getInputProps({ options: [], active: -1, label: 'Search' })).toMatchObject({ 'aria-expanded': 'false', 'aria-controls': undefined, 'aria-activedescendant': undefined });
  });
});

describe('getListProps and getItemProps', () => {
  it('label the listbox and mark the active option selected', () => {
    expect(getListProps({ label: 'Search results' })).toMatchObject({ id: 'ss-listbox', role: 'listbox', 'aria-label': 'Search results' });
    expect(getItemProps({ option: option('a'), index: 1, active: 1 })).toEqual({ id: 'a', role: 'option', 'aria-selected': true });
    expect(getItemProps({ option: option('a'), index: 0, active: 1 })['aria-selected']).toBe(false);
  });
});
