// The two list editors of the settings form: scenarios (add, remove; kind topic, amount or frustration) and the
// ordered handover actions (add up to the maximum, remove, move up and down; each type shows its own fields).
// A change of structure re-renders the list from the model; typing only updates the model (focus stays put).
import { el, fill } from './dom.js';
import { field, fillFields, bindFields, idFor } from './editor-fields.js';

const input = (path, kind, attributes = {}) => el('input', { type: 'text', autocomplete: 'off', ...attributes, 'data-path': path, 'data-kind': kind });

/** Options from [value, text] pairs; a current value the list does not know (typed in the YAML) stays choosable. */
function options(pairs, current) {
  const known = pairs.some(([value]) => value === (current ?? ''));
  return (known ? pairs : [...pairs, [current, current]]).map(([value, text]) => el('option', { value }, text));
}

const select = (path, kind, pairs, current) => el('select', { 'data-path': path, 'data-kind': kind }, options(pairs, current));

function itemHead(title, buttons) {
  return el('div', { class: 'item__head' }, el('h3', { class: 'item__title' }, title), el('div', { class: 'item__buttons' }, buttons));
}

function button(text, label, onClick, disabled = false) {
  const b = el('button', { type: 'button', 'aria-label': label, disabled }, text);
  b.addEventListener('click', onClick);
  return b;
}

// Scenarios --------------------------------------------------------------------------------------------------

const scenarioKinds = [['topic', 'A topic'], ['amount', 'A topic and an amount'], ['frustration', 'Frustration']];

const kindOf = (s) => (s.frustration ? 'frustration' : s.amountOver ? 'amount' : 'topic');

function setKind(s, kind, currencies) {
  s.frustration = kind === 'frustration';
  s.amountOver = kind === 'amount' ? (s.amountOver || { value: 0, currency: currencies[0] }) : null;
}

function scenarioItem(s, i, editor) {
  const p = `scenarios[${i}]`;
  const kind = kindOf(s);
  const kindSelect = el('select', { id: idFor(`${p}.kind`) }, scenarioKinds.map(([value, text]) => el('option', { value, selected: value === kind }, text)));
  kindSelect.addEventListener('change', () => {
    setKind(s, kindSelect.value, editor.choices.currencies);
    editor.structureChanged({ focus: kindSelect.id });
  });
  const remove = () => {
    editor.model().scenarios.splice(i, 1);
    editor.structureChanged({ focus: 'add-scenario' });
  };
  return el('li', { class: 'item', 'data-index': i },
    itemHead(`Scenario ${i + 1}`, button('Remove', `Remove scenario ${i + 1}`, remove)),
    el('div', { class: 'item__fields' },
      field(`${p}.name`, 'Name', input(`${p}.name`, 'text')),
      field(`${p}.kind`, 'Hands over on', kindSelect),
      field(`${p}.topic`, kind === 'frustration' ? 'Only about these keywords (optional, comma-separated)' : 'Keywords (comma-separated)', input(`${p}.topic`, 'list')),
      kind === 'amount' && el('div', { class: 'field-row' },
        field(`${p}.amountOver.value`, 'Amount over', input(`${p}.amountOver.value`, 'decimal', { type: 'number', min: '0', step: 'any', placeholder: 'e.g. 200' })),
        field(`${p}.amountOver.currency`, 'Currency', select(`${p}.amountOver.currency`, 'text',
          editor.choices.currencies.map((c) => [c, c]), s.amountOver?.currency)))),
    el('p', { class: 'field-error', 'data-error-for': p }));
}

// Actions ----------------------------------------------------------------------------------------------------

const agents = (path) => input(path, 'optional', { list: 'agent-choices' });

export const actionTypes = {
  assign: {
    label: 'Assign to an agent',
    fields: (p, action, editor) => [
      field(`${p}.agent`, 'Agent', agents(`${p}.agent`), 'Empty: an online agent, picked by the strategy.'),
      field(`${p}.strategy`, 'Strategy', select(`${p}.strategy`, 'optional',
        [['', 'Round robin (default)'], ['roundRobin', 'Round robin'], ['leastBusy', 'Least busy']], action.strategy)),
      field(`${p}.capacity`, 'Capacity', input(`${p}.capacity`, 'optional-integer', { type: 'number', min: '1', step: '1' }),
        'At most this many open conversations per agent.'),
      field(`${p}.team`, 'Team', select(`${p}.team`, 'optional',
        [['', 'Any agent'], ...Object.keys(editor.model().teams || {}).map((t) => [t, t])], action.team)),
    ],
  },
  createTask: {
    label: 'Create a task',
    fields: (p) => [
      field(`${p}.description`, 'Description', input(`${p}.description`, 'optional', { placeholder: 'Will be created by AI' })),
      field(`${p}.due`, 'Due in', input(`${p}.due`, 'optional', { placeholder: 'e.g. 24h, 2d' })),
      field(`${p}.assignee`, 'Assignee', agents(`${p}.assignee`), 'Empty: the agent in charge.'),
    ],
  },
  closingMessage: {
    label: 'Send a closing message',
    fields: (p) => [field(`${p}.text`, 'Message', el('textarea', { rows: '2', 'data-path': `${p}.text`, 'data-kind': 'optional',
      placeholder: 'Thank you! Someone from the team will get back to you.' }))],
  },
  pause: {
    label: 'Pause the AI',
    fields: (p) => [field(`${p}.duration`, 'For', input(`${p}.duration`, 'optional', { placeholder: 'e.g. 30m, 2h' }))],
  },
  tags: {
    label: 'Tag the conversation',
    fields: (p) => [field(`${p}.tags`, 'Tags (comma-separated)', input(`${p}.tags`, 'optional-list', { placeholder: 'human_handover' }))],
  },
  email: {
    label: 'Send an e-mail',
    fields: (p) => [
      field(`${p}.to`, 'Recipients (comma-separated)', input(`${p}.to`, 'list', { type: 'text', placeholder: 'support@example.com' })),
      field(`${p}.subject`, 'Subject', input(`${p}.subject`, 'optional')),
    ],
  },
  ticket: {
    label: 'Open a helpdesk ticket',
    fields: (p, action, editor) => [el('fieldset', { class: 'field' },
      el('legend', null, 'Helpdesks'),
      editor.choices.helpdesks.map((h) => el('label', { class: 'check' },
        el('input', { type: 'checkbox', value: h, 'data-path': `${p}.helpdesks`, 'data-kind': 'set', 'data-label': 'Helpdesks' }), ` ${h}`)),
      el('p', { class: 'field-error', 'data-error-for': `${p}.helpdesks` }))],
  },
};

function actionItem(action, i, editor) {
  const p = `actions[${i}]`;
  const list = editor.model().actions;
  // Not a plain field: a new type starts the action afresh instead of keeping the old type's fields.
  const type = el('select', { id: idFor(`${p}.type`) }, options(Object.entries(actionTypes).map(([value, t]) => [value, t.label]), action.type));
  type.value = action.type;
  type.addEventListener('change', () => {
    list[i] = { type: type.value };
    editor.structureChanged({ focus: type.id });
  });
  const move = (to) => () => {
    [list[i], list[to]] = [list[to], list[i]];
    editor.structureChanged({ focus: idFor(`actions[${to}].type`) });
  };
  const remove = () => {
    list.splice(i, 1);
    editor.structureChanged({ focus: 'add-action' });
  };
  return el('li', { class: 'item', 'data-index': i, 'data-type': action.type },
    itemHead(`Action ${i + 1}`, [
      button('Move up', `Move action ${i + 1} up`, move(i - 1), i === 0),
      button('Move down', `Move action ${i + 1} down`, move(i + 1), i === list.length - 1),
      button('Remove', `Remove action ${i + 1}`, remove),
    ]),
    el('div', { class: 'item__fields' },
      field(`${p}.type`, 'Type', type),
      actionTypes[action.type]?.fields(p, action, editor)),
    el('p', { class: 'field-error', 'data-error-for': p }));
}

/** Renders both lists from the model and binds their fields; `editor` has model(), choices, changed(), structureChanged(). */
export function renderLists(editor, scenarios, actions) {
  const model = editor.model();
  fill(scenarios, model.scenarios.map((s, i) => scenarioItem(s, i, editor)));
  fill(actions, model.actions.map((a, i) => actionItem(a, i, editor)));
  for (const list of [scenarios, actions]) {
    fillFields(list, model);
    bindFields(list, editor.model, editor.changed);
  }
}
