/* Shared by every MotCua page: calls to the REST API and the live connection.
   Socket.IO does not replay missed events, so every (re)connect reloads the snapshot first. */
"use strict";

const MotCua = {
  pageData() {
    const node = document.getElementById("page-data");
    return node ? JSON.parse(node.textContent) : {};
  },

  async api(path, { method = "GET", body = undefined, token = null } = {}) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers["Authorization"] = "Bearer " + token;
    const csrf = document.querySelector('meta[name="csrf-token"]');
    if (csrf && method !== "GET") headers["X-CSRF-Token"] = csrf.content;
    let response;
    try {
      response = await fetch("/api/v1" + path, {
        method, headers, credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      return { ok: false, status: 0, data: { error: { code: "offline",
        message: "Mất kết nối máy chủ / Cannot reach the server" } } };
    }
    let data = null;
    try { data = await response.json(); } catch (err) { data = null; }
    return { ok: response.ok, status: response.status, data };
  },

  /* Connects to the live events. handlers: {event_name: fn(payload)}; onSnapshot(snapshot) runs on
     every connect and whenever refreshSnapshot() is called. Returns {socket, refreshSnapshot}. */
  live({ onSnapshot, handlers = {}, auth = {}, onConnectionChange = () => {} }) {
    const socket = io({ auth, transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
    let loading = null;
    const refreshSnapshot = () => {
      if (loading) return loading;
      loading = MotCua.api("/queue").then((result) => {
        loading = null;
        if (result.ok) onSnapshot(result.data);
        return result;
      });
      return loading;
    };
    socket.on("connect", () => { onConnectionChange(true); refreshSnapshot(); });
    socket.on("disconnect", () => onConnectionChange(false));
    for (const [name, fn] of Object.entries(handlers)) socket.on(name, fn);
    return { socket, refreshSnapshot };
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
