/* Wall display: draws the snapshot, then applies each call as it arrives. Never trusts its own memory
   after a reconnect: the snapshot is reloaded on every connect. */
"use strict";

(() => {
  const data = MotCua.pageData();
  const shown = new Set(data.counters);
  const rows = document.getElementById("counter-rows");
  const lastCalls = document.getElementById("last-calls");
  const waitingFields = document.getElementById("waiting-fields");
  const connection = document.getElementById("connection");
  const highlightUntil = new Map();
  let snapshot = null;
  MotCua.clock(document.getElementById("clock"), data.timezone);

  function render() {
    if (!snapshot) return;
    const now = Date.now();
    rows.replaceChildren(...snapshot.counters.filter((c) => shown.has(c.number)).map((c) => {
      const number = c.serving ? c.serving.number : (c.open ? "—" : "Đóng / Closed");
      const fresh = c.serving && (highlightUntil.get(c.number) || 0) > now;
      return MotCua.element("tr", { class: fresh ? "fresh" : "", dataset: { counter: c.number } },
        MotCua.element("td", {}, c.name), MotCua.element("td", { class: "number" }, number));
    }));
    lastCalls.replaceChildren(...snapshot.last_calls.filter((call) => shown.has(call.counter_number)).slice(0, 6)
      .map((call) => MotCua.element("li", {}, `${call.number} → Quầy ${call.counter_number}`)));
    waitingFields.replaceChildren(...snapshot.fields.map((f) =>
      MotCua.element("li", {}, `${f.prefix} · ${f.name.vi}: `, MotCua.element("strong", {}, f.waiting))));
  }

  function applyCall(payload, kind) {
    if (!snapshot) return;
    const ticket = payload.ticket;
    const counter = snapshot.counters.find((c) => c.number === ticket.counter_number);
    if (counter) counter.serving = ticket;
    snapshot.last_calls.unshift({ number: ticket.number, counter_number: ticket.counter_number, kind,
      at: ticket.called_at, ticket_id: ticket.id, field_id: ticket.field_id });
    snapshot.last_calls = snapshot.last_calls.slice(0, 10);
    highlightUntil.set(ticket.counter_number, Date.now() + data.highlight_seconds * 1000);
    render();
    setTimeout(render, data.highlight_seconds * 1000 + 50);
    document.dispatchEvent(new CustomEvent("motcua:call", { detail: { ticket, kind } }));
  }

  function clearCounter(payload) {
    if (!snapshot) return;
    for (const c of snapshot.counters) {
      if (c.serving && c.serving.id === payload.ticket.id) c.serving = null;
    }
    render();
  }

  const live = MotCua.live({
    auth: data.display_id ? { display: data.display_id } : {},
    onSnapshot: (fresh) => { snapshot = fresh; render(); },
    onConnectionChange: (up) => { connection.hidden = up; },
    handlers: {
      ticket_called: (p) => applyCall(p, "called"),
      ticket_recalled: (p) => applyCall(p, "recalled"),
      ticket_completed: clearCounter,
      ticket_marked_no_show: clearCounter,
      ticket_transferred: clearCounter,
      ticket_cancelled: clearCounter,
      queue_changed: (p) => {
        if (!snapshot) return;
        const counts = new Map(p.fields.map((f) => [f.id, f.waiting]));
        for (const f of snapshot.fields) if (counts.has(f.id)) f.waiting = counts.get(f.id);
        render();
      },
      counter_changed: () => live.refreshSnapshot(),
    },
  });
})();
