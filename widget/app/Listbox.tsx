import type { Option } from './options.ts';
import { getItemProps, getListProps } from './prop-getters.ts';
import { t, type Strings } from './strings.ts';

interface Props {
  /** `lang` and `dir` of the articles, when they differ from the widget's. */
  language?: { lang?: string; dir?: 'rtl' | 'ltr' };
  label: string;
  options: Option[];
  active: number;
  strings: Strings;
  onChoose(option: Option): void;
  onHover(index: number): void;
}

/** A listbox of the instant answer, articles and sections; the combobox input owns focus and `aria-activedescendant`. */
export function Listbox({ language, label, options, active, strings, onChoose, onHover }: Props) {
  return (
    <ul class="ss-list" {...getListProps({ label, ...language })}>
      {options.map((option, i) => (
        <li
          key={option.id}
          {...getItemProps({ option, index: i, active })}
          class={option.answer ? 'ss-option ss-answer' : option.section ? 'ss-option ss-suboption' : 'ss-option'}
          onClick={() => onChoose(option)}
          onMouseMove={() => active !== i && onHover(i)}
        >
          {option.answer ? (
            <>
              {/* The widget's words in its own direction, inside a list laid out in the articles'. */}
              <span class="ss-answer-label" dir="auto">
                {strings.answer}
              </span>
              <span class="ss-option-title ss-answer-term" dangerouslySetInnerHTML={{ __html: option.titleHtml }} />
              <span class="ss-answer-definition" dangerouslySetInnerHTML={{ __html: option.textHtml }} />
              <span class="ss-answer-more" dir="auto">
                {t(strings, 'readMore', { title: option.articleTitle })}
              </span>
            </>
          ) : (
            <>
              {option.section && <span class="ss-visually-hidden">{option.articleTitle}: </span>}
              <span class="ss-option-title" dangerouslySetInnerHTML={{ __html: option.titleHtml }} />
              {option.textHtml && <span class="ss-option-text" dangerouslySetInnerHTML={{ __html: option.textHtml }} />}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
