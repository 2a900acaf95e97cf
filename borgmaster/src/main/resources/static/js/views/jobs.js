// Every job with its state and task counts; filters by state and band kept in the URL.

import { api } from '../api.js';
import { h, swap, badge, table } from '../dom.js';
import { count, when, fullTime } from '../format.js';

const STATES = ['running', 'succeeded', 'finished', 'killed'];
const BANDS = ['monitoring', 'production', 'batch', 'best-effort'];
// The order task states are listed in a job's row: what needs attention first.
const TASK_ORDER = ['pending', 'assigned', 'running', 'failed', 'lost', 'killed', 'succeeded'];

export default function jobs(_params, query, ctx) {
  const filters = { state: query.get('state') ?? '', band: query.get('band') ?? '' };
  const list = h('div', {}, h('p', { class: 'muted' }, 'loading…'));
  const select = (name, label, options) => h('label', {},
    `${label} `,
    h('select', { name, 'data-key': `filter-${name}`, onchange: (e) => {
      filters[name] = e.target.value;
      ctx.setQuery(filters);
      ctx.refresh();
    } },
    h('option', { value: '' }, 'any'),
    options.map((o) => h('option', { value: o, selected: o === filters[name] }, o.replace('_', ' ')))));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter jobs',
    onsubmit: (e) => e.preventDefault() },
  select('state', 'State', STATES), select('band', 'Band', BANDS));
  const node = h('section', { 'aria-labelledby': 'jobs-title' },
    h('h1', { id: 'jobs-title' }, 'Jobs'), form, list);
  let last = '';

  async function refresh() {
    const data = await api.jobs(filters);
    const json = JSON.stringify([filters, data]);
    if (json === last) return;
    last = json;
    const rows = data.map((j) => h('tr', { 'data-job': j.name },
      h('th', { scope: 'row' }, h('a', { href: `#/jobs/${encodeURIComponent(j.name)}`, 'data-key': `job-${j.name}` },
        j.name)),
      h('td', {}, badge(j.state)),
      h('td', {}, j.user),
      h('td', {}, `${j.band.replace('_', ' ')} `, h('span', { class: 'muted' }, `(${j.priority})`)),
      h('td', { class: 'num' }, count(j.tasks)),
      h('td', {}, taskCounts(j.tasksByState)),
      h('td', { title: fullTime(j.submittedMillis) }, when(j.submittedMillis))));
    const any = filters.state || filters.band;
    swap(list, table({
      id: 'jobs', caption: `${data.length} job${data.length === 1 ? '' : 's'}${any ? ' matching the filters' : ''}`,
      head: ['Job', 'State', 'User', 'Band (priority)', ['Tasks', 'num'], 'Tasks by state', 'Submitted'], rows,
      empty: any ? 'No job matches these filters.' : 'No jobs yet. Submit one with borg job run FILE.',
    }));
  }

  return { title: 'Jobs', node, refresh };
}

export function taskCounts(byState) {
  const states = Object.keys(byState).sort((a, b) => TASK_ORDER.indexOf(a) - TASK_ORDER.indexOf(b));
  return h('span', { class: 'counts' }, states.map((s) => h('span', { class: `count s-${s}` },
    h('b', {}, count(byState[s])), ` ${s}`)));
}
