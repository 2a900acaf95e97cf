// What the caller may do, as the replica said at GET /api/v1/whoami: the UI offers only those
// buttons. The replica still checks every call; this only keeps refusals off the screen.

let me = { checked: false, actions: [], actsForAnyone: true };

export function setCaller(caller) {
  me = caller;
}

export function caller() {
  return me;
}

/** Whether the caller may do `action` (`kill_job`), on a thing of `owner`'s if it is owned. */
export function may(action, owner) {
  if (!me.checked) return true;
  if (!me.actions.includes(action)) return false;
  return owner === undefined || me.actsForAnyone || me.name === owner;
}
