import { displayed, kindOf } from './messageText.js';

/** The messages received, newest first so that the latest is always in view. */
export default function MessageList({ messages }) {
  return (
    <section className="messages" aria-label="Messages received">
      <h2>Messages received ({messages.length})</h2>
      {messages.length === 0
        ? <p className="hint">None yet: send one below, or with the curl command.</p>
        : (
          <ol>
            {messages.map((message, index) => ({ message, number: index + 1 })).reverse().map(({ message, number }) => (
              <li key={number} className={kindOf(message)}>
                <span className="kind">{kindOf(message)}</span>
                <pre>{displayed(message)}</pre>
              </li>
            ))}
          </ol>
        )}
    </section>
  );
}
