// The cell at a glance: who leads, the replicas, machines and tasks by state, capacity in use.

import { h, swap, badge, bar, table } from '../dom.js';
import { bytes, cpu, count } from '../format.js';

const BANDS = ['monitoring', 'production', 'batch', 'best-effort'];
const sum = (byBand) => Object.values(byBand ?? {}).reduce((n, k) => n + k, 0);

export default function overview() {
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, 'loading…'));
  const node = h('section', { 'aria-labelledby': 'overview-title' },
    h('h1', { id: 'overview-title' }, 'Cell overview'), body);
  let last = '';

  async function refresh(cellPromise) {
    const cell = await cellPromise;
    const json = JSON.stringify(cell);
    if (json === last) return;
    last = json;
    swap(body, tiles(cell), capacity(cell), tasks(cell), replicas(cell));
  }

  return { title: 'Overview', node, refresh };
}

function tiles(cell) {
  const m = cell.machines;
  const pending = sum(cell.tasks.pending);
  const running = sum(cell.tasks.running);
  const total = Object.values(cell.tasks).reduce((n, byBand) => n + sum(byBand), 0);
  const tile = (label, value, note, id) => h('div', { class: 'tile', id },
    h('span', { class: 'tile-label' }, label), h('span', { class: 'tile-value' }, value),
    note && h('span', { class: 'tile-note' }, note));
  return h('div', { class: 'tiles' },
    tile('Leader', cell.leader ?? 'none', `term ${cell.term}`, 'tile-leader'),
    tile('Replicas', count(cell.replicas.length),
      `${cell.replicas.filter((r) => r.role !== 'unreachable').length} reachable`),
    tile('Machines', count(m.up + m.draining + m.down),
      h('span', {}, `${m.up} up · `, h('span', { class: m.draining ? 'warn' : '' }, `${m.draining} draining`),
        ' · ', h('span', { class: m.down ? 'bad' : '' }, `${m.down} down`))),
    tile('Jobs', h('a', { href: '#/jobs' }, count(cell.jobs)), null),
    tile('Tasks', count(total), h('span', {}, `${running} running · `,
      h('span', { class: pending ? 'warn' : '' }, `${pending} pending`))));
}

function capacity(cell) {
  const c = cell.capacity;
  const a = cell.allocated;
  return h('section', { class: 'card', 'aria-labelledby': 'cap-title' },
    h('h2', { id: 'cap-title' }, 'Capacity allocated'),
    h('p', { class: 'muted' }, 'Resources requested by placed tasks, of what up and draining machines offer.'),
    h('div', { class: 'bars' },
      h('span', { class: 'bar-label' }, 'CPU'), bar('CPU allocated', a.cpuMillis, c.cpuMillis, cpu),
      h('span', { class: 'bar-label' }, 'RAM'), bar('RAM allocated', a.ramBytes, c.ramBytes, bytes),
      h('span', { class: 'bar-label' }, 'Disk'), bar('Disk allocated', a.diskBytes, c.diskBytes, bytes),
      c.ports > 0 && [h('span', { class: 'bar-label' }, 'Ports'), bar('Ports allocated', a.ports, c.ports, count)]));
}

function tasks(cell) {
  const totals = Object.entries(cell.tasks)
    .map(([state, byBand]) => [state, byBand, sum(byBand)]);
  // States no task is in are left out: the table answers "where are my tasks".
  const rows = totals.filter(([, , total]) => total > 0).map(([state, byBand, total]) => h('tr', {},
    h('th', { scope: 'row' }, badge(state)),
    BANDS.map((b) => h('td', { class: byBand[b] ? 'num' : 'num zero' }, count(byBand[b] ?? 0))),
    h('td', { class: 'num total' }, count(total))));
  return h('section', { class: 'card', 'aria-labelledby': 'tasks-title' },
    h('h2', { id: 'tasks-title' }, 'Tasks by state and band'),
    table({ id: 'tasks-by-state', rows,
      head: ['State', ...BANDS.map((b) => [b.replace('_', ' '), 'num']), ['Total', 'num']],
      empty: 'No tasks in the cell.', className: 'matrix' }));
}

function replicas(cell) {
  const rows = cell.replicas.map((r) => h('tr', { 'data-replica': r.id },
    h('th', { scope: 'row' }, r.id, r.id === cell.answeredBy ? h('span', { class: 'muted' }, ' (this page)') : ''),
    h('td', {}, badge(r.role)),
    h('td', {}, h('a', { href: r.http }, r.http)),
    h('td', { class: 'mono' }, r.grpc),
    h('td', { class: 'mono' }, r.raft)));
  return h('section', { class: 'card', 'aria-labelledby': 'replicas-title' },
    h('h2', { id: 'replicas-title' }, 'BorgMaster replicas'),
    table({ id: 'replicas', head: ['Replica', 'Role', 'Web UI', 'gRPC', 'Raft'], rows }));
}
