import { describe, expect, it } from 'vitest';
import { acknowledgesFrom, clientIdFrom, isValidClientId, newClientId, pollTokenFrom, urlFor } from './clientId.js';

describe('client ids', () => {
  it('takes the id from ?client= when the server would accept it', () => {
    expect(clientIdFrom('http://host/?client=ada:1')).toBe('ada:1');
  });

  it('makes a fresh valid id when ?client= is missing or not acceptable', () => {
    const fresh = clientIdFrom('http://host/?client=no%20spaces');

    expect(fresh).toMatch(/^client-[0-9a-f]{8}$/);
    expect(isValidClientId(fresh)).toBe(true);
    expect(newClientId()).not.toBe(newClientId());
  });

  it('accepts exactly the characters and lengths the server accepts', () => {
    expect(isValidClientId('A-z_0.9:x')).toBe(true);
    expect(isValidClientId('x'.repeat(128))).toBe(true);
    expect(isValidClientId('x'.repeat(129))).toBe(false);
    expect(isValidClientId('')).toBe(false);
    expect(isValidClientId('a/b')).toBe(false);
  });

  it('keeps the other query parameters when it puts the id in the URL', () => {
    expect(urlFor('http://host/?x=1&client=old', 'new')).toBe('http://host/?x=1&client=new');
  });

  it('takes a poll token from ?token=, and keeps it in the URL with the id', () => {
    expect(pollTokenFrom('http://host/?client=ada&token=2000000000.abc-_')).toBe('2000000000.abc-_');
    expect(pollTokenFrom('http://host/?client=ada')).toBeUndefined();
    expect(pollTokenFrom('http://host/?token=')).toBeUndefined();
    expect(urlFor('http://host/?token=t&client=ada', 'ada')).toBe('http://host/?token=t&client=ada');
  });

  it('asks for acknowledged delivery unless opened with ?delivery=plain', () => {
    expect(acknowledgesFrom('http://host/?client=ada')).toBe(true);
    expect(acknowledgesFrom('http://host/?client=ada&delivery=plain')).toBe(false);
    expect(acknowledgesFrom('http://host/?delivery=acknowledged')).toBe(true);
  });
});
