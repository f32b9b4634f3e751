import { useState } from 'react';
import { kindOf, messageFromText } from './messageText.js';
import { sendMessage } from './sendMessage.js';

/** Sends a message to any client with POST /poll/send, and shows what the server answered. */
export default function SendForm({ apiBase, defaultTo }) {
  const [to, setTo] = useState(defaultTo);
  const [text, setText] = useState('hello');
  const [answer, setAnswer] = useState(null);
  const [sending, setSending] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    setSending(true);
    setAnswer(await sendMessage(apiBase, to, messageFromText(text)));
    setSending(false);
  };

  return (
    <form className="send" onSubmit={submit} aria-label="Send a message">
      <h2>Send</h2>
      <label htmlFor="send-to">To</label>
      <input id="send-to" value={to} onChange={(event) => setTo(event.target.value)} spellCheck={false} />
      <label htmlFor="send-message">Message</label>
      <textarea id="send-message" value={text} rows={3} onChange={(event) => setText(event.target.value)} />
      <p className="hint">
        Sent as {kindOf(messageFromText(text))}: valid JSON is sent as that value, anything else as text.
      </p>
      <button type="submit" disabled={sending}>Send</button>
      {answer && (
        <p className={answer.ok ? 'answer ok' : 'answer error'} role="status" data-testid="send-answer">
          {answer.ok ? `Sent: ${answer.text}` : `Not sent: ${answer.text}`}
        </p>
      )}
    </form>
  );
}
