/**
 * POST {apiBase}/poll/send. Resolves to what the page shows: { ok, text }, the server's JSON
 * answer on success, else the error it gave.
 */
export async function sendMessage(apiBase, to, message) {
  let response;
  try {
    response = await fetch(`${apiBase}/poll/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ to, message }),
    });
  } catch {
    return { ok: false, text: 'Cannot reach the server' };
  }
  const body = await response.text();
  if (response.ok) {
    return { ok: true, text: body };
  }
  let error;
  try {
    error = JSON.parse(body).error;
  } catch {
    error = undefined;
  }
  return { ok: false, text: `${response.status}: ${error ?? response.statusText}` };
}
