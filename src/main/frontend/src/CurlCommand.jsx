import { useState } from 'react';

/** A terminal command that sends to this page, to see a message from outside arrive live. */
export default function CurlCommand({ apiBase, clientId }) {
  const [copied, setCopied] = useState(false);
  const body = JSON.stringify({ to: clientId, message: 'hello from curl' });
  const command = `curl -X POST ${apiBase}/poll/send -H 'Content-Type: application/json' -d '${body}'`;

  const copy = async () => {
    await navigator.clipboard.writeText(command);
    setCopied(true);
  };

  return (
    <section className="curl" aria-label="Send from a terminal">
      <h2>Send from a terminal</h2>
      <pre data-testid="curl-command">{command}</pre>
      {/* The clipboard API exists only on secure pages (https, localhost); elsewhere select the text. */}
      {navigator.clipboard && <button type="button" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>}
    </section>
  );
}
