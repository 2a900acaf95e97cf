// Machines: state, what is allocated of what they offer, heartbeat age, drain and undrain.

import { api } from '../api.js';
import { may } from '../access.js';
import { h, swap, badge, bar, table } from '../dom.js';
import { bytes, cpu, duration } from '../format.js';

export default function machines(_params, _query, ctx) {
  const note = h('p', { class: 'muted' });
  const list = h('div', {}, h('p', { class: 'muted' }, 'loading…'));
  const node = h('section', { 'aria-labelledby': 'machines-title' },
    h('h1', { id: 'machines-title' }, 'Machines'), list, note);
  let last = '';

  async function refresh(cellPromise) {
    const [data, cell] = await Promise.all([api.machines(), cellPromise]);
    const json = JSON.stringify([data, cell.leader, cell.answeredBy]);
    if (json === last) return;
    last = json;
    const rows = data.map((m) => h('tr', { 'data-machine': m.id },
      h('th', { scope: 'row' }, m.id),
      h('td', { class: 'state' }, badge(m.state)),
      h('td', {}, h('span', { class: 'mono' }, m.address || '—'),
        h('div', { class: 'muted small' }, Object.entries(m.attributes).map(([k, v]) => `${k}=${v}`).join(' '))),
      h('td', { class: 'util' }, bar(`CPU allocated on ${m.id}`, m.allocated.cpuMillis, m.capacity.cpuMillis, cpu)),
      h('td', { class: 'util' }, bar(`RAM allocated on ${m.id}`, m.allocated.ramBytes, m.capacity.ramBytes, bytes)),
      h('td', { class: 'small' }, `${bytes(m.allocated.diskBytes)} / ${bytes(m.capacity.diskBytes)}`),
      h('td', { class: 'small' }, m.runtimes.join(', ') || '—'),
      h('td', { class: 'num' }, heartbeat(m.heartbeatAgeMillis)),
      h('td', {}, action(m, ctx))));
    swap(list, table({
      id: 'machines', className: 'machines',
      caption: summary(data),
      head: ['Machine', 'State', 'Address', 'CPU allocated', 'RAM allocated', 'Disk', 'Runtimes', ['Heartbeat', 'num'],
        ['Action', 'visually-hidden']],
      rows, empty: 'No machines have registered. Start a Borglet.',
    }));
    const leader = cell.replicas.find((r) => r.id === cell.leader);
    const unknownAges = data.some((m) => m.heartbeatAgeMillis == null && m.state !== 'down');
    swap(note, !unknownAges || cell.leader === cell.answeredBy || !leader ? ''
      : h('span', {}, 'Heartbeat ages (—) are kept by the leader only; see them on ',
        h('a', { href: `${leader.http}/#/machines` }, `the leader's page (${leader.id})`), '.'));
  }

  return { title: 'Machines', node, refresh };
}

function summary(data) {
  const by = (s) => data.filter((m) => m.state === s).length;
  return `${data.length} machine${data.length === 1 ? '' : 's'}: ${by('up')} up, ${by('draining')} draining, `
    + `${by('down')} down`;
}

function heartbeat(ms) {
  if (ms == null) return h('span', { class: 'muted', title: 'known on the leader only' }, '—');
  return `${duration(ms)} ago`;
}

function action(m, ctx) {
  if (m.state === 'down' || !may('drain_machine')) return null;
  const draining = m.state === 'draining';
  return h('button', {
    type: 'button', class: draining ? '' : 'secondary', 'data-key': `drain-${m.id}`,
    'aria-label': `${draining ? 'Undrain' : 'Drain'} ${m.id}`,
    title: draining ? 'Let the scheduler place tasks here again' : 'Place no new tasks here and move its tasks off',
    onclick: (e) => {
      e.currentTarget.disabled = true;
      ctx.act(() => (draining ? api.undrain(m.id) : api.drain(m.id)));
    },
  }, draining ? 'Undrain' : 'Drain');
}
