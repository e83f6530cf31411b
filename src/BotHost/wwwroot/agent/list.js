// The list pane: tabs with counts, search, rows (shopper, channel, last message, age, badge), online agents.
import { el, fill, byId, age } from './dom.js';

const whoWrote = {
  shopper: () => 'Shopper',
  ai: () => 'AI',
  human: (m) => m.agentName || 'Agent',
  system: () => 'Notice'
};

export function shopperLabel(name, shopperId) {
  return name && name.trim() ? name : `Shopper ${String(shopperId).slice(-6)}`;
}

export function renderCounts(counts) {
  for (const node of document.querySelectorAll('[data-count]')) {
    const value = counts[node.dataset.count] ?? 0;
    node.textContent = String(value);
    node.dataset.zero = String(value === 0);
  }
  const waiting = counts.waiting || 0;
  document.title = waiting > 0 ? `(${waiting}) Inbox · Handover` : 'Inbox · Handover';
}

export function renderTabs(active) {
  for (const tab of document.querySelectorAll('[role=tab][data-tab]')) {
    const selected = tab.dataset.tab === active;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected) byId('conversation-list').setAttribute('aria-labelledby', tab.id);
  }
}

export function renderRows(items, currentId, onOpen) {
  const list = byId('conversation-list');
  fill(list, items.map((item) => {
    const last = item.lastMessage;
    const link = el('a', {
      class: 'row',
      href: `/inbox/conversations/${encodeURIComponent(item.id)}`,
      dataset: { id: item.id, controller: item.controller, status: item.status },
      'aria-current': item.id === currentId ? 'true' : null
    },
    el('span', { class: 'row__top' },
      el('span', { class: 'row__name' }, shopperLabel(item.shopperName, item.shopperId)),
      el('span', { class: `badge badge--${item.badge.kind}` }, item.badge.label)),
    el('span', { class: 'row__last' }, last ? `${(whoWrote[last.role] || whoWrote.system)(last)}: ${last.text}` : ''),
    el('span', { class: 'row__meta' },
      el('span', { class: 'row__channel' }, item.channel),
      el('time', { datetime: item.lastMessageAt, dataset: { age: item.lastMessageAt } }, age(item.lastMessageAt))));
    link.addEventListener('click', (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      onOpen(item.id);
    });
    return el('li', null, link);
  }));
  byId('list-empty').hidden = items.length > 0;
}

/** Keeps the "5 min" ages true without asking the server. */
export function refreshAges() {
  for (const node of document.querySelectorAll('time[data-age]')) node.textContent = age(node.dataset.age);
}

export function renderOnline(agents) {
  const online = agents.filter((a) => a.online);
  fill(byId('online-agents'), online.length
    ? online.map((a) => el('li', { class: 'online__agent', dataset: { agent: a.id } }, el('span', { class: 'dot', 'aria-hidden': 'true' }), a.displayName))
    : el('li', { class: 'muted' }, 'Nobody is online.'));
}
