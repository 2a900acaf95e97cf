// The Raft group as this replica sees it: its indices, the members and their roles.

import { api } from '../api.js';
import { may } from '../access.js';
import { h, swap, badge, table, facts } from '../dom.js';
import { count } from '../format.js';

export default function raft(_params, _query, ctx) {
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, 'loading…'));
  const node = h('section', { 'aria-labelledby': 'raft-title' },
    h('h1', { id: 'raft-title' }, 'Raft replicas'), body);
  let last = '';

  async function refresh(cellPromise) {
    const [r, cell] = await Promise.all([api.raft(), cellPromise]);
    const json = JSON.stringify([r, cell.replicas]);
    if (json === last) return;
    last = json;
    const http = new Map(cell.replicas.map((p) => [p.id, p]));
    const self = h('section', { class: 'card', 'aria-labelledby': 'self-title' },
      h('div', { class: 'title-row' },
        h('h2', { id: 'self-title' }, `This replica: ${r.id} `, badge(r.role)),
        may('administer_raft') && h('button', { type: 'button', class: 'secondary', 'data-key': 'snapshot',
          onclick: () => ctx.act(() => api.snapshot()) }, `Take a snapshot on ${r.id}`)),
      facts([
        ['Term', count(r.term)],
        ['Leader', r.leader ?? h('strong', { class: 'bad' }, 'none')],
        ['Commit index', count(r.commitIndex)],
        ['Applied index', count(r.appliedIndex)],
        ['Apply lag', h('span', { class: r.commitIndex - r.appliedIndex > 100 ? 'warn' : '' },
          `${count(Math.max(0, r.commitIndex - r.appliedIndex))} entries`)],
        ['Last snapshot index', r.lastSnapshotIndex < 0 ? 'none yet' : count(r.lastSnapshotIndex)],
        ['Log starts at', count(r.logStartIndex)],
      ]));
    const rows = Object.entries(r.members).map(([id, role]) => h('tr', { 'data-member': id },
      h('th', { scope: 'row' }, id, id === r.id ? h('span', { class: 'muted' }, ' (this page)') : ''),
      h('td', {}, badge(role)),
      h('td', {}, http.get(id) ? h('a', { href: http.get(id).http }, http.get(id).http) : '—'),
      h('td', { class: 'mono' }, http.get(id)?.raft ?? '—'),
      h('td', {}, role === 'leader' || !may('administer_raft') ? null : h('button', {
        type: 'button', class: 'secondary', 'data-key': `lead-${id}`,
        onclick: () => {
          if (window.confirm(`Hand leadership of the cell to ${id}?`)) ctx.act(() => api.transferLeadership(id));
        },
      }, `Make ${id} leader`))));
    swap(body, self, h('section', { class: 'card', 'aria-labelledby': 'members-title' },
      h('h2', { id: 'members-title' }, 'Members'),
      table({ id: 'members', head: ['Replica', 'Role', 'Web UI', 'Raft address', ['Action', 'visually-hidden']], rows })));
  }

  return { title: 'Raft', node, refresh };
}
