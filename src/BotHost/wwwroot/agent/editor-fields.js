// The editor's form fields. Each input names its place in the settings document (data-path, e.g.
// "actions[2].duration") and how its text becomes a value there (data-kind). The server's validator reports errors
// with the same paths, so each message lands next to the field it is about (or the nearest enclosing item).
import { el, fill, byId } from './dom.js';

const pathStep = /([^.[\]]+)|\[(\d+)\]/g;
const lastStep = /(\.[^.[\]]+|\[\d+\])$/;

function keysOf(path) {
  return [...path.matchAll(pathStep)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

export function getAt(model, path) {
  return keysOf(path).reduce((node, key) => (node === null || node === undefined ? undefined : node[key]), model);
}

export function setAt(model, path, value) {
  const keys = keysOf(path);
  let node = model;
  keys.slice(0, -1).forEach((key, i) => {
    if (node[key] === null || node[key] === undefined) node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    node = node[key];
  });
  node[keys[keys.length - 1]] = value;
}

export const idFor = (path) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

const selectorFor = (attribute, path) => `[${attribute}="${CSS.escape(path)}"]`;

/** The value the input holds, as the document wants it (numbers as numbers, empty optional text as null ...). */
function readInput(input) {
  const number = (parse) => {
    const n = parse(input.value);
    return Number.isNaN(n) ? null : n;
  };
  const items = () => input.value.split(',').map((s) => s.trim()).filter(Boolean);
  switch (input.dataset.kind) {
    case 'boolean': return input.checked;
    case 'radio': return input.value;
    // A required number left empty is sent as 0, which the validator then names as out of range.
    case 'integer': return number((v) => Number.parseInt(v, 10)) ?? 0;
    case 'decimal': return number(Number.parseFloat) ?? 0;
    case 'optional-integer': return number((v) => Number.parseInt(v, 10));
    case 'list': return items();
    case 'optional-list': return items().length ? items() : null;
    case 'set': return [...document.querySelectorAll(`${selectorFor('data-path', input.dataset.path)}:checked`)].map((box) => box.value);
    case 'optional': return input.value.trim() === '' ? null : input.value;
    default: return input.value;
  }
}

function writeInput(input, value) {
  switch (input.dataset.kind) {
    case 'boolean': input.checked = Boolean(value); break;
    case 'radio': input.checked = input.value === value; break;
    case 'set': input.checked = (value || []).includes(input.value); break;
    case 'list':
    case 'optional-list': input.value = (value || []).join(', '); break;
    case 'decimal': input.value = value ? String(value) : ''; break;
    default: input.value = value ?? '';
  }
}

/** Writes the model's values into every field under `root`. */
export function fillFields(root, model) {
  for (const input of root.querySelectorAll('[data-path]')) writeInput(input, getAt(model, input.dataset.path));
}

/** Every field under `root` writes its value into the current model as the admin types. */
export function bindFields(root, currentModel, changed) {
  for (const input of root.querySelectorAll('[data-path]')) {
    const immediate = input.type === 'checkbox' || input.type === 'radio' || input.tagName === 'SELECT';
    input.addEventListener(immediate ? 'change' : 'input', () => {
      setAt(currentModel(), input.dataset.path, readInput(input));
      changed();
    });
  }
}

/** A labelled field with its hint and the slot its validation message goes in. */
export function field(path, label, input, hint) {
  input.id ||= idFor(path);
  return el('div', { class: 'field' },
    el('label', { for: input.id }, label),
    input,
    hint && el('p', { class: 'hint' }, hint),
    el('p', { class: 'field-error', 'data-error-for': path }));
}

/** The closest element that shows messages for `path`: its own field, else its item, else none. */
function slotFor(path) {
  for (let p = path; p; p = p.replace(lastStep, '')) {
    const slot = document.querySelector(selectorFor('data-error-for', p));
    if (slot) return slot;
    if (!lastStep.test(p)) break;
  }
  return null;
}

function labelOf(path, input) {
  const item = /^(actions|scenarios)\[(\d+)\]/.exec(path);
  const where = item ? `${item[1] === 'actions' ? 'Action' : 'Scenario'} ${Number(item[2]) + 1}` : '';
  const name = input?.dataset.label || input?.labels?.[0]?.textContent.trim() || (item ? '' : path);
  return [where, name].filter(Boolean).join(' · ') || path;
}

const describe = (error) => (error.value ? `${error.message} (found '${error.value}')` : error.message);

/** Shows each error next to its field and all of them in the summary; an empty list clears every message. */
export function showErrors(errors, title) {
  for (const slot of document.querySelectorAll('[data-error-for]')) slot.textContent = '';
  for (const input of document.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const rows = errors.map((error) => {
    const input = document.querySelector(selectorFor('data-path', error.path));
    const slot = slotFor(error.path);
    if (slot) slot.textContent = [slot.textContent, describe(error)].filter(Boolean).join(' ');
    input?.setAttribute('aria-invalid', 'true');
    const target = input || slot?.closest('.item, .field, fieldset')?.querySelector('input, select, textarea');
    const text = `${labelOf(error.path, input)}: ${describe(error)}`;
    if (!target) return el('li', null, text);
    const jump = el('button', { type: 'button', class: 'linklike' }, text);
    jump.addEventListener('click', () => target.focus());
    return el('li', null, jump);
  });
  byId('summary').hidden = rows.length === 0;
  byId('summary-title').textContent = title || (rows.length === 1 ? '1 problem to fix before publishing:' : `${rows.length} problems to fix before publishing:`);
  fill(byId('summary-list'), rows);
}
