// The BorgMaster's REST API (/api/v1), as the UI calls it. Every refusal becomes an ApiError
// carrying the RFC 9457 problem's detail, which the page shows as it is.

const TIMEOUT_MS = 5000;
const TOKEN_KEY = 'borg.token';

/**
 * The access token this tab signed in with, if any (a browser with a client certificate of the
 * cell needs none). Kept for the tab's life only, and sent as a header: never a cookie, so no
 * other site's page can make the browser send it.
 */
export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token.trim()),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

function headers(extra) {
  const token = session.token();
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
  }
}

async function call(method, path, body) {
  let response;
  try {
    response = await fetch(`api/v1${path}`, {
      method,
      headers: headers(body === undefined ? { Accept: 'application/json' }
        : { Accept: 'application/json', 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const why = e.name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS / 1000} s` : e.message;
    throw new ApiError(0, 'unreachable', `cannot reach this BorgMaster replica: ${why}`);
  }
  const type = response.headers.get('Content-Type') || '';
  const json = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, json?.title || response.statusText,
      json?.detail || `${method} ${path} answered HTTP ${response.status}`);
  }
  return json;
}

const seg = encodeURIComponent;

function query(params) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  return q.size ? `?${q}` : '';
}

export const api = {
  cell: () => call('GET', '/cell'),
  whoami: () => call('GET', '/whoami'),
  raft: () => call('GET', '/raft'),
  machines: (state) => call('GET', `/machines${query({ state })}`),
  drain: (id) => call('POST', `/machines/${seg(id)}/drain`),
  undrain: (id) => call('POST', `/machines/${seg(id)}/undrain`),
  jobs: (filters) => call('GET', `/jobs${query(filters)}`),
  job: (name) => call('GET', `/jobs/${seg(name)}`),
  why: (name) => call('GET', `/jobs/${seg(name)}/why`),
  kill: (name) => call('POST', `/jobs/${seg(name)}/kill`),
  snapshot: () => call('POST', '/raft/snapshot'),
  transferLeadership: (replica) => call('POST', '/raft/leader', { replica }),
};

/** Where a task's log tail is served (text/plain); the page links to it. */
export function logsUrl(job, index, stream) {
  return `api/v1/jobs/${seg(job)}/tasks/${index}/logs?stream=${stream}&tail=65536`;
}

/**
 * Opens a log link. A certificate goes with a plain link; a token does not, so with one the
 * page fetches the text itself and opens it in a new tab.
 */
export async function openLogs(event, url) {
  if (!session.token()) return;
  event.preventDefault();
  const tab = window.open('', '_blank');
  const response = await fetch(url, { headers: headers({ Accept: 'text/plain' }) });
  const text = await response.text();
  if (tab) tab.location = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
}
