/* The live queue as a display sees it: the snapshot from GET /api/v1/queue, kept current by the public
   Socket.IO events. Shared by the wall display and the counter display.

   Never stale: the snapshot is reloaded on every (re)connect (MotCua.live), again shortly after a load that
   raced with an event, every minute while connected (day rollover, missed events) and every few seconds
   while the last load failed. Runs for days: lists are bounded and one interval timer drives everything. */
"use strict";

const MotCuaBoard = {
  LAST_CALLS: 10,
  REFRESH_MS: 60000,
  RETRY_MS: 3000,
  RACE_MS: 2000,

  /* A registered display is opened once as /display/hall#token=TOKEN, like the kiosk: the token is kept in
     this browser (one per page address) and taken out of the address bar. */
  deviceToken() {
    return MotCua.deviceToken("motcua.display_token:" + location.pathname);
  },

  /* counters: the counter numbers shown (null: all). onRender(board) after every change;
     onCall(ticket, kind) for each call or recall at a shown counter; onTick(now) once a second;
     onTokenProblem() once the device token is wrong or revoked (the page goes on without it);
     handlers: more Socket.IO events the page follows itself ({name: fn(payload)}). */
  start({ counters = null, highlightSeconds = 20, onRender, onCall = () => {}, onTick = () => {},
          onConnectionChange = () => {}, onTokenProblem = () => {}, auth = {}, handlers: extra = {},
          closedReasons = {} }) {
    const shown = counters === null ? null : new Set(counters);
    let token = MotCuaBoard.deviceToken();  // with it the display is seen on /admin/devices; public without
    const board = {
      snapshot: null,
      connected: false,
      tokenProblem: false,
      highlightUntil: new Map(),  // counter number -> ms; at most one entry per counter
      closedReasons: new Map(),   // counter number -> "break" | "closed", from the page and counter_changed
      /* Why a closed counter is closed: the snapshot's word when it has one, else the last one known here. */
      closedReason: (c) => c.closed_reason || board.closedReasons.get(c.number) || "break",
      shows: (number) => shown === null || shown.has(number),
      isFresh: (number) => (board.highlightUntil.get(number) || 0) > Date.now(),
    };
    for (const [number, reason] of Object.entries(closedReasons)) board.closedReasons.set(Number(number), reason);
    let loadedAt = 0;
    let loadFailed = false;
    let lastEventAt = 0;
    let raceTimer = null;
    let highlightsShown = 0;

    const render = () => { if (board.snapshot) onRender(board); };
    const touch = () => { lastEventAt = Date.now(); };

    function onSnapshot(fresh) {
      board.snapshot = fresh;
      board.snapshot.last_calls = (fresh.last_calls || []).slice(0, MotCuaBoard.LAST_CALLS);
      loadedAt = Date.now();
      loadFailed = false;
      // An event may have been sent while this snapshot was being read: read it once more to be sure.
      if (Date.now() - lastEventAt < MotCuaBoard.RACE_MS && raceTimer === null) {
        raceTimer = setTimeout(() => { raceTimer = null; refresh(); }, 500);
      }
      render();
    }

    function refresh() {
      return live.refreshSnapshot().then((result) => {
        if (!result.ok) loadFailed = true;
        return result;
      });
    }

    function serve(ticket, kind) {
      const snap = board.snapshot;
      if (snap) {
        for (const c of snap.counters) {
          if (c.serving && c.serving.id === ticket.id && c.number !== ticket.counter_number) c.serving = null;
          if (c.number === ticket.counter_number) c.serving = ticket;
        }
        snap.waiting = (snap.waiting || []).filter((t) => t.id !== ticket.id);
        snap.last_calls.unshift({ number: ticket.number, counter_number: ticket.counter_number, kind,
          at: ticket.called_at, ticket_id: ticket.id, field_id: ticket.field_id });
        snap.last_calls.length = Math.min(snap.last_calls.length, MotCuaBoard.LAST_CALLS);
      }
      if (board.shows(ticket.counter_number)) {
        board.highlightUntil.set(ticket.counter_number, Date.now() + highlightSeconds * 1000);
        onCall(ticket, kind);
      }
      render();
    }

    function release(payload) {
      const snap = board.snapshot;
      if (!snap) return;
      for (const c of snap.counters) {
        if (c.serving && c.serving.id === payload.ticket.id) {
          c.serving = null;
          board.highlightUntil.delete(c.number);
        }
      }
      render();
    }

    function started(payload) {
      const snap = board.snapshot;
      if (!snap) return;
      const c = snap.counters.find((x) => x.number === payload.ticket.counter_number);
      if (c) c.serving = payload.ticket;
      render();
    }

    const handlers = {
      ticket_called: (p) => { touch(); serve(p.ticket, "called"); },
      ticket_recalled: (p) => { touch(); serve(p.ticket, "recalled"); },
      ticket_started: (p) => { touch(); started(p); },
      ticket_completed: (p) => { touch(); release(p); },
      ticket_marked_no_show: (p) => { touch(); release(p); },
      ticket_transferred: (p) => { touch(); release(p); },
      ticket_cancelled: (p) => { touch(); release(p); },
      queue_changed: (p) => {
        touch();
        if (!board.snapshot) return;
        const counts = new Map(p.fields.map((f) => [f.id, f.waiting]));
        for (const f of board.snapshot.fields) if (counts.has(f.id)) f.waiting = counts.get(f.id);
        render();
      },
      counter_changed: (p) => {
        touch();
        const c = board.snapshot && board.snapshot.counters.find((x) => x.number === p.counter.number);
        if (c) {
          c.open = p.counter.open;
          if ("staffed" in p.counter) c.staffed = p.counter.staffed;
          if ("closed_reason" in p.counter) {
            c.closed_reason = p.counter.closed_reason;
            if (p.counter.closed_reason) board.closedReasons.set(c.number, p.counter.closed_reason);
            else board.closedReasons.delete(c.number);
          }
          render();
        } else { refresh(); }
      },
      // A token revoked on /admin/devices: the open connection stays, so ask whether it still holds.
      devices_changed: async () => {
        if (!token) return;
        const result = await MotCua.api("/devices/me", { token });
        if (result.status === 401 || result.status === 403) { live.dropToken(); tokenRefused(); }
      },
      ...extra,
    };

    function tokenRefused() {
      token = null;
      board.tokenProblem = true;
      onTokenProblem();
    }

    const live = MotCua.live({
      auth, token, onSnapshot, handlers, onTokenRefused: tokenRefused,
      onConnectionChange: (up) => { board.connected = up; onConnectionChange(up); },
    });

    setInterval(() => {
      const now = Date.now();
      for (const [number, until] of board.highlightUntil) if (until <= now) board.highlightUntil.delete(number);
      if (board.highlightUntil.size !== highlightsShown) { highlightsShown = board.highlightUntil.size; render(); }
      if (board.connected && ((loadFailed && now - loadedAt > MotCuaBoard.RETRY_MS) ||
                              now - loadedAt > MotCuaBoard.REFRESH_MS)) {
        loadedAt = now;  // one attempt per period, even while the server is slow to answer
        refresh();
      }
      onTick(now);
    }, 1000);

    board.refresh = refresh;
    board.socket = live.socket;
    return board;
  },
};
