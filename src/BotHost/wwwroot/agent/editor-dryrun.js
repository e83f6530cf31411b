// The dry-run panel (B2): shopper lines run against the draft (or the published settings when there is no draft),
// showing per turn what would be detected and which actions would run. The server sends and stores nothing.
import { el, fill, byId } from './dom.js';
import { post, ProblemError } from './api.js';

const outcomes = {
  ai_answers: 'The AI answers',
  handed_over: 'Hands over to a person',
  flagged_semi_automate: 'Flags it for an agent; the AI goes on answering (Semi-automate)',
  waiting_for_agent: 'Already waiting for an agent',
  handed_over_ai_unpublished: 'Goes straight to the agents (the AI is unpublished)',
};

function turnItem(turn) {
  const detected = turn.trigger
    ? [`Detected: ${turn.trigger}`, turn.rule && `· rule "${turn.rule}"`, turn.evidence && `· evidence "${turn.evidence}"`].filter(Boolean).join(' ')
    : null;
  return el('li', { class: 'turn', 'data-outcome': turn.outcome },
    el('p', { class: 'turn__shopper' }, el('span', { class: 'muted' }, `Turn ${turn.turn}, shopper: `), turn.shopper),
    el('p', { class: 'turn__outcome' }, outcomes[turn.outcome] || turn.outcome),
    detected && el('p', { class: 'turn__detected' }, detected),
    turn.actions.length > 0 && el('ul', { class: 'turn__actions' }, turn.actions.map((action) => el('li', null, action))));
}

/** `draftYaml()` saves what the form holds and resolves with the draft's document, or null when there is no draft. */
export function setUpDryRun(botId, draftYaml) {
  const start = byId('dry-run-start');
  const error = byId('dry-run-error');
  start.addEventListener('click', async () => {
    const transcript = byId('dry-run-transcript').value.split('\n').map((line) => line.trim()).filter(Boolean);
    error.textContent = '';
    if (transcript.length === 0) {
      error.textContent = 'Write at least one shopper message.';
      return;
    }
    start.disabled = true;
    try {
      const settings = await draftYaml();
      const body = settings === null ? { transcript } : { transcript, settings };
      const result = await post(`/api/admin/bots/${encodeURIComponent(botId)}/dry-run`, body);
      fill(byId('dry-run-turns'), result.turns.map(turnItem));
    } catch (e) {
      fill(byId('dry-run-turns'));
      error.textContent = e instanceof ProblemError && e.problem?.errors?.length
        ? 'The draft has problems (listed at the top); fix them to try it.'
        : `The dry run failed: ${e.message}`;
    } finally {
      start.disabled = false;
    }
  });
}
