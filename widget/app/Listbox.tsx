import type { Option } from './options.ts';

interface Props {
  id: string;
  /** `lang` and `dir` of the articles, when they differ from the widget's. */
  language?: { lang?: string; dir?: 'rtl' | 'ltr' };
  label: string;
  options: Option[];
  active: number;
  /** Index of the first option in the combobox's flat list. */
  offset?: number;
  onChoose(option: Option): void;
  onHover(index: number): void;
}

/** A listbox of articles and sections; the combobox input owns focus and `aria-activedescendant`. */
export function Listbox({ id, language, label, options, active, offset = 0, onChoose, onHover }: Props) {
  return (
    <ul id={id} class="ss-list" role="listbox" aria-label={label} {...language}>
      {options.map((option, i) => (
        <li
          key={option.id}
          id={option.id}
          role="option"
          aria-selected={active === offset + i}
          class={option.section ? 'ss-option ss-suboption' : 'ss-option'}
          onClick={() => onChoose(option)}
          onMouseMove={() => active !== offset + i && onHover(offset + i)}
        >
          {option.section && <span class="ss-visually-hidden">{option.articleTitle}: </span>}
          <span class="ss-option-title" dangerouslySetInnerHTML={{ __html: option.titleHtml }} />
          {option.textHtml ? (
            <span class="ss-option-text" dangerouslySetInnerHTML={{ __html: option.textHtml }} />
          ) : (
            // Room for a passage still loading, so the list does not jump when it arrives.
            option.pending && <span class="ss-option-text ss-option-pending" aria-hidden="true" />
          )}
        </li>
      ))}
    </ul>
  );
}
