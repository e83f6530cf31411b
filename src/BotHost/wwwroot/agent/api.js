// Same-origin calls to the agent API and the inbox API, with the sign-in cookie and the antiforgery header.

export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

let antiforgery = null;

export function useAntiforgery(header, token) {
  antiforgery = { header, token };
}

function toSignIn() {
  location.assign(`/login?returnUrl=${encodeURIComponent(location.pathname + location.search)}`);
}

export async function request(method, url, body, extraHeaders) {
  return send(method, url, body === undefined ? undefined : JSON.stringify(body), 'application/json', { extraHeaders });
}

/** A request with a body that is already text (`contentType` says what it is, e.g. application/yaml). */
export async function send(method, url, text, contentType, { keepalive = false, extraHeaders = {} } = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  if (text !== undefined) headers['Content-Type'] = contentType;
  if (method !== 'GET' && antiforgery) headers[antiforgery.header] = antiforgery.token;
  const response = await fetch(url, {
    method,
    headers,
    body: text,
    credentials: 'same-origin',
    redirect: 'manual',
    keepalive
  });
  if (response.status === 401 || response.type === 'opaqueredirect') {
    toSignIn();
    throw new ProblemError(401, { title: 'Sign in required.' });
  }
  const type = response.headers.get('content-type') || '';
  const payload = type.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ProblemError(response.status, payload);
  return payload;
}

export const get = (url) => request('GET', url);
export const post = (url, body, headers) => request('POST', url, body, headers);
export const put = (url, body) => request('PUT', url, body);
export const del = (url) => request('DELETE', url);

// A random key for the Idempotency-Key header. randomUUID needs a secure context; getRandomValues does not.
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function signOut() {
  const headers = antiforgery ? { [antiforgery.header]: antiforgery.token } : {};
  // The answer is a redirect to /login either way (or the session had already ended).
  await fetch('/logout', { method: 'POST', headers, credentials: 'same-origin', redirect: 'manual' }).catch(() => null);
  location.assign('/login');
}
