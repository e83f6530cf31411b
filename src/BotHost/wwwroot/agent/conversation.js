// The conversation view: header with the actions the state allows, the transcript, the reply box, the sidebar.
import { el, fill, byId, clock, facts } from './dom.js';
import { get, post, newIdempotencyKey, ProblemError } from './api.js';
import { shopperLabel } from './list.js';

const verbs = {
  Started: 'started the conversation',
  HandedOver: 'handed the conversation over',
  Claimed: 'claimed the conversation',
  Transferred: 'transferred the conversation',
  GivenBack: 'gave the conversation back to the AI',
  Resolved: 'resolved the conversation',
  Reopened: 'reopened the conversation',
  TakenOver: 'took the resolved conversation over'
};

const triggers = {
  contact_request: 'Shopper asked for a person',
  lack_of_information: 'The AI did not know',
  failed_attempts: 'The AI failed to resolve it',
  scenario: 'A scenario rule fired',
  agent: 'An agent took it over'
};

export function createConversationView({ session, onAfterAction }) {
  const me = session.agent;
  let current = null;
  let loading = 0;

  const view = byId('conversation');
  const sidebar = byId('sidebar');
  const error = byId('conv-error');
  const composer = byId('composer');
  const reply = byId('reply');
  const internal = byId('internal');
  const buttons = {
    handover: byId('act-handover'), claim: byId('act-claim'), giveback: byId('act-giveback'),
    resolve: byId('act-resolve'), transfer: byId('act-transfer'), takeover: byId('act-takeover')
  };

  if (!session.planIncludesHandover) {
    // L11: the ability is not in the plan. The buttons stay visible with a lock and explain themselves.
    for (const button of [buttons.handover, buttons.takeover]) {
      button.prepend(el('span', { class: 'lock', 'aria-hidden': 'true' }, '🔒 '));
      button.dataset.locked = 'true';
      button.setAttribute('aria-describedby', 'upgrade-title');
    }
  }

  const showError = (message) => { error.textContent = message || ''; };

  async function act(action, body, headers) {
    if (!current) return;
    showError('');
    try {
      await post(`/api/conversations/${encodeURIComponent(current.conversation.id)}/${action}`, body, headers);
      await refresh();
      onAfterAction();
      return true;
    } catch (e) {
      showError(readable(e));
      if (e instanceof ProblemError && e.status === 409) await refresh();
      return false;
    }
  }

  function readable(e) {
    if (!(e instanceof ProblemError)) return 'The server could not be reached. Try again.';
    const detail = e.problem?.detail || e.message;
    return current ? detail.replace(/\b(handled|claimed) by ([\w.-]*[\w-])/, (all, verb, id) => `${verb} by ${current.agentNames[id] || id}`) : detail;
  }

  for (const button of document.querySelectorAll('#conversation [data-action]')) {
    button.addEventListener('click', () => {
      if (button.dataset.locked === 'true') {
        byId('upgrade-dialog').showModal();
        return;
      }
      act(button.dataset.action);
    });
  }
  byId('upgrade-close').addEventListener('click', () => byId('upgrade-dialog').close());

  // Transfer: a dialog listing agents with their presence; only online agents can take it (L8).
  const transferDialog = byId('transfer-dialog');
  buttons.transfer.addEventListener('click', async () => {
    byId('transfer-error').textContent = '';
    byId('transfer-note').value = '';
    const agents = await get('/api/agents');
    const choices = agents.filter((a) => a.id !== me.id).map((a, index) => {
      const input = el('input', { type: 'radio', name: 'transfer-to', value: a.id, id: `transfer-to-${index}`, disabled: !a.online });
      return el('div', { class: 'transfer__agent' }, input,
        el('label', { for: `transfer-to-${index}` }, a.displayName, ' ',
          el('span', { class: a.online ? 'presence presence--online' : 'presence presence--away' }, a.online ? 'online' : 'away')));
    });
    fill(byId('transfer-agents'), choices.length ? choices : el('p', null, 'There is no other agent.'));
    transferDialog.showModal();
  });
  byId('transfer-cancel').addEventListener('click', () => transferDialog.close());
  byId('transfer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = transferDialog.querySelector('input[name=transfer-to]:checked');
    if (!chosen) {
      byId('transfer-error').textContent = 'Choose an online agent.';
      return;
    }
    try {
      showError('');
      await post(`/api/conversations/${encodeURIComponent(current.conversation.id)}/transfer`,
        { toAgent: chosen.value, note: byId('transfer-note').value.trim() || null });
      transferDialog.close();
      await refresh();
      onAfterAction();
    } catch (e) {
      byId('transfer-error').textContent = readable(e);
    }
  });

  // Reply: Enter sends, Shift+Enter is a new line.
  reply.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  // One Idempotency-Key per message being written: a second Enter while it is on its way, or sending it again after an
  // error that may have come after the server stored it, posts it once. Changing the text or its kind starts a new one.
  let replyKey = null;
  reply.addEventListener('input', () => { replyKey = null; });
  internal.addEventListener('change', () => { replyKey = null; });
  composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = reply.value;
    if (!text.trim() || !current) return;
    replyKey ??= newIdempotencyKey();
    const sent = await act('messages', { text, internal: internal.checked }, { 'Idempotency-Key': replyKey });
    if (sent) {
      replyKey = null;
      reply.value = '';
      reply.focus();
    }
  });

  function inCharge(c) {
    return c.status === 'open' && c.controller === 'human' && c.agent === me.id;
  }

  function renderHeader(c, names) {
    const handler = c.agent ? names[c.agent] || c.agent : null;
    byId('conv-title').textContent = shopperLabel(c.shopperName, c.shopperId);
    byId('conv-state').textContent = c.status === 'resolved'
      ? 'Resolved'
      : { ai: 'The AI is answering', waiting: 'Needs you: waiting for an agent', human: `Handled by ${handler}` }[c.controller];
    view.dataset.status = c.status;
    view.dataset.controller = c.controller;
    view.dataset.agent = c.agent || '';

    const open = c.status === 'open';
    const mineOrAdmin = c.agent === me.id || me.role === 'admin';
    buttons.handover.hidden = !(open && c.controller === 'ai');
    buttons.claim.hidden = !(open && c.controller === 'waiting');
    buttons.giveback.hidden = !(open && (c.controller === 'waiting' || (c.controller === 'human' && mineOrAdmin)));
    buttons.resolve.hidden = !(open && (c.controller !== 'human' || mineOrAdmin));
    buttons.transfer.hidden = !(open && c.controller === 'human' && mineOrAdmin);
    buttons.takeover.hidden = open;

    byId('human-banner').hidden = !inCharge(c);
    // The reply box is there only for the agent in charge; notes are allowed any time.
    const canReply = inCharge(c);
    const mode = canReply ? 'reply' : 'note';
    // Entering either mode starts from its natural choice: a reply when in charge, a note otherwise.
    if (composer.dataset.mode !== mode) internal.checked = !canReply;
    composer.dataset.mode = mode;
    internal.disabled = !canReply;
    byId('reply-label').textContent = canReply ? 'Reply to the shopper' : 'Internal note (only agents see it)';
    syncComposerLabel();
  }

  function syncComposerLabel() {
    const note = internal.checked;
    composer.classList.toggle('composer--note', note);
    byId('send').textContent = note ? 'Add note' : 'Send';
    if (composer.dataset.mode === 'reply') byId('reply-label').textContent = note ? 'Internal note (only agents see it)' : 'Reply to the shopper';
  }
  internal.addEventListener('change', syncComposerLabel);

  function messageItem(m, c, names) {
    const agentName = m.agent ? names[m.agent] || m.agent : 'Agent';
    const kind = m.internal ? 'note' : m.role;
    const who = m.internal ? `Internal note · ${agentName}`
      : { shopper: `Shopper · ${shopperLabel(c.shopperName, c.shopperId)}`, ai: 'AI assistant', human: `${agentName} (human)`, system: 'System notice' }[m.role];
    const outbound = !m.internal && m.role !== 'shopper';
    const delivery = outbound && m.deliveryStatus
      ? el('span', { class: `delivery delivery--${m.deliveryStatus}`, title: m.deliveryError || null },
        m.deliveryStatus + (m.deliveryError ? `: ${m.deliveryError}` : ''))
      : null;
    return el('li', { class: `msg msg--${kind}`, dataset: { role: m.role, internal: String(m.internal), id: String(m.id) } },
      el('div', { class: 'msg__meta' },
        el('span', { class: 'msg__who' }, who),
        el('time', { datetime: m.time }, clock(m.time)),
        m.lackOfInformation ? el('span', { class: 'msg__flag' }, 'did not know') : null,
        delivery),
      el('p', { class: 'msg__text' }, m.text));
  }

  function eventItem(e, names) {
    const actor = e.actor === 'ai' ? 'The AI' : e.actor === 'shopper' ? 'The shopper' : names[e.actor] || e.actor;
    const target = e.verb === 'Transferred' && /Human\((.+)\)$/.exec(e.to);
    const text = `${actor} ${verbs[e.verb] || e.verb}${target ? ` to ${names[target[1]] || target[1]}` : ''}`;
    return el('li', { class: 'event', dataset: { verb: e.verb } }, el('span', null, text), ' ', el('time', { datetime: e.time }, clock(e.time)));
  }

  function renderTranscript(c, names) {
    const transcript = byId('transcript');
    const nearBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80;
    // Messages and transitions in time order; a transition sorts after a message of the same millisecond.
    const entries = [
      ...c.messages.map((m) => ({ at: Date.parse(m.time), order: 0, node: () => messageItem(m, c, names) })),
      ...c.events.filter((e) => e.verb !== 'Started').map((e) => ({ at: Date.parse(e.time), order: 1, node: () => eventItem(e, names) }))
    ].sort((a, b) => a.at - b.at || a.order - b.order);
    fill(transcript, entries.map((entry) => entry.node()));
    if (nearBottom || transcript.dataset.conversation !== c.id) transcript.scrollTop = transcript.scrollHeight;
    transcript.dataset.conversation = c.id;
  }

  function renderSidebar(data) {
    const c = data.conversation;
    const names = data.agentNames;
    fill(byId('summary-points'), data.summary.shopperPoints.length
      ? data.summary.shopperPoints.map((p) => el('li', null, p))
      : el('li', { class: 'muted' }, 'The shopper has not said much yet.'));
    facts(byId('summary-answers'), [['Last AI answer', data.summary.lastAiAnswer], ['Last agent answer', data.summary.lastAgentAnswer]]);
    facts(byId('customer'), [
      ['Name', data.customer.name || 'Unknown'], ['Channel', data.customer.channel],
      ['Address', data.customer.address], ['Shopper id', data.customer.shopperId]
    ]);
    const page = data.customer.startedOnPage;
    const started = byId('started-on');
    if (!page) fill(started, el('span', { class: 'muted' }, 'Unknown'));
    else {
      let safe = null;
      try {
        const url = new URL(page);
        if (url.protocol === 'http:' || url.protocol === 'https:') safe = url.href;
      } catch {
        safe = null;
      }
      fill(started, safe ? el('a', { href: safe, target: '_blank', rel: 'noopener noreferrer' }, page) : page);
    }
    fill(byId('tags'), c.tags.length ? c.tags.map((t) => el('li', { class: 'tag' }, t)) : el('li', { class: 'muted' }, 'No tags'));
    fill(byId('tasks'), data.tasks.length
      ? data.tasks.map((t) => el('li', null, `${t.description}${t.assignee ? ` (${t.assignee})` : ''}${t.dueAt ? `, due ${new Date(t.dueAt).toLocaleString()}` : ''}`))
      : el('li', { class: 'muted' }, 'No tasks'));
    const r = c.handoverReason;
    if (!r) fill(byId('reason'), el('dd', { class: 'muted' }, 'Never handed over'));
    else facts(byId('reason'), [
      ['Trigger', triggers[r.trigger] || r.trigger], ['Rule', r.rule], ['Evidence', r.evidence],
      ['Confidence', `${Math.round(r.confidence * 100)}%`],
      ['By', c.events.filter((e) => e.reason).map((e) => names[e.actor] || e.actor).pop()]
    ]);
  }

  async function load(id) {
    const ticket = ++loading;
    const data = await get(`/api/inbox/conversations/${encodeURIComponent(id)}`);
    if (ticket !== loading) return; // a newer load (another conversation, a newer change) wins
    current = data;
    renderHeader(data.conversation, data.agentNames);
    renderTranscript(data.conversation, data.agentNames);
    renderSidebar(data);
  }

  async function refresh() {
    if (current) await load(current.conversation.id);
  }

  return {
    get currentId() { return current ? current.conversation.id : null; },
    async show(id) {
      if (!current || current.conversation.id !== id) {
        showError('');
        reply.value = '';
        delete composer.dataset.mode; // the next render picks reply or note afresh
      }
      view.hidden = false;
      sidebar.hidden = false;
      byId('placeholder').hidden = true;
      document.body.classList.add('has-conversation');
      try {
        await load(id);
      } catch (e) {
        showError(e instanceof ProblemError && e.status === 404 ? 'There is no such conversation.' : readable(e));
      }
    },
    hide() {
      loading++;
      current = null;
      view.hidden = true;
      sidebar.hidden = true;
      byId('placeholder').hidden = false;
      document.body.classList.remove('has-conversation');
    },
    refresh: () => refresh().catch(() => {})
  };
}
