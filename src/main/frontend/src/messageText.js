/**
 * What the send form sends for the text typed: the JSON value when the text is valid JSON
 * (42, true, {"a": 1}, "quoted"), else the text itself as a string, so that plain words need no
 * quotes.
 */
export function messageFromText(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A word for a JSON value's kind, as the page labels messages. */
export function kindOf(value) {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  return typeof value === 'string' ? 'text' : typeof value;
}

/** A message as the page shows it: text as it is, any other value as indented JSON. */
export function displayed(value) {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
