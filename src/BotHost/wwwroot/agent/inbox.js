// The agent inbox: list and conversation view on one page, kept live over SignalR.
import { byId } from './dom.js';
import { get, put, signOut, useAntiforgery, ProblemError } from './api.js';
import { renderCounts, renderTabs, renderRows, renderOnline, refreshAges, shopperLabel } from './list.js';
import { createConversationView } from './conversation.js';
import { connect } from './live.js';
import { notice, askPermission, canAskPermission, unlockSound } from './notify.js';

const conversationPath = /^\/inbox\/conversations\/([^/]+)$/;

async function main() {
  const session = await get('/api/inbox/session');
  useAntiforgery(session.antiforgeryHeader, session.antiforgeryToken);
  const me = session.agent;
  document.body.dataset.agent = me.id;
  document.body.dataset.planIncludesHandover = String(session.planIncludesHandover);
  byId('me-name').textContent = `${me.displayName} (${me.role})`;
  byId('admin-link').hidden = me.role !== 'admin';

  let tab = sessionStorage.getItem('inbox.tab') || 'open';
  let query = '';
  let listTicket = 0;

  const conversation = createConversationView({ session, onAfterAction: () => refreshList() });

  async function refreshList() {
    const ticket = ++listTicket;
    const params = new URLSearchParams({ tab });
    if (query) params.set('q', query);
    const data = await get(`/api/inbox/conversations?${params}`);
    if (ticket !== listTicket) return;
    renderCounts(data.counts);
    renderTabs(tab);
    renderRows(data.items, conversation.currentId, openConversation);
  }

  // Several changes in a burst (a message and its reply) cost one reload.
  const debounced = (action, ms) => {
    let timer = 0;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(() => action().catch(() => {}), ms);
    };
  };
  const scheduleList = debounced(refreshList, 150);
  const scheduleConversation = debounced(() => conversation.refresh(), 100);

  function openConversation(id, { push = true } = {}) {
    if (push) history.pushState({ id }, '', `/inbox/conversations/${encodeURIComponent(id)}`);
    for (const row of document.querySelectorAll('.row')) row.toggleAttribute('aria-current', row.dataset.id === id);
    return conversation.show(id);
  }

  function route() {
    const match = conversationPath.exec(location.pathname);
    if (match) openConversation(decodeURIComponent(match[1]), { push: false });
    else conversation.hide();
  }

  window.addEventListener('popstate', route);
  byId('back').addEventListener('click', () => {
    history.pushState({}, '', '/inbox');
    conversation.hide();
    scheduleList();
  });

  for (const button of document.querySelectorAll('[role=tab][data-tab]')) {
    button.addEventListener('click', () => {
      tab = button.dataset.tab;
      sessionStorage.setItem('inbox.tab', tab);
      renderTabs(tab);
      refreshList().catch(() => {});
    });
    // Arrow keys move between tabs, as in any tab list.
    button.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
      const tabs = [...document.querySelectorAll('[role=tab][data-tab]')];
      const next = tabs[(tabs.indexOf(button) + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      next.click();
    });
  }

  const search = byId('search');
  const searchSoon = debounced(refreshList, 250);
  search.addEventListener('input', () => {
    query = search.value.trim();
    searchSoon();
  });
  byId('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    query = search.value.trim();
    refreshList().catch(() => {});
  });

  // Presence: online agents hear of every conversation that needs someone.
  const presence = byId('presence');
  presence.value = me.online ? 'online' : 'away';
  presence.addEventListener('change', async () => {
    const updated = await put('/api/inbox/me/presence', { online: presence.value === 'online' });
    me.online = updated.online;
  });
  const agentNames = {};
  const showAgents = (agents) => {
    for (const a of agents) agentNames[a.id] = a.displayName;
    renderOnline(agents);
  };
  showAgents(await get('/api/agents'));

  const notifyButton = byId('notify-enable');
  notifyButton.hidden = !canAskPermission();
  notifyButton.addEventListener('click', async () => {
    await askPermission();
    notifyButton.hidden = !canAskPermission();
  });
  document.addEventListener('click', unlockSound, { once: true });

  const prefsDialog = byId('prefs-dialog');
  byId('prefs-open').addEventListener('click', async () => {
    const prefs = await get('/api/inbox/me/preferences');
    byId('pref-assigned').checked = prefs.whenAssignedToMe;
    byId('pref-task').checked = prefs.whenTaskAssignedToMe;
    byId('prefs-error').textContent = '';
    prefsDialog.showModal();
  });
  byId('prefs-cancel').addEventListener('click', () => prefsDialog.close());
  byId('prefs-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await put('/api/inbox/me/preferences', { whenAssignedToMe: byId('pref-assigned').checked, whenTaskAssignedToMe: byId('pref-task').checked });
      prefsDialog.close();
    } catch (e) {
      byId('prefs-error').textContent = e instanceof ProblemError ? e.message : 'Could not save.';
    }
  });

  byId('sign-out').addEventListener('click', signOut);

  const toasts = byId('toasts');
  const liveStatus = byId('live-status');
  connect({
    onChanged: (id) => {
      scheduleList();
      if (id === conversation.currentId) scheduleConversation();
    },
    onNeedsYou: (n) => {
      if (!me.online) return;
      notice(toasts, {
        kind: 'waiting', title: 'A conversation needs you', body: shopperLabel(n.shopperName, n.shopperId),
        onOpen: () => openConversation(n.conversationId)
      });
    },
    onAssigned: (n) => notice(toasts, {
      kind: 'assigned', title: `Assigned to you${n.by ? ` by ${agentNames[n.by] || n.by}` : ''}`,
      body: n.note ? `Note: ${n.note}` : shopperLabel(n.shopperName, n.shopperId),
      onOpen: () => openConversation(n.conversationId)
    }),
    onPresence: showAgents,
    onState: (state, text) => {
      liveStatus.textContent = text;
      liveStatus.className = `live live--${state}`;
      document.body.dataset.live = state;
      // Whatever changed while the connection was down, fetch it now.
      if (state === 'on') {
        scheduleList();
        scheduleConversation();
      }
    }
  });

  setInterval(refreshAges, 30000);
  renderTabs(tab);
  route();
  await refreshList();
}

main().catch((e) => {
  if (!(e instanceof ProblemError && e.status === 401)) {
    byId('live-status').textContent = 'The inbox could not load. Reload the page.';
    throw e;
  }
});
