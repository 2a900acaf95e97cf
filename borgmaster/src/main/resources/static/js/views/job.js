// One job: what it asks for, why its pending tasks are pending, and every task.

import { api, logsUrl, openLogs } from '../api.js';
import { may } from '../access.js';
import { h, swap, badge, table, facts } from '../dom.js';
import { bytes, cpu, duration, when, fullTime } from '../format.js';
import { taskCounts } from './jobs.js';

export default function job([name], _query, ctx) {
  const heading = h('h1', { id: 'job-title' }, 'Job ', h('span', { class: 'mono' }, name));
  const actions = h('div', { class: 'actions' });
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, 'loading…'));
  const node = h('section', { 'aria-labelledby': 'job-title' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/jobs' }, '← all jobs')),
    h('div', { class: 'title-row' }, heading, actions), body);
  let last = '';

  async function refresh() {
    const detail = await api.job(name);
    const why = detail.tasks.some((t) => t.state === 'pending') ? await api.why(name) : null;
    const json = JSON.stringify([detail, why]);
    if (json === last) return;
    last = json;
    const s = detail.summary;
    swap(actions, badge(s.state), s.state === 'running' && may('kill_job', s.user) && h('button', {
      type: 'button', class: 'danger', 'data-key': 'kill',
      onclick: () => {
        if (window.confirm(`Kill every task of job ${name}? This cannot be undone.`)) ctx.act(() => api.kill(name));
      },
    }, 'Kill job'));
    const reasons = new Map((why?.tasks ?? []).map((t) => [t.index, t.reason]));
    swap(body, whyPending(why), summary(detail), tasks(detail, reasons));
  }

  return { title: `Job ${name}`, node, refresh };
}

/** The reasons, grouped: a hundred tasks pending for one reason read as one line. */
function whyPending(why) {
  if (!why || why.pending === 0) return null;
  const groups = new Map();
  for (const t of why.tasks) groups.set(t.reason, [...(groups.get(t.reason) ?? []), t.index]);
  return h('section', { class: 'why', id: 'why-pending', 'aria-labelledby': 'why-title' },
    h('h2', { id: 'why-title' }, `Why ${why.pending} task${why.pending === 1 ? ' is' : 's are'} pending`),
    h('ul', {}, [...groups].map(([reason, indices]) => h('li', {},
      h('span', { class: 'why-tasks' }, `${indices.length === 1 ? 'task' : 'tasks'} ${ranges(indices)}`),
      h('span', { class: 'why-reason' }, reason)))),
    h('p', { class: 'muted' }, 'From a dry run of the scheduler on this replica\'s copy of the cell.'));
}

function summary(detail) {
  const s = detail.summary;
  const t = detail.template;
  const r = t.resources;
  const policy = t.restartPolicy === 'restart_policy_unspecified' ? 'never' : t.restartPolicy.replace('_', ' ');
  const restart = policy === 'never' ? 'never' : [
    policy,
    t.maxAttempts ? `at most ${t.maxAttempts} starts per machine` : 'default number of starts',
    t.backoffMillis ? `${duration(t.backoffMillis)} backoff, doubling` : null,
  ].filter(Boolean).join(', ');
  return h('section', { class: 'card', 'aria-labelledby': 'spec-title' },
    h('h2', { id: 'spec-title' }, 'Spec'),
    facts([
      ['User', s.user],
      ['Priority', `${s.priority} (${s.band.replace('_', ' ')})`],
      ['Tasks', h('span', {}, `${s.tasks} `, taskCounts(s.tasksByState))],
      ['Submitted', h('time', { datetime: fullTime(s.submittedMillis) }, when(s.submittedMillis))],
      ['Version', version(detail.version)],
      ['Command', h('code', {}, t.argv.join(' '))],
      ['Runtime', t.runtime],
      ['Per task', `${cpu(r.cpuMillis)} CPU · ${bytes(r.ramBytes)} RAM · ${bytes(r.diskBytes)} disk`
        + (r.ports ? ` · ${r.ports} ports` : '')],
      ['Restart', restart],
      t.liveness && ['Liveness', h('span', { id: 'liveness' }, check(t.liveness, 'restarted', 'healthy'))],
      t.readiness && ['Readiness', h('span', { id: 'readiness' }, check(t.readiness, 'not ready', 'ready'))],
      t.constraints.length > 0 && ['Constraints', t.constraints
        .map((c) => `${c.attribute} ${c.op.replace('_', ' ')} ${c.values.join(', ')}`).join('; ')],
      Object.keys(t.env).length > 0 && ['Environment', h('code', {},
        Object.entries(t.env).map(([k, v]) => `${k}=${v}`).join(' '))],
    ]));
}

/** "2 · update 1 → 2 rolling: replacing 3 of 6": the version, and where its last update stands. */
function version(v) {
  if (!v.rollout) {
    return String(v.current);
  }
  const r = v.rollout;
  return h('span', {}, `${v.current} · update ${r.fromVersion} → ${r.toVersion} `,
    h('span', { class: `state state-${r.state.replace('_', '-')}` }, r.state.replace('_', ' ')),
    r.message ? `: ${r.message}` : '');
}

/**
 * "GET /healthz on port web · every 10.0 s, timeout 1.0 s, restarted after 3 failures in a row":
 * a health check as the Borglet runs it, its defaults filled in (10 s, 1 s, 3, 1; types.proto).
 */
function check(c, failed, passed) {
  const inARow = (n, one, many) => (n === 1 ? `1 ${one}` : `${n} ${many} in a row`);
  const probe = c.probe === 'exec' ? h('code', {}, c.argv.join(' '))
    : c.probe === 'http' ? `GET ${c.path || '/'} on port ${c.port}`
      : `TCP connect to port ${c.port}`;
  const settings = [
    c.initialDelayMillis ? `first ${duration(c.initialDelayMillis)} after each start` : null,
    `every ${duration(c.intervalMillis || 10000)}`,
    `timeout ${duration(c.timeoutMillis || 1000)}`,
    `${failed} after ${inARow(c.failureThreshold || 3, 'failure', 'failures')}`,
    (c.successThreshold || 1) > 1 ? `${passed} again after ${inARow(c.successThreshold, 'pass', 'passes')}` : null,
  ].filter(Boolean).join(', ');
  return h('span', {}, probe, h('span', { class: 'muted' }, ` · ${settings}`));
}

/** A running task: ready or not, with its checks' word under it; a dash for any other state. */
function readiness(t) {
  if (t.state !== 'running') return h('span', { class: 'muted' }, '—');
  return h('span', {},
    t.ready ? h('span', { class: 'badge s-ready' }, 'ready') : h('span', { class: 'badge s-not-ready' }, 'not ready'),
    t.health && h('span', { class: 'health muted' }, t.health));
}

/** "480m of 500m": what a running task uses against what it asked for; a dash where not measured. */
function used(now, asked) {
  return now ? h('span', {}, now, h('span', { class: 'muted' }, ` of ${asked}`)) : h('span', { class: 'muted' }, '—');
}

function tasks(detail, reasons) {
  const r = detail.template.resources;
  const rows = detail.tasks.map((t) => h('tr', { 'data-task': t.index, class: t.state === 'pending' ? 'task waiting' : 'task' },
    h('th', { scope: 'row', class: 'num' }, t.index),
    h('td', {}, badge(t.state)),
    h('td', { class: 'ready' }, readiness(t)),
    h('td', {}, t.machine ? h('a', { href: '#/machines' }, t.machine) : h('span', { class: 'muted' }, '—')),
    h('td', { class: 'num' }, t.attempt),
    h('td', { class: 'num' }, t.restarts),
    h('td', { class: 'num' }, t.exitCode ?? h('span', { class: 'muted' }, '—')),
    h('td', { class: 'usage cpu' }, used(t.usage && cpu(t.usage.cpuMillicores), cpu(r.cpuMillis))),
    h('td', { class: 'usage memory', title: t.usage ? `peak ${bytes(t.usage.memoryPeakBytes)}` : '' },
      used(t.usage && bytes(t.usage.memoryBytes), bytes(r.ramBytes))),
    h('td', { class: 'message' }, reasons.has(t.index)
      ? h('span', { class: 'why-inline' }, reasons.get(t.index))
      : (t.message || h('span', { class: 'muted' }, '—'))),
    h('td', { title: fullTime(t.stateChangedMillis) }, when(t.stateChangedMillis)),
    h('td', { class: 'logs' },
      h('a', { href: logsUrl(t.job, t.index, 'stdout'), target: '_blank', rel: 'noopener',
        onclick: (e) => openLogs(e, logsUrl(t.job, t.index, 'stdout')),
        'aria-label': `stdout of task ${t.index}` }, 'stdout'),
      ' · ',
      h('a', { href: logsUrl(t.job, t.index, 'stderr'), target: '_blank', rel: 'noopener',
        onclick: (e) => openLogs(e, logsUrl(t.job, t.index, 'stderr')),
        'aria-label': `stderr of task ${t.index}` }, 'stderr'))));
  return h('section', { class: 'card', 'aria-labelledby': 'tasks-title' },
    h('h2', { id: 'tasks-title' }, 'Tasks'),
    table({ id: 'tasks', head: [['#', 'num'], 'State', 'Ready', 'Machine', ['Attempt', 'num'], ['Restarts', 'num'], ['Exit', 'num'],
      'CPU used', 'Memory used', 'Message / why pending',
      'Since', 'Logs'], rows }));
}

/** [0,1,2,5,7,8] → "0–2, 5, 7–8". */
function ranges(indices) {
  const sorted = [...indices].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(j === i ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j;
  }
  return out.join(', ');
}
