import type { Option } from './options.ts';

// Every ARIA attribute of the dialog, the combobox and its listbox comes from here, so the
// components only render (Algolia Autocomplete's getPropGetters).

export const LISTBOX_ID = 'ss-listbox';
export const TITLE_ID = 'ss-title';

/**
 * The panel: a modal dialog (backdrop, focus kept inside), a non-modal dialog beside the page (the
 * page stays usable), or a search landmark when rendered inline in the page.
 */
export function getRootProps({ mode }: { mode: 'modal' | 'panel' | 'inline' }) {
  if (mode === 'inline') return { role: 'search', 'aria-labelledby': TITLE_ID } as const;
  return { role: 'dialog', 'aria-modal': mode === 'modal' ? true : undefined, 'aria-labelledby': TITLE_ID } as const;
}

/** The search box: a combobox that owns focus and points at the active option. */
export function getInputProps({ options, active, label, describedBy }: { options: Option[]; active: number; label: string; describedBy?: string }) {
  const expanded = options.length > 0;
  return {
    // Preact's types only allow role="combobox" on an input with a `list`; WAI-ARIA allows it on any text input.
    role: 'combobox',
    'aria-label': label,
    'aria-autocomplete': 'list',
    'aria-expanded': expanded ? 'true' : 'false',
    'aria-controls': expanded ? LISTBOX_ID : undefined,
    'aria-activedescendant': active >= 0 && active < options.length ? options[active].id : undefined,
    'aria-describedby': describedBy,
  } as Record<string, string | undefined>;
}

export function getListProps({ label, lang, dir }: { label: string; lang?: string; dir?: 'rtl' | 'ltr' }) {
  return { id: LISTBOX_ID, role: 'listbox', 'aria-label': label, lang, dir } as const;
}

export function getItemProps({ option, index, active }: { option: Option; index: number; active: number }) {
  return { id: option.id, role: 'option', 'aria-selected': index === active } as const;
}
