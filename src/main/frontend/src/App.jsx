import { useEffect, useState } from 'react';
import ClientIdForm from './ClientIdForm.jsx';
import CurlCommand from './CurlCommand.jsx';
import MessageList from './MessageList.jsx';
import SendForm from './SendForm.jsx';
import StatusLine from './StatusLine.jsx';
import { acknowledgesFrom, clientIdFrom, pollTokenFrom, urlFor } from './clientId.js';
import { useLongPolling } from './useLongPolling.js';

/**
 * The API sits beside the page (same origin, same context root as the WAR), unless the dev
 * server is pointed at a running service (.env.development).
 */
const API_BASE = import.meta.env.VITE_LONGPOLL_URL
  ?? new URL('.', window.location.href).href.replace(/\/$/, '');

/** The page a developer opens first: receive as one client, send to any. */
export default function App() {
  const [clientId, setClientId] = useState(() => clientIdFrom(window.location.href));
  // A poll token (?token=, minted by a backend) is bound to the client id the page was opened with.
  const [opened] = useState(() => ({
    clientId,
    token: pollTokenFrom(window.location.href),
    acknowledge: acknowledgesFrom(window.location.href),
  }));
  const token = clientId === opened.clientId ? opened.token : undefined;
  const polling = useLongPolling(clientId, { baseUrl: API_BASE, token, acknowledge: opened.acknowledge });

  useEffect(() => {
    // In the address bar too, so that a reload or a shared link keeps the same client.
    window.history.replaceState(null, '', urlFor(window.location.href, clientId));
  }, [clientId]);

  return (
    <main>
      <header>
        <h1>longpoll</h1>
        <p>Messages from the server over plain HTTP long-polls.</p>
      </header>
      <ClientIdForm clientId={clientId} onChange={setClientId} />
      <StatusLine {...polling} />
      <MessageList messages={polling.messages} />
      <SendForm key={clientId} apiBase={API_BASE} defaultTo={clientId} />
      <CurlCommand key={clientId} apiBase={API_BASE} clientId={clientId} />
    </main>
  );
}
