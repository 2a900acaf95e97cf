// The page: hash routes to views, one refresh every 2 s while the tab is visible, the header's
// view of the cell, and API problems shown where people see them.

import { api, session } from './api.js';
import { setCaller } from './access.js';
import login from './views/login.js';
import { h, swap } from './dom.js';
import overview from './views/overview.js';
import jobs from './views/jobs.js';
import job from './views/job.js';
import machines from './views/machines.js';
import raft from './views/raft.js';

const REFRESH_MS = 2000;

const ROUTES = [
  { pattern: /^$/, nav: 'overview', view: overview },
  { pattern: /^jobs$/, nav: 'jobs', view: jobs },
  { pattern: /^jobs\/([^/?]+)$/, nav: 'jobs', view: job },
  { pattern: /^machines$/, nav: 'machines', view: machines },
  { pattern: /^raft$/, nav: 'raft', view: raft },
];

const main = document.getElementById('main');
const status = document.getElementById('status');
const problemBox = document.getElementById('problem');
const refreshed = document.getElementById('refreshed');
const who = document.getElementById('who');

let current = null;      // the mounted view: {title, node, refresh(cellPromise)}
let timer = null;
let inFlight = null;
let wanted = false;      // a refresh was asked for while one was running
let refreshProblem = null;
let actionProblem = null;

function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, q = ''] = raw.split('?');
  const clean = path.replace(/\/+$/, '');
  for (const r of ROUTES) {
    const m = clean.match(r.pattern);
    if (m) return { ...r, params: m.slice(1).map(decodeURIComponent), query: new URLSearchParams(q) };
  }
  return null;
}

const ctx = {
  refresh: () => tick(),
  /** Runs a write; its problem stays on screen until dismissed or the next write. */
  async act(write) {
    actionProblem = null;
    showProblems();
    try {
      await write();
    } catch (e) {
      actionProblem = e;
    }
    await tick();
  },
  /** Rewrites the query of the current route without reloading the view (filters). */
  setQuery(params) {
    const [path] = location.hash.split('?');
    const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
    history.replaceState(null, '', q.size ? `${path}?${q}` : path);
  },
};

function mount(focus) {
  const r = route();
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (r && a.dataset.nav === r.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  current = r ? r.view(r.params, r.query, ctx)
    : { title: 'Not found', node: h('section', {}, h('h1', {}, 'No such page'),
      h('p', {}, 'Try the ', h('a', { href: '#/' }, 'overview'), '.')), refresh: async () => {} };
  document.title = `${current.title} · Borg cell`;
  swap(main, current.node);
  actionProblem = null;
  refreshProblem = null;
  showProblems();
  if (focus) main.focus({ preventScroll: true });
  tick();
}

async function tick() {
  clearTimeout(timer);
  if (!current) return;       // signed out: nothing to refresh until someone signs in
  if (inFlight) {
    wanted = true;
    return inFlight;
  }
  inFlight = refreshOnce();
  try {
    await inFlight;
  } finally {
    inFlight = null;
  }
  if (wanted) {
    wanted = false;
    return tick();
  }
  schedule();
}

async function refreshOnce() {
  const view = current;
  const cell = api.cell();
  const shown = cell.then(showCell, (e) => {
    swap(status, h('strong', { class: 'warn' }, 'this replica does not answer'));
    throw e;
  });
  const results = await Promise.allSettled([shown, view.refresh(cell)]);
  if (view !== current) return;
  refreshProblem = results.find((r) => r.status === 'rejected')?.reason ?? null;
  if (refreshProblem?.status === 401) {
    showLogin(refreshProblem.message);   // the token was revoked or ran out
    return;
  }
  showProblems();
  refreshed.textContent = `refreshed ${new Date().toLocaleTimeString('en-GB')}`;
}

function schedule() {
  clearTimeout(timer);
  if (document.visibilityState === 'visible') timer = setTimeout(tick, REFRESH_MS);
}

function showCell(cell) {
  const self = cell.replicas.find((r) => r.id === cell.answeredBy);
  swap(status,
    cell.leader ? h('span', {}, 'leader ', h('strong', {}, cell.leader))
      : h('strong', { class: 'warn' }, 'no leader'),
    ` · term ${cell.term} · this is ${cell.answeredBy}`,
    self ? ` (${self.role})` : '');
}

function showProblems() {
  const items = [];
  if (refreshProblem) items.push(problemLine(refreshProblem, null));
  if (actionProblem) {
    items.push(problemLine(actionProblem, h('button', {
      type: 'button', class: 'link', onclick: () => { actionProblem = null; showProblems(); },
    }, 'dismiss')));
  }
  problemBox.hidden = items.length === 0;
  swap(problemBox, items);
}

function problemLine(e, extra) {
  const title = e.status ? `${e.title ?? 'Error'} (${e.status})` : (e.title ?? 'Error');
  return h('p', {}, h('strong', {}, `${title}: `), h('span', { class: 'detail' }, e.message), extra && ' ', extra);
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') {
    tick();
  } else {
    clearTimeout(timer);
    refreshed.textContent = 'paused while this tab is hidden';
  }
});
window.addEventListener('hashchange', () => {
  if (current) mount(true);   // signed out: the form stays until someone signs in
});
document.querySelector('[data-skip]').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
/** Who the replica takes this page for: it decides which buttons are offered. */
function signedIn(me) {
  setCaller(me);
  swap(who, me.checked
    ? [h('span', {}, 'as ', h('strong', { id: 'caller' }, me.caller)),
      session.token() && [' · ', h('button', { type: 'button', class: 'link', id: 'sign-out',
        onclick: () => { session.signOut(); showLogin(null); } }, 'sign out')]]
    : h('span', { class: 'warn' }, 'no caller checked (insecure)'));
  mount(false);
}

function showLogin(reason) {
  clearTimeout(timer);
  current = null;
  setCaller({ checked: true, actions: [], actsForAnyone: false });
  swap(who);
  swap(status, 'not signed in');
  const form = login(reason, signedIn);
  document.title = `${form.title} · Borg cell`;
  swap(main, form.node);
  problemBox.hidden = true;
  form.focus();
}

// Until the replica says who we are, no button is offered.
setCaller({ checked: true, actions: [], actsForAnyone: false });
api.whoami().then(signedIn, (e) => {
  if (e.status === 401) showLogin(e.message);
  else mount(false);     // a replica that does not answer: the page says so as it refreshes
});
