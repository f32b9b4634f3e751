import { describe, expect, it } from 'vitest';
import { displayed, kindOf, messageFromText } from './messageText.js';

describe('message text', () => {
  it('sends valid JSON as the value it denotes', () => {
    expect(messageFromText('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(messageFromText('42')).toBe(42);
    expect(messageFromText('"quoted"')).toBe('quoted');
  });

  it('sends anything else as the text typed', () => {
    expect(messageFromText('hello there')).toBe('hello there');
    expect(messageFromText('{not json')).toBe('{not json');
  });

  it('shows text as it is and other values as indented JSON', () => {
    expect(displayed('a "b"')).toBe('a "b"');
    expect(displayed({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(displayed(false)).toBe('false');
  });

  it('names the kind of each JSON value', () => {
    expect(['x', 1, true, null, [], {}].map(kindOf)).toEqual(['text', 'number', 'boolean', 'null', 'array', 'object']);
  });
});
