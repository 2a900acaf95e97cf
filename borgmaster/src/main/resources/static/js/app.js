// The page: hash routes to views, one refresh every 2 s while the tab is visible, the header's
// view of the cell, and API problems shown where people see them.

import { api } from './api.js';
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
window.addEventListener('hashchange', () => mount(true));
document.querySelector('[data-skip]').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
mount(false);
