/* Shared by every MotCua page: calls to the REST API and the live connection.
   Socket.IO does not replay missed events, so every (re)connect reloads the snapshot first. */
"use strict";

const MotCua = {
  /* A city's centre is named at the start of its pages' paths (/c/<id>/kiosk): its API, its live events and
     its other pages are under the same prefix. "" for a path that names none (a single centre, or the first). */
  base: (location.pathname.match(/^\/c\/[a-z0-9][a-z0-9-]{0,39}(?=\/|$)/) || [""])[0],

  /* A path of this centre's server (e.g. "/announcements/chime.wav"), under the page's centre prefix. */
  url(path) {
    return MotCua.base + path;
  },

  pageData() {
    const node = document.getElementById("page-data");
    return node ? JSON.parse(node.textContent) : {};
  },

  /* A device's token: it arrives once in the address's fragment (#token=...), is kept in this browser under
     `key` and taken out of the address bar. Null when the device was never given one. */
  deviceToken(key) {
    key += MotCua.base;  // each city centre's device keeps its own token in a shared browser
    const sent = new URLSearchParams(location.hash.slice(1)).get("token");
    if (sent) {
      localStorage.setItem(key, sent);
      history.replaceState(null, "", location.pathname + location.search);
    }
    return localStorage.getItem(key);
  },

  /* timeoutMs: give up after this long (a request on a half-open connection never ends by itself);
     signal: an AbortSignal to cancel it. Either way the answer is {ok: false, status: 0, ...}. */
  async api(path, { method = "GET", body = undefined, token = null, timeoutMs = 0, signal = null } = {}) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers["Authorization"] = "Bearer " + token;
    const csrf = document.querySelector('meta[name="csrf-token"]');
    if (csrf && method !== "GET") headers["X-CSRF-Token"] = csrf.content;
    const controller = timeoutMs || signal ? new AbortController() : null;
    const cancel = () => controller.abort();
    const timer = timeoutMs ? setTimeout(cancel, timeoutMs) : null;
    if (signal) signal.addEventListener("abort", cancel);
    try {
      const response = await fetch(MotCua.url("/api/v1" + path), {
        method, headers, credentials: "same-origin", signal: controller ? controller.signal : undefined,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      let data = null;
      try { data = await response.json(); } catch (err) { if (controller && controller.signal.aborted) throw err; }
      return { ok: response.ok, status: response.status, data };
    } catch (err) {
      const aborted = controller && controller.signal.aborted;
      const code = signal && signal.aborted ? "aborted" : (aborted ? "timeout" : "offline");
      return { ok: false, status: 0, data: { error: { code,
        message: "Mất kết nối máy chủ / Cannot reach the server" } } };
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", cancel);
    }
  },

  SNAPSHOT_TIMEOUT_MS: 10000,

  /* Connects to the live events. handlers: {event_name: fn(payload)}; onSnapshot(snapshot) runs on
     every connect and whenever refreshSnapshot() is called. Returns {socket, refreshSnapshot, dropToken}.
     refreshSnapshot() joins a load in flight, and loads once more after it (that load may have been read
     before the change the caller heard of); refreshSnapshot({fresh: true}) (every connect) cancels it and
     starts anew: a load sent before a network drop may never answer, and an older answer never replaces a
     newer one. token: a device's token, sent with the snapshot and on connect; once the server refuses it
     (onTokenRefused) or dropToken() is called, the page carries on without it. onConnect() runs on every
     (re)connect and on a `resync` (the server's processes lost events between them), before the snapshot; without onSnapshot no snapshot is loaded. */
  live({ onSnapshot = null, handlers = {}, auth = {}, token = null, onTokenRefused = () => {},
         onConnectionChange = () => {}, onConnect = () => {} }) {
    // Retries after 0.5 s, 1 s, then at most every 2 s: a display is back within ~2 s of a restarted server.
    const socket = io({ path: MotCua.url("/socket.io"), auth: token ? { ...auth, token } : auth,
                        transports: ["websocket", "polling"],
                        reconnectionDelay: 500, reconnectionDelayMax: 2000 });
    const dropToken = () => { token = null; socket.auth = auth; };
    // Socket.IO does not retry a connection the server refused: a wrong or revoked token is dropped at once,
    // a busy database (which names itself) is retried with it.
    socket.on("connect_error", (err) => {
      if (socket.active) return;  // a network error: the client retries by itself
      const refused = token && !(err && err.data && err.data.code === "database_unavailable");
      if (refused) { dropToken(); onTokenRefused(); }
      setTimeout(() => socket.connect(), refused ? 500 : 2000);
    });
    let loading = null;  // the load in flight
    let latest = null;   // the newest load, which answers for the loads it superseded
    let controller = null;
    let sequence = 0;
    let again = false;   // asked for while a load was in flight, which may have been read before the change
    const refreshSnapshot = (options) => {
      if (loading && !(options && options.fresh)) { again = true; return loading; }
      if (controller) controller.abort();
      controller = new AbortController();
      again = false;
      const mine = ++sequence;
      loading = latest = MotCua.api("/queue", { token, timeoutMs: MotCua.SNAPSHOT_TIMEOUT_MS,
                                                signal: controller.signal })
        .then((result) => {
          if (mine !== sequence) return latest;  // superseded: its caller gets the newer load's answer
          loading = controller = null;
          if (result.ok) onSnapshot(result.data);
          if (again) return refreshSnapshot();  // one more load for the changes that came meanwhile
          return result;
        });
      return loading;
    };
    socket.on("connect", () => {
      onConnectionChange(true);
      onConnect();
      if (onSnapshot) refreshSnapshot({ fresh: true });  // pages without the queue (the kiosk) load their own
    });
    socket.on("disconnect", (reason) => {
      onConnectionChange(false);
      // The server closed it (the token was revoked, the session ended): Socket.IO does not retry that by
      // itself. Connect again: a revoked token is then refused and dropped, an ended session is anonymous.
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 500);
    });
    for (const [name, fn] of Object.entries(handlers)) socket.on(name, fn);
    // The server's processes lost each other for a while (Redis): events were missed although this
    // connection stayed up. Reload as after a reconnect.
    socket.on("resync", () => {
      onConnect();
      if (onSnapshot) refreshSnapshot({ fresh: true });
    });
    return { socket, refreshSnapshot, dropToken };
  },

  element(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  /* A small inline SVG icon (no emoji font needed: kiosks and robots often have none), decorative. */
  ICONS: {
    pin: "M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z",
  },
  icon(name) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "icon icon-" + name);
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", MotCua.ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.append(path);
    return svg;
  },

  /* Short tones (Hz) one after another, each with a soft attack and fade. One audio context per page: a
     browser unlocks it once, after a tap. False when the page has no sound (the caller's banner says it). */
  tones(notes, { spacing = 0.3, length = 0.25, volume = 0.1 } = {}) {
    try {
      this.audio = this.audio || new (window.AudioContext || window.webkitAudioContext)();
      const audio = this.audio;
      const start = audio.currentTime;
      notes.forEach((frequency, i) => {
        const at = start + i * spacing;
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(volume, at + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
        tone.connect(gain).connect(audio.destination);
        tone.start(at);
        tone.stop(at + length + 0.02);
      });
      return true;
    } catch (err) {
      return false;
    }
  },

  clock(node, timeZone) {
    const tick = () => {
      node.textContent = new Date().toLocaleString("vi-VN", {
        timeZone, hour: "2-digit", minute: "2-digit", weekday: "long", day: "2-digit", month: "2-digit", year: "numeric",
      });
    };
    tick();
    setInterval(tick, 10000);
  },
};
