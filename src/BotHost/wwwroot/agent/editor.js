// The bot settings editor (/admin/bots/{botId}): the settings document as a form. What the admin types is saved as
// the bot's draft on the server (shortly after typing stops, and when leaving the page), so it survives reloads and
// restarts; Publish validates, applies and writes the file; the AI switch (L10) acts at once; a YAML view and a
// dry-run panel sit below. Every message comes from the server's validator.
import { byId, clock, el, fill } from './dom.js';
import { get, put, post, del, send, useAntiforgery } from './api.js';
import { bindFields, fillFields, showErrors } from './editor-fields.js';
import { renderLists, actionTypes } from './editor-lists.js';
import { setUpDryRun } from './editor-dryrun.js';

const botId = decodeURIComponent(location.pathname.split('/').pop());
const api = `/api/admin/bots/${encodeURIComponent(botId)}`;
const saveDelayMs = 600;

let model = null; // what the form shows: the draft's settings, else the published ones
let choices = null;
let published = null; // the published settings (file, yaml, settings)
let draft = null; // the draft the server holds, or null
let errors = [];
let dirty = false; // the form has changes the server has not got yet
let timer = 0;
let queue = Promise.resolve(); // draft saves, one after another

const status = (text) => { byId('draft-status').textContent = text; };

const editor = {
  model: () => model,
  get choices() { return choices; },
  changed,
  structureChanged({ focus } = {}) {
    renderStructure();
    if (focus) document.getElementById(focus)?.focus();
    changed();
  },
};

function renderStructure() {
  renderLists(editor, byId('scenarios'), byId('actions'));
  const count = model.actions.length;
  byId('add-action').disabled = count >= choices.maxActions;
  byId('actions-hint').textContent = `Run in this order on every handover; at most ${choices.maxActions} (${count} now).`;
  showErrors(errors);
}

function showModel(settings) {
  model = structuredClone(settings);
  model.scenarios ||= [];
  model.actions ||= [];
  fillFields(byId('settings-form'), model);
  renderStructure();
}

function showYaml(yaml) {
  const area = byId('yaml');
  if (document.activeElement !== area) area.value = yaml;
}

function showDraft(saved) {
  draft = saved;
  errors = saved ? saved.errors : [];
  showErrors(errors);
  showYaml(saved ? saved.yaml : published.yaml);
  byId('publish').disabled = !saved;
  byId('discard').disabled = !saved;
  if (saved) {
    const problems = saved.errors.length ? '; fix the problems listed above before publishing' : '';
    status(`Draft saved at ${clock(saved.updatedAt)}, not published${problems}.`);
  }
}

function showPublished(settings) {
  published = settings;
  const refused = settings.refusedEdit;
  byId('file-notice').textContent = refused?.length
    ? `The file ${settings.file} has an edit that was refused (the last good settings stay applied): ${refused.map((e) => `${e.path}: ${e.message}`).join('; ')}`
    : '';
  const box = byId('ai-published');
  box.checked = settings.settings.aiPublished;
  box.disabled = false;
  byId('ai-status').textContent = settings.settings.aiPublished
    ? 'Published: the AI answers new conversations.'
    : 'Unpublished: new conversations go straight to the agents; running ones and the history stay.';
}

function showFailure(e) {
  if (e.problem?.errors?.length) showErrors(e.problem.errors);
  status(`The draft was not saved: ${e.message}`);
}

function changed() {
  dirty = true;
  status('Editing… the draft is saved when you pause.');
  clearTimeout(timer);
  timer = setTimeout(() => saveDraft().catch(showFailure), saveDelayMs);
}

/** Saves the form as the draft (after any save already on its way); resolves with the draft the server then holds. */
function saveDraft() {
  clearTimeout(timer);
  const run = queue.then(async () => {
    if (!dirty) return draft;
    dirty = false;
    try {
      showDraft(await put(`${api}/draft`, model));
    } catch (e) {
      dirty = true;
      throw e;
    }
    return draft;
  });
  queue = run.catch(() => {});
  return run;
}

async function load() {
  const state = await get(`${api}/editor`);
  choices = state.choices;
  fill(byId('agent-choices'), choices.agents.map((a) => el('option', { value: a.id }, a.displayName)));
  fill(byId('new-action-type'), choices.actionTypes.map((t) => el('option', { value: t }, actionTypes[t]?.label || t)));
  showPublished(state.published);
  showModel(state.draft?.settings || state.published.settings);
  showDraft(state.draft);
  if (!state.draft) status('Showing the published settings. Changes are saved as a draft as you type.');
  // A draft typed as YAML that does not parse has no settings for the form: show it where it can be fixed.
  if (state.draft && !state.draft.settings) byId('yaml-panel').open = true;
}

async function publish() {
  byId('publish').disabled = true;
  try {
    await saveDraft();
    const settings = await post(`${api}/draft/publish`);
    showPublished(settings);
    if (!dirty) showModel(settings.settings);
    showDraft(null);
    status(`Published at ${clock(new Date().toISOString())}: applied, and written to ${settings.file}.`);
  } catch (e) {
    if (e.problem?.errors) {
      errors = e.problem.errors;
      showErrors(errors, 'Not published, the draft is kept. Fix these first:');
    }
    status(`Not published: ${e.problem?.errors?.length ? 'fix the problems listed above; the draft is kept' : e.message}.`);
    byId('publish').disabled = !draft;
  }
}

async function discard() {
  clearTimeout(timer);
  dirty = false;
  await queue;
  await del(`${api}/draft`);
  await load();
  status('Draft discarded: showing the published settings.');
}

async function switchAi(event) {
  const box = event.target;
  const wanted = box.checked;
  box.disabled = true;
  byId('ai-error').textContent = '';
  try {
    await saveDraft();
    showPublished(await put(`${api}/ai-published`, { published: wanted }));
    model.aiPublished = wanted;
    // The server switched the draft too; show the draft as it now reads.
    if (draft) showDraft(await get(`${api}/draft`));
    else showYaml(published.yaml);
  } catch (e) {
    box.checked = !wanted;
    box.disabled = false;
    byId('ai-error').textContent = `The AI was not switched: ${e.message}`;
  }
}

async function useYaml() {
  clearTimeout(timer);
  dirty = false;
  await queue;
  try {
    const saved = await send('PUT', `${api}/draft`, byId('yaml').value, 'application/yaml');
    if (saved.settings) showModel(saved.settings);
    showDraft(saved);
  } catch (e) {
    showFailure(e);
  }
}

function addAction() {
  model.actions.push({ type: byId('new-action-type').value });
  editor.structureChanged({ focus: `f-actions-${model.actions.length - 1}-type` });
}

function addScenario() {
  model.scenarios.push({ name: '', topic: [], amountOver: null, frustration: false });
  editor.structureChanged({ focus: `f-scenarios-${model.scenarios.length - 1}-name` });
}

async function main() {
  const session = await get('/api/inbox/session');
  useAntiforgery(session.antiforgeryHeader, session.antiforgeryToken);
  // The static fields are bound once; list items are bound as they are rendered.
  bindFields(byId('settings-form'), () => model, changed);
  byId('settings-form').addEventListener('submit', (event) => event.preventDefault());
  byId('publish').addEventListener('click', publish);
  byId('discard').addEventListener('click', () => discard().catch((e) => status(`The draft was not discarded: ${e.message}`)));
  byId('ai-published').addEventListener('change', switchAi);
  byId('yaml-apply').addEventListener('click', useYaml);
  byId('add-action').addEventListener('click', addAction);
  byId('add-scenario').addEventListener('click', addScenario);
  setUpDryRun(botId, async () => (await saveDraft())?.yaml ?? null);
  // Leaving with changes not yet saved: send them anyway (keepalive outlives the page).
  window.addEventListener('pagehide', () => {
    if (!dirty) return;
    clearTimeout(timer);
    send('PUT', `${api}/draft`, JSON.stringify(model), 'application/json', { keepalive: true }).catch(() => {});
  });
  await load();
  document.body.dataset.ready = 'true';
}

main().catch((e) => status(`The settings could not be loaded: ${e.message}`));
