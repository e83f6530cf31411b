// Notices: a toast on the page, a short tone (Web Audio, no sound file) and, with permission, a system notification.
import { el } from './dom.js';

let audio = null;

/** Browsers only let audio start after a user gesture: call from a click. */
export function unlockSound() {
  try {
    audio = audio || new AudioContext();
    if (audio.state === 'suspended') audio.resume();
  } catch {
    audio = null;
  }
}

export function tone() {
  try {
    audio = audio || new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.25);
  } catch {
    // No audio device or not allowed yet: the toast still shows.
  }
}

export function canAskPermission() {
  return 'Notification' in window && Notification.permission === 'default';
}

export async function askPermission() {
  unlockSound();
  if ('Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
}

function systemNotification(title, body, onClick) {
  if (!('Notification' in window) || Notification.permission !== 'granted' || document.hasFocus()) return;
  try {
    const notification = new Notification(title, { body, tag: title + body });
    notification.onclick = () => {
      window.focus();
      onClick();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the toast is enough.
  }
}

/** Shows a notice with an Open button; it stays until dismissed or opened. */
export function notice(container, { kind, title, body, onOpen }) {
  const open = el('button', { type: 'button', class: 'toast__open' }, 'Open');
  const close = el('button', { type: 'button', class: 'toast__close', 'aria-label': 'Dismiss' }, '×');
  const toast = el('div', { class: `toast toast--${kind}`, role: 'status' },
    el('p', { class: 'toast__title' }, title),
    body ? el('p', { class: 'toast__body' }, body) : null,
    el('div', { class: 'toast__buttons' }, open, close));
  open.addEventListener('click', () => {
    toast.remove();
    onOpen();
  });
  close.addEventListener('click', () => toast.remove());
  container.prepend(toast);
  while (container.children.length > 4) container.lastElementChild.remove();
  tone();
  systemNotification(title, body || '', onOpen);
}
