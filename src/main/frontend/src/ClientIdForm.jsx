import { useState } from 'react';
import { isValidClientId, newClientId } from './clientId.js';

/** Shows the client id this page receives as, and lets the user pick another or a fresh one. */
export default function ClientIdForm({ clientId, onChange }) {
  const [draft, setDraft] = useState(clientId);
  const valid = isValidClientId(draft);

  const submit = (event) => {
    event.preventDefault();
    if (valid) {
      onChange(draft);
    }
  };
  const generate = () => {
    const fresh = newClientId();
    setDraft(fresh);
    onChange(fresh);
  };

  return (
    <form className="client-id" onSubmit={submit} aria-label="Client id">
      <label htmlFor="client-id">Receiving as</label>
      <input id="client-id" value={draft} onChange={(event) => setDraft(event.target.value)}
             aria-invalid={!valid} spellCheck={false} />
      <button type="submit" disabled={!valid || draft === clientId}>Use</button>
      <button type="button" onClick={generate}>New id</button>
      {!valid && <p className="hint error">1 to 128 characters of A-Z a-z 0-9 . _ : -</p>}
    </form>
  );
}
