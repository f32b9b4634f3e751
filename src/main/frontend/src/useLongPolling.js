import { useEffect, useState } from 'react';

/**
 * Receives a client's messages from a longpoll server (or any server with the reference
 * long-polling API): GET {baseUrl}/poll/{clientId}, again as soon as each poll is answered.
 * Self-contained on purpose, so that it can be copied into another React app as it is.
 *
 * Returns { messages, status, error, retryAt, receivedAt }:
 * - messages: every message received, oldest first, each once (the JSON values as sent);
 * - status: 'idle' (no client id), 'waiting' (a poll is open) or 'retrying' (the last poll
 *   failed, or the server asked to come back later; the next one starts at retryAt, a Date.now()
 *   timestamp);
 * - error: the last failure, { status, message } (status 0 when the server could not be
 *   reached), until a poll succeeds; null after a 503 with Retry-After, which is no error but the
 *   server's "try again then" (it is starting or stopping, or waits for its Redis);
 * - receivedAt: when the last message arrived (Date.now() timestamp), or null.
 *
 * Acknowledged delivery: the hook asks for it (?ack=) and, when the server answers with
 * [{id, message}, ...], acknowledges the last id on its next poll and drops messages whose id it
 * has already seen (a server sends unacknowledged ones again). See isAcknowledgedAnswer for how a
 * server that ignores ?ack= is recognised; from then on the hook no longer asks.
 *
 * Poll tokens: with options.token (minted for this client id by the app's backend) each poll
 * carries ?token=, which a server with poll tokens on requires (a query parameter rather than a
 * header, so that a cross-origin poll needs no preflight).
 */
export function useLongPolling(clientId, options = {}) {
  const {
    baseUrl = '',
    timeoutSeconds,
    token,
    acknowledge = true,
    minRetryMs = 500,
    maxRetryMs = 30_000,
  } = options;
  const [state, setState] = useState(IDLE);

  useEffect(() => {
    setState(IDLE);
    if (!clientId) {
      return undefined;
    }
    const controller = new AbortController();
    const settings = { clientId, baseUrl, timeoutSeconds, token, acknowledge, minRetryMs, maxRetryMs };
    const update = (change) => {
      if (!controller.signal.aborted) {
        setState((current) => ({ ...current, ...change(current) }));
      }
    };
    pollUntilAborted(settings, controller.signal, update);
    return () => controller.abort();
  }, [clientId, baseUrl, timeoutSeconds, token, acknowledge, minRetryMs, maxRetryMs]);

  return state;
}

const IDLE = Object.freeze({ messages: [], status: 'idle', error: null, retryAt: null, receivedAt: null });

async function pollUntilAborted(settings, signal, update) {
  // null: don't ask for acknowledged delivery; '' : ask, nothing to acknowledge yet; else the last id.
  let ack = settings.acknowledge ? '' : null;
  const seenIds = new Set();
  let failures = 0;
  while (!signal.aborted) {
    update(() => ({ status: 'waiting', retryAt: null }));
    try {
      const values = await poll(settings, ack, signal);
      failures = 0;
      let fresh = values;
      if (ack !== null && isAcknowledgedAnswer(values)) {
        fresh = values.filter((entry) => !seenIds.has(entry.id)).map((entry) => entry.message);
        values.forEach((entry) => seenIds.add(entry.id));
        ack = values.at(-1).id;
      } else if (values.length > 0) {
        ack = null;
      }
      update((current) => ({
        error: null,
        messages: fresh.length > 0 ? [...current.messages, ...fresh] : current.messages,
        receivedAt: fresh.length > 0 ? Date.now() : current.receivedAt,
      }));
    } catch (failure) {
      if (signal.aborted) {
        return;
      }
      if (isComeBackLater(failure)) {
        const delay = Math.min(settings.maxRetryMs, failure.retryAfterSeconds * 1000);
        update(() => ({ status: 'retrying', error: null, retryAt: Date.now() + delay }));
        await pause(delay, signal);
        continue;
      }
      const delay = retryDelayMs(failures++, failure.retryAfterSeconds, settings, Math.random());
      update(() => ({
        status: 'retrying',
        error: { status: failure.status ?? 0, message: failure.message },
        retryAt: Date.now() + delay,
      }));
      await pause(delay, signal);
    }
  }
}

/** One poll: the messages it brought ([] at a 204), or a thrown PollFailure. */
async function poll({ clientId, baseUrl, timeoutSeconds, token }, ack, signal) {
  const query = new URLSearchParams();
  if (timeoutSeconds !== undefined) {
    query.set('timeout', String(timeoutSeconds));
  }
  if (ack !== null) {
    query.set('ack', ack);
  }
  if (token) {
    query.set('token', token);
  }
  const search = query.toString();
  const url = `${baseUrl.replace(/\/$/, '')}/poll/${encodeURIComponent(clientId)}${search ? `?${search}` : ''}`;
  let response;
  try {
    response = await fetch(url, { signal, cache: 'no-store' });
  } catch (cause) {
    if (signal.aborted) {
      throw cause;
    }
    throw new PollFailure(0, 'Cannot reach the server');
  }
  if (response.status === 204) {
    return [];
  }
  const body = await response.text();
  if (!response.ok) {
    const retryAfter = response.headers.get('Retry-After');
    throw new PollFailure(response.status, errorText(response, body), retryAfter === null ? undefined : Number(retryAfter));
  }
  const values = parseJson(body);
  if (!Array.isArray(values)) {
    throw new PollFailure(response.status, 'The server answered something other than a JSON array');
  }
  return values;
}

/**
 * The rule that tells the two kinds of answer apart: an answer is in the acknowledged form when
 * it is a non-empty array whose every element is an object with a string "id" and a "message"
 * key. A server that ignores ?ack= answers with the plain values, and the first such answer that
 * does not match makes the hook stop asking. Only a server that ignores ?ack= and whose first
 * answer holds nothing but {id, message}-shaped objects can be misread.
 */
export function isAcknowledgedAnswer(values) {
  return values.length > 0 && values.every((entry) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
    && typeof entry.id === 'string' && 'message' in entry);
}

/**
 * A 503 with a Retry-After in seconds: a server that is starting, stopping or waiting for its
 * Redis says when to come back. The hook comes back then, as often as it is told, with no error
 * shown and no backoff.
 */
function isComeBackLater(failure) {
  return failure.status === 503 && Number.isFinite(failure.retryAfterSeconds) && failure.retryAfterSeconds >= 0;
}

/**
 * Exponential backoff with jitter: minRetryMs doubling per consecutive failure up to maxRetryMs,
 * of which a random half is taken off so that many clients of a restarted server don't all come
 * back at once. A server's Retry-After is honoured as a floor, within maxRetryMs.
 */
export function retryDelayMs(failures, retryAfterSeconds, { minRetryMs, maxRetryMs }, random) {
  const ceiling = Math.min(maxRetryMs, minRetryMs * 2 ** failures);
  const jittered = ceiling / 2 + (random * ceiling) / 2;
  const asked = Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : 0;
  return Math.min(maxRetryMs, Math.max(jittered, asked));
}

class PollFailure extends Error {
  constructor(status, message, retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function errorText(response, body) {
  const error = parseJson(body)?.error;
  return typeof error === 'string' ? error : `HTTP ${response.status}`;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Waits ms, or less if the signal aborts; leaves no listener behind on the long-lived signal. */
function pause(ms, signal) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
