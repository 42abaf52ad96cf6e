// Most frontmatter is a few `key: text` lines. Read by the YAML library, each file costs as much as
// lexing its markdown, and a build reads tens of thousands. This reads just that plain form, and
// gives up on anything else: the library reads those, and reports their problems where they are.

// `key: value` on one line: a key of letters, digits, `_` and `-` that starts with a letter.
const PAIR = /^([A-Za-z][\w-]*): +(.*?) *$/;
// Left to the library anywhere in a value: control characters, line and byte-order marks and
// non-characters (\u0000-\u001f, \u007f-\u009f, \u2028, \u2029, \ufeff, \ufffe, \uffff).
// "text" with no escapes but \" and \\.
const DOUBLE = /^"((?:[^"\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\\["\\])*)"$/;
// 'text', where '' is a quote.
const SINGLE = /^'((?:[^'\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|'')*)'$/;
// Unquoted text that YAML reads as that text: it starts with a letter (no indicator, number or
// `.inf`), and holds no `:` or `#` (which could start a mapping or a comment).
const PLAIN = /^\p{L}[^:#\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]*$/u;
// Text between quotes of the same kind, without the characters left to the library.
const QUOTED = /^(["'])[^\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]*\1$/;
// Unquoted words (keys or values) that YAML 1.2 reads as null or true or false, not as text.
const KEYWORD = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/**
 * The fields of frontmatter that is only `key: text` lines (and empty lines), each key once, as
 * the YAML library reads them; undefined for anything else (lists, numbers, dates, comments,
 * escapes, several lines), which the library must read.
 */
export function simpleYaml(yaml: string): Record<string, string> | undefined {
  const data: Record<string, string> = {};
  for (const line of yaml.split('\n')) {
    if (line === '' || line === '\r') continue;
    const pair = PAIR.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (!pair || KEYWORD.test(pair[1]) || Object.hasOwn(data, pair[1])) return undefined;
    const value = scalar(pair[2]);
    if (value === undefined) return undefined;
    data[pair[1]] = value;
  }
  return Object.keys(data).length ? data : undefined;
}

function scalar(text: string): string | undefined {
  // Most quoted values hold no quote inside: one pass over a class of characters, no backtracking.
  if (text[0] === '"') {
    if (QUOTED.test(text) && !/[\\"]/.test(text.slice(1, -1))) return text.slice(1, -1);
    const double = DOUBLE.exec(text);
    return double ? double[1].replace(/\\(["\\])/g, '$1') : undefined;
  }
  if (text[0] === "'") {
    if (QUOTED.test(text) && !text.slice(1, -1).includes("'")) return text.slice(1, -1);
    const single = SINGLE.exec(text);
    return single ? single[1].replaceAll("''", "'") : undefined;
  }
  return PLAIN.test(text) && !KEYWORD.test(text) ? text : undefined;
}
