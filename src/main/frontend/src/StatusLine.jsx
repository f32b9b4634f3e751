import { useEffect, useState } from 'react';

const TICK_MS = 250;

/** One line saying whether messages can arrive now, and when the next try is if not. */
export default function StatusLine({ status, error, retryAt, receivedAt }) {
  const now = useNow(status === 'retrying');
  return (
    <p className={`status ${status}`} role="status" data-status={status}>
      {describe({ status, error, retryAt, receivedAt }, now)}
    </p>
  );
}

function describe({ status, error, retryAt, receivedAt }, now) {
  if (status === 'waiting') {
    return receivedAt
      ? `Message received at ${new Date(receivedAt).toLocaleTimeString()}, waiting for more`
      : 'Connected, waiting for messages';
  }
  if (status === 'retrying') {
    const seconds = Math.max(0, Math.ceil((retryAt - now) / 1000));
    return `${error ? problem(error) : 'Server busy'}: reconnecting in ${seconds} s`;
  }
  return 'Not polling';
}

function problem(error) {
  if (error.status === 0) {
    return 'Cannot reach the server';
  }
  if (error.status === 503) {
    return `Server unavailable (${error.message})`;
  }
  return `Error ${error.status} (${error.message})`;
}

/** The current time, refreshed while a countdown is shown. */
function useNow(ticking) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!ticking) {
      return undefined;
    }
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
