// Signing in with an access token, for a browser without a client certificate of the cell.
// Shown instead of the page when the replica does not know who is asking.

import { api, session } from '../api.js';
import { h, swap } from '../dom.js';

/** The sign-in form; `done(caller)` is called once the replica accepts the token. */
export default function login(reason, done) {
  const problem = h('p', { class: 'bad', id: 'login-problem', role: 'alert' });
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false',
    required: true, placeholder: 'borg_tk…', 'aria-describedby': 'login-help' });
  const form = h('form', { class: 'card stack', id: 'login' },
    h('label', { for: 'token' }, 'Access token'), input,
    h('button', { type: 'submit' }, 'Sign in'), problem);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    session.signIn(input.value);
    try {
      done(await api.whoami());
    } catch (err) {
      session.signOut();
      swap(problem, err.message);
      input.select();
    }
  });
  const node = h('section', { 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Sign in'),
    h('p', { id: 'login-help' }, 'This replica answers callers it can name: a browser holding a client certificate ',
      'of the cell, or one signed in with an access token an admin issued (',
      h('code', {}, 'borg token issue NAME'), ').'),
    reason && h('p', { class: 'muted' }, `The replica said: ${reason}`),
    form);
  return { title: 'Sign in', node, focus: () => input.focus() };
}
