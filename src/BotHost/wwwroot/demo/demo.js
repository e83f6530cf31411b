// Shopper demo page: opens the chat panel and connects Bot Framework Web Chat to our Direct Line host.
// Loaded with `defer` after /lib/webchat.js, so window.WebChat exists unless that bundle failed to load.
(() => {
  'use strict';

  const storageKey = 'northwind-threads.webchat';
  // DirectLineJS ConnectionStatus.FailedToConnect / Ended.
  const failedToConnect = 4;
  const ended = 5;

  const chat = document.getElementById('chat');
  const launcher = document.getElementById('chat-launcher');
  const minimise = document.getElementById('chat-minimise');
  const errorBox = document.getElementById('chat-error');
  const webChatElement = document.getElementById('webchat');

  let started = false;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function loadSession() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
      return saved && saved.token && saved.conversationId && saved.userId && saved.domain ? saved : null;
    } catch {
      return null;
    }
  }

  function saveSession(session) {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify({
        token: session.token,
        conversationId: session.conversationId,
        userId: session.userId,
        domain: session.domain
      }));
    } catch {
      // Storage can be disabled (private mode, policy): the chat still works, a reload just starts over.
    }
  }

  function forgetSession() {
    try {
      sessionStorage.removeItem(storageKey);
    } catch {
      // See saveSession.
    }
  }

  async function postJson(url, body, token) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin'
    });
    if (!response.ok) {
      throw new Error(`POST ${url} answered ${response.status}`);
    }
    return response.json();
  }

  async function newSession() {
    const answer = await postJson('/api/webchat/token', { page: location.href });
    if (!answer || !answer.token || !answer.conversationId || !answer.userId || !answer.domain) {
      throw new Error('POST /api/webchat/token answered without token, conversationId, userId or domain');
    }
    return {
      token: answer.token,
      conversationId: answer.conversationId,
      userId: answer.userId,
      // DirectLineJS builds every URL as `${domain}/conversations...`: make it absolute, without a trailing slash.
      domain: new URL(answer.domain, location.href).href.replace(/\/+$/, ''),
      resumed: false
    };
  }

  async function resumedSession(saved) {
    const refreshed = await postJson(`${saved.domain}/tokens/refresh`, undefined, saved.token);
    if (!refreshed || !refreshed.token) {
      throw new Error('tokens/refresh answered without a token');
    }
    if (refreshed.conversationId && refreshed.conversationId !== saved.conversationId) {
      throw new Error('tokens/refresh answered with a token for another conversation');
    }
    return { ...saved, token: refreshed.token, resumed: true };
  }

  async function openSession() {
    const saved = loadSession();
    if (saved) {
      try {
        return await resumedSession(saved);
      } catch (error) {
        console.warn('Could not resume the saved conversation; starting a new one.', error);
        forgetSession();
      }
    }
    return newSession();
  }

  async function startChat() {
    if (started) {
      return;
    }
    started = true;
    errorBox.hidden = true;

    if (!window.WebChat) {
      showError('Sorry, the chat could not be loaded. Please reload the page.');
      return;
    }

    let session;
    try {
      session = await openSession();
    } catch (error) {
      console.error('Could not start the chat.', error);
      showError('Sorry, our assistant is not available right now. Please try again in a few minutes.');
      started = false;
      return;
    }
    saveSession(session);

    const directLine = window.WebChat.createDirectLine({
      domain: session.domain,
      token: session.token,
      webSocket: true,
      // With a conversation id DirectLineJS reconnects (GET /conversations/{id}) instead of starting one.
      ...(session.resumed ? { conversationId: session.conversationId } : {})
    });

    directLine.connectionStatus$.subscribe(status => {
      if (status === failedToConnect || status === ended) {
        forgetSession();
      }
    });
    // DirectLineJS refreshes its token every 15 minutes; keep the newest so a reload can still resume.
    window.addEventListener('pagehide', () => {
      if (directLine.token && loadSession()) {
        saveSession({ ...session, token: directLine.token });
      }
    });

    window.WebChat.renderWebChat(
      {
        directLine,
        userID: session.userId,
        locale: 'en-US',
        styleOptions: {
          hideUploadButton: true,
          botAvatarInitials: 'AI',
          userAvatarInitials: 'You'
        }
      },
      webChatElement
    );
  }

  function setOpen(open) {
    chat.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      startChat();
    }
  }

  launcher.addEventListener('click', () => setOpen(true));
  minimise.addEventListener('click', () => {
    setOpen(false);
    launcher.focus();
  });

  // Wide screens have room beside the shop, so the chat starts open there; phones start with the launcher.
  setOpen(!window.matchMedia('(max-width: 640px)').matches);
})();
