// The admin page: the bots (links to their settings editor), agents, presence and sign-in lockouts, with Unlock.
import { el, fill, byId } from './dom.js';
import { get, post, useAntiforgery, ProblemError } from './api.js';

async function render() {
  const agents = await get('/api/inbox/admin/agents');
  fill(byId('admin-agents'), agents.map((a) => {
    const locked = a.lockedUntil && Date.parse(a.lockedUntil) > Date.now();
    const unlock = el('button', { type: 'button', disabled: !locked && a.failedSignIns === 0 }, `Unlock ${a.displayName}`);
    unlock.addEventListener('click', async () => {
      try {
        await post(`/api/inbox/admin/agents/${encodeURIComponent(a.id)}/unlock`);
        await render();
      } catch (e) {
        byId('admin-error').textContent = e instanceof ProblemError ? e.message : 'Could not unlock.';
      }
    });
    return el('tr', { dataset: { agent: a.id } },
      el('th', { scope: 'row' }, a.displayName),
      el('td', null, a.role),
      el('td', null, a.online ? 'online' : 'away'),
      el('td', null, String(a.failedSignIns)),
      el('td', null, locked ? new Date(a.lockedUntil).toLocaleTimeString() : '—'),
      el('td', null, unlock));
  }));
}

async function renderBots() {
  const bots = await get('/api/admin/bots');
  fill(byId('admin-bots'), bots.length === 0
    ? el('li', { class: 'muted' }, 'No bot has a settings file yet.')
    : bots.map((b) => el('li', null, el('a', { href: b.editor }, `${b.displayName || b.id} (${b.id})`), el('span', { class: 'muted' }, ` ${b.file}`))));
}

async function main() {
  const session = await get('/api/inbox/session');
  useAntiforgery(session.antiforgeryHeader, session.antiforgeryToken);
  await Promise.all([render(), renderBots()]);
}

main();
