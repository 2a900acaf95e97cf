// Building and replacing DOM without a framework.

/**
 * h('a', {href: '#/jobs', class: 'x'}, 'text', child, [more]) — an element. Attributes named
 * on* become listeners; false/null/undefined attributes and children are left out.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value == null) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/**
 * Replaces the children of container, keeping keyboard focus on the element with the same
 * data-key (a refresh every 2 s must not throw the user's focus away).
 */
export function swap(container, ...children) {
  const active = document.activeElement;
  const key = container.contains(active) ? active.closest('[data-key]')?.dataset.key : null;
  container.replaceChildren();
  append(container, children);
  if (key) container.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
}

/** A state as a coloured badge; the word is always there, colour only repeats it. */
export function badge(state) {
  return h('span', { class: `badge s-${state ?? 'unknown'}` }, state ?? 'unknown');
}

/** A utilization bar: used of total, with the numbers beside it for those who do not see it. */
export function bar(label, used, total, format) {
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  const level = pct >= 90 ? 'high' : pct >= 70 ? 'mid' : 'low';
  const text = `${format(used)} / ${format(total)}`;
  return h('div', { class: 'bar-row' },
    h('div', {
      class: `bar ${level}`, role: 'meter', 'aria-label': label,
      'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': pct, 'aria-valuetext': `${pct}% (${text})`,
    }, h('span', { style: `width:${pct}%` })),
    h('span', { class: 'bar-text' }, text, h('span', { class: 'pct' }, ` ${pct}%`)));
}

/**
 * A table with a caption and header cells; rows are <tr> elements or arrays of cells. A head
 * cell given as [label, className] gets that class ('num' aligns it with numbers).
 */
export function table({ id, caption, head, rows, empty, className }) {
  const body = rows.length
    ? rows
    : [h('tr', {}, h('td', { colspan: head.length, class: 'empty' }, empty ?? 'nothing here'))];
  return h('table', { id, class: className },
    caption && h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((c) => (Array.isArray(c)
      ? h('th', { scope: 'col', class: c[1] }, c[0]) : h('th', { scope: 'col' }, c))))),
    h('tbody', {}, body.map((r) => (Array.isArray(r) ? h('tr', {}, r.map((c) => h('td', {}, c))) : r))));
}

/** A definition list from [term, value] pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
