import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAcknowledgedAnswer, retryDelayMs, useLongPolling } from './useLongPolling.js';

/**
 * A stand-in for the server: each poll takes the next scripted answer; once the script is used
 * up, a poll is held like a real one until its request is aborted.
 */
function fakeServer(...answers) {
  const requests = [];
  const fetch = vi.fn((url, { signal }) => {
    requests.push({ url: new URL(url, 'http://page.test'), signal });
    const answer = answers.shift();
    if (answer instanceof Error) {
      return Promise.reject(answer);
    }
    if (answer) {
      return Promise.resolve(answer);
    }
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  });
  vi.stubGlobal('fetch', fetch);
  return { requests };
}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const noContent = () => new Response(null, { status: 204 });

/** Lets pending promises (answers, state updates) settle, and fake time pass. */
const elapse = (ms = 0) => act(() => vi.advanceTimersByTimeAsync(ms));

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, 'random').mockReturnValue(1); // no jitter: delays are the backoff's ceiling
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('useLongPolling', () => {
  it('polls the client again as soon as a 200 brings messages', async () => {
    const server = fakeServer(json(200, ['hi']));

    const { result } = renderHook(() => useLongPolling('ada'));
    await elapse();

    expect(result.current.messages).toEqual(['hi']);
    expect(result.current.status).toBe('waiting');
    expect(server.requests.map((request) => request.url.pathname)).toEqual(['/poll/ada', '/poll/ada']);
  });

  it('polls again at once after a 204, keeping what it has', async () => {
    const server = fakeServer(json(200, ['first']), noContent(), json(200, ['second']));

    const { result } = renderHook(() => useLongPolling('ada'));
    await elapse();

    expect(result.current.messages).toEqual(['first', 'second']);
    expect(server.requests).toHaveLength(4);
    expect(result.current.error).toBeNull();
  });

  it('appends the values of each answer flat, in order', async () => {
    fakeServer(json(200, ['a', { nested: [1, 2] }]), json(200, [3, ['an', 'array'], null]));

    const { result } = renderHook(() => useLongPolling('ada'));
    await elapse();

    expect(result.current.messages).toEqual(['a', { nested: [1, 2] }, 3, ['an', 'array'], null]);
  });

  it('backs off exponentially while polls fail, then polls at once again after a success', async () => {
    const server = fakeServer(
      new TypeError('Failed to fetch'),
      json(500, { error: 'Internal server error', status: 500 }),
      json(503, { error: 'Redis is unavailable', status: 503 }),
      json(200, ['back']),
      new TypeError('Failed to fetch'),
    );

    const { result } = renderHook(() => useLongPolling('ada'));
    await elapse();
    expect(result.current.status).toBe('retrying');
    expect(result.current.error).toEqual({ status: 0, message: 'Cannot reach the server' });
    expect(result.current.retryAt - Date.now()).toBe(500);

    await elapse(499);
    expect(server.requests).toHaveLength(1);
    await elapse(1);
    expect(server.requests).toHaveLength(2);
    expect(result.current.retryAt - Date.now()).toBe(1000);

    await elapse(1000);
    expect(result.current.error).toEqual({ status: 503, message: 'Redis is unavailable' });
    expect(result.current.retryAt - Date.now()).toBe(2000);

    await elapse(2000);
    expect(result.current.messages).toEqual(['back']);
    expect(result.current.status).toBe('retrying');
    expect(result.current.retryAt - Date.now()).toBe(500);
  });

  it('waits at least what Retry-After asks, and never more than the longest delay', async () => {
    fakeServer(json(429, { error: 'Too many polls', status: 429 }, { 'Retry-After': '5' }));

    const { result } = renderHook(() => useLongPolling('ada', { maxRetryMs: 3000 }));
    await elapse();

    expect(result.current.retryAt - Date.now()).toBe(3000);
  });

  it('comes back when a 503 with Retry-After says, every time, and shows no error for it', async () => {
    const stopping = () => json(503, { error: 'The server is stopping', status: 503 }, { 'Retry-After': '2' });
    const server = fakeServer(stopping(), stopping(), json(200, ['back']));

    const { result } = renderHook(() => useLongPolling('ada'));
    await elapse();
    expect(result.current.status).toBe('retrying');
    expect(result.current.error).toBeNull();
    expect(result.current.retryAt - Date.now()).toBe(2000);

    await elapse(2000);
    expect(server.requests).toHaveLength(2);
    expect(result.current.error).toBeNull();
    expect(result.current.retryAt - Date.now()).toBe(2000);

    await elapse(2000);
    expect(result.current.messages).toEqual(['back']);
    expect(result.current.status).toBe('waiting');
  });

  it('takes a 503 without Retry-After for an error, and backs off', async () => {
    fakeServer(new Response('<html>Bad gateway</html>', { status: 503 }));

    const { result } = renderHook(() => useLongPolling('ada'));
    await elapse();

    expect(result.current.error).toEqual({ status: 503, message: 'HTTP 503' });
    expect(result.current.retryAt - Date.now()).toBe(500);
  });

  it('stays off the server for a random part of each delay', () => {
    const limits = { minRetryMs: 500, maxRetryMs: 30_000 };

    expect(retryDelayMs(0, undefined, limits, 0)).toBe(250);
    expect(retryDelayMs(3, undefined, limits, 0.5)).toBe(3000);
    expect(retryDelayMs(20, undefined, limits, 0)).toBe(15_000);
    expect(retryDelayMs(20, undefined, limits, 1)).toBe(30_000);
    expect(retryDelayMs(0, 2, limits, 0)).toBe(2000);
  });

  it('aborts the open poll when unmounted, and polls no more', async () => {
    const server = fakeServer();

    const { unmount } = renderHook(() => useLongPolling('ada'));
    await elapse();
    unmount();
    await elapse(60_000);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].signal.aborted).toBe(true);
  });

  it('starts over with a new client id, dropping the old client poll and messages', async () => {
    const server = fakeServer(json(200, ['for ada']));

    const { result, rerender } = renderHook(({ id }) => useLongPolling(id), { initialProps: { id: 'ada' } });
    await elapse();
    rerender({ id: 'bob' });
    await elapse();

    expect(result.current.messages).toEqual([]);
    expect(server.requests.map((request) => request.url.pathname)).toEqual(['/poll/ada', '/poll/ada', '/poll/bob']);
    expect(server.requests[1].signal.aborted).toBe(true);
  });

  it('does not poll without a client id', async () => {
    const server = fakeServer();

    const { result } = renderHook(() => useLongPolling(''));
    await elapse();

    expect(server.requests).toHaveLength(0);
    expect(result.current.status).toBe('idle');
  });

  it('polls the base URL it is given, with the timeout it is given', async () => {
    const server = fakeServer();

    renderHook(() => useLongPolling('a b', { baseUrl: 'http://localhost:8080/', timeoutSeconds: 2.5, acknowledge: false }));
    await elapse();

    expect(server.requests[0].url.href).toBe('http://localhost:8080/poll/a%20b?timeout=2.5');
  });

  it('carries its poll token on every poll, acknowledging ones too', async () => {
    const server = fakeServer(json(200, [{ id: '1-0', message: 'hi' }]));

    renderHook(() => useLongPolling('ada', { token: '2000000000.c2lnbmF0dXJl-_' }));
    await elapse();

    expect(server.requests.map((request) => request.url.searchParams.get('token')))
      .toEqual(['2000000000.c2lnbmF0dXJl-_', '2000000000.c2lnbmF0dXJl-_']);
    expect(server.requests[1].url.searchParams.get('ack')).toBe('1-0');
  });

  it('sends no token when it has none', async () => {
    const server = fakeServer();

    renderHook(() => useLongPolling('ada'));
    await elapse();

    expect(server.requests[0].url.searchParams.has('token')).toBe(false);
  });

  it('stops polling with the old token when given a new one', async () => {
    const server = fakeServer();

    const { rerender } = renderHook(({ token }) => useLongPolling('ada', { token }), { initialProps: { token: 'old' } });
    await elapse();
    rerender({ token: 'new' });
    await elapse();

    expect(server.requests[0].signal.aborted).toBe(true);
    expect(server.requests[1].url.searchParams.get('token')).toBe('new');
  });

  it('treats a 200 that is not a JSON array as a failure', async () => {
    fakeServer(new Response('<html>proxy error</html>', { status: 200 }));

    const { result } = renderHook(() => useLongPolling('ada'));
    await elapse();

    expect(result.current.status).toBe('retrying');
    expect(result.current.messages).toEqual([]);
  });
});

describe('useLongPolling with acknowledged delivery', () => {
  it('acknowledges the last id on the next poll and drops messages sent again', async () => {
    const server = fakeServer(
      json(200, [{ id: '1', message: 'a' }, { id: '2', message: { b: true } }]),
      json(200, [{ id: '2', message: { b: true } }, { id: '3', message: 'c' }]),
      noContent(),
    );

    const { result } = renderHook(() => useLongPolling('ada'));
    await elapse();

    expect(result.current.messages).toEqual(['a', { b: true }, 'c']);
    expect(server.requests.map((request) => request.url.search)).toEqual(['?ack=', '?ack=2', '?ack=3', '?ack=3']);
  });

  it('keeps the last acknowledged id across a failure', async () => {
    const server = fakeServer(json(200, [{ id: '7', message: 'a' }]), new TypeError('Failed to fetch'));

    renderHook(() => useLongPolling('ada'));
    await elapse(500);

    expect(server.requests.map((request) => request.url.search)).toEqual(['?ack=', '?ack=7', '?ack=7']);
  });

  it('takes plain values from a server that ignores ack, and stops asking it', async () => {
    const server = fakeServer(json(200, ['plain']), json(200, [{ id: 'x', message: 'looks acknowledged' }]));

    const { result } = renderHook(() => useLongPolling('ada'));
    await elapse();

    expect(result.current.messages).toEqual(['plain', { id: 'x', message: 'looks acknowledged' }]);
    expect(server.requests.map((request) => request.url.search)).toEqual(['?ack=', '', '']);
  });

  it('does not ask for acknowledged delivery when told not to', async () => {
    const server = fakeServer(json(200, [{ id: 'x', message: 'a value' }]));

    const { result } = renderHook(() => useLongPolling('ada', { acknowledge: false }));
    await elapse();

    expect(result.current.messages).toEqual([{ id: 'x', message: 'a value' }]);
    expect(server.requests[0].url.search).toBe('');
  });

  it('recognises an acknowledged answer only when every element is an {id: string, message} object', () => {
    expect(isAcknowledgedAnswer([{ id: '1', message: null }, { id: '2', message: 'b', extra: 1 }])).toBe(true);
    expect(isAcknowledgedAnswer([])).toBe(false);
    expect(isAcknowledgedAnswer([{ id: '1', message: 'a' }, 'plain'])).toBe(false);
    expect(isAcknowledgedAnswer([{ id: 1, message: 'a' }])).toBe(false);
    expect(isAcknowledgedAnswer([{ id: '1' }])).toBe(false);
    expect(isAcknowledgedAnswer([null])).toBe(false);
  });
});
