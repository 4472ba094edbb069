/* Counter console: take a counter, serve its queue with big buttons or one-key shortcuts, see the waiting
   list, held visitors and kiosk printer alerts live, note a dossier code, reprint a ticket. Everything
   refreshes from the server on every event. In Vietnamese or English (data.lang, switched by the header link). */
"use strict";

(() => {
  const data = MotCua.pageData();
  const $ = (id) => document.getElementById(id);
  const select = $("counter-select");
  const lang = data.lang === "en" ? "en" : "vi";
  const words = ConsoleWords.create(lang, { onSessionEnded: () => signInAgain() });  // console-words.js
  const { t, refusal, errorText } = words;
  const SHORTCUTS = { n: "call-next", r: "recall", s: "start", d: "done", v: "no-show", t: "transfer", h: "hold",
    u: "resume", p: "pause", o: "open" };

  let snapshot = null;
  let consoleState = null;
  let catalogue = { fields: [], procedures: [], priority_categories: [], counters: [] };
  let mine = null;          // the counter this browser holds
  let current = null;       // the ticket at the desk
  let waitingBefore = 0;
  let lastServed = null;    // the ticket that left the desk last: its dossier code may still be noted
  const dossiers = new Map();  // ticket id → the dossier code saved from this console
  const saved = localStorage.getItem("motcua.counter");
  if (saved && data.counters.some((c) => String(c.number) === saved)) select.value = saved;

  /* Feedback next to what caused it: the desk's actions, the counter bar, reprint, dossier code, help. */
  const say = (text, kind = "ok", slot = "counter-message") => ConsoleWords.show($(slot), text, kind);
  const refuse = (text, slot = "counter-message") => say(text, "error", slot);
  /* A session that ended (idle, signed out elsewhere): say so long enough to be read, then sign in and back. */
  let signingIn = null;
  function signInAgain() {
    if (!signingIn) signingIn = setTimeout(() => { location.href = MotCua.url("/login?next=" + MotCua.url("/counter")); }, 2500);
  }
  const nameOf = (list, id) => { const item = list.find((x) => x.id === id); return item ? item.name[lang] || item.name.vi : id; };
  const priorityName = (id) => (id === "appointment" ? t("appointment") : nameOf(catalogue.priority_categories, id));

  function minutesSince(iso) {
    if (!iso) return "—";
    const minutes = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000));
    return t("minutes")(minutes);
  }

  /* ---- drawing ---- */

  function renderCurrent() {
    const counter = snapshot && mine !== null ? snapshot.counters.find((c) => c.number === mine) : null;
    const before = current;
    current = counter ? counter.serving : null;
    if (before && (!current || current.id !== before.id)) lastServed = before;
    $("current-number").textContent = current ? current.number : "—";
    $("current-procedure").textContent = current ? nameOf(catalogue.procedures, current.procedure_id) : "—";
    $("current-priority").textContent = current && current.priority ? priorityName(current.priority) : "—";
    $("current-waited").textContent = current ? minutesSince(current.issued_at) : "—";
    $("current-status").textContent = current ? words.status(current) : "—";
    $("transfer-number").textContent = current ? current.number : "";
    renderDossier();
    renderActions();
  }

  /* Buttons that cannot apply now are greyed out (the keys still ask the server, which says why). */
  function renderActions() {
    const can = ConsoleWords.available(counterRow(), current, consoleState ? consoleState.held.length : 0);
    for (const button of document.querySelectorAll("[data-action]")) {
      button.disabled = mine === null || !can[button.dataset.action];
    }
  }

  /* The dossier code box applies to the ticket at the desk, else to the one that has just left it. */
  function dossierTicket() { return current || lastServed; }

  function renderDossier() {
    const ticket = dossierTicket();
    $("dossier-ticket").textContent = ticket ? `(${ticket.number})` : "";
    $("current-dossier").textContent = current && dossiers.has(current.id) ? dossiers.get(current.id) : "—";
  }

  function myWaiting() {
    if (!snapshot || mine === null) return [];
    const counter = snapshot.counters.find((c) => c.number === mine);
    if (!counter) return [];
    const fields = new Set(counter.field_ids);
    return snapshot.waiting.filter((ticket) =>
      ticket.target_counter === mine || (ticket.target_counter === null && fields.has(ticket.field_id)));
  }

  function renderWaiting() {
    const waiting = myWaiting();
    $("waiting-count").textContent = "(" + waiting.length + ")";
    $("waiting-list").replaceChildren(...waiting.map((ticket) => MotCua.element("li",
      { class: ticket.priority ? "priority" : "", dataset: { ticket: ticket.id } },
      MotCua.element("strong", {}, ticket.number), " ", nameOf(catalogue.procedures, ticket.procedure_id),
      ticket.priority ? MotCua.element("span", { class: "priority-tag" }, ticket.priority === "appointment"
        ? t("waiting_appointment") : t("waiting_priority")(priorityName(ticket.priority))) : "",
      " · " + minutesSince(ticket.issued_at))));
    signalVisitor(waiting.length);
  }

  function counterRow() {
    return consoleState && mine !== null ? consoleState.counters.find((c) => c.number === mine) : null;
  }

  function signalVisitor(count) {
    const row = counterRow();
    const idle = row && row.open && !current;
    const show = Boolean(idle && count > 0);
    if (show && waitingBefore === 0) beep();
    $("visitor-signal").hidden = !show;
    waitingBefore = idle ? count : 0;
  }

  /* One short tone (a visitor for this counter), or several (notes, Hz) for a call for staff. */
  function beep(notes = [880]) {
    MotCua.tones(notes);  // no sound available: the banner is enough
  }

  /* Visitors asking for a person (the reception robot's "Gặp cán bộ"): console-help.js. */
  const help = ConsoleHelp.create({ words, say, refuse, beep, counter: () => mine });
  const loadHelp = help.load;

  /* Counters an admin adds, renames or removes appear in the picker without a reload. */
  function renderCounterOptions() {
    const chosen = select.value;
    const wanted = consoleState.counters.map((c) => `${c.number}:${c.name}`).join("|");
    if (select.dataset.options === wanted) return;
    select.dataset.options = wanted;
    select.replaceChildren(...consoleState.counters.map((c) => MotCua.element("option", { value: c.number }, c.name)));
    if (consoleState.counters.some((c) => String(c.number) === chosen)) select.value = chosen;
  }

  function renderConsole() {
    if (!consoleState) return;
    renderCounterOptions();
    const before = mine;
    mine = consoleState.counter_number;
    if (mine !== before) watchCounter();
    if (mine !== null) select.value = String(mine);
    const row = counterRow();
    const selected = consoleState.counters.find((c) => String(c.number) === select.value);
    let state = t("no_counter");
    if (row) {
      state = !row.open ? t(row.closed_reason === "break" ? "on_break" : "closed")
        : t(row.staffed === false ? "open_unstaffed" : "open");
    } else if (selected && selected.holder) {
      state = t("selected_held_by")(selected.holder);
    }
    $("counter-state").textContent = state;
    const takenByOther = mine === null && Boolean(selected && selected.holder);
    $("claim-button").hidden = mine !== null || takenByOther;
    $("takeover-button").hidden = !takenByOther;
    $("held-list").replaceChildren(...consoleState.held.map((ticket) => MotCua.element("li", {},
      MotCua.element("strong", {}, ticket.number), " ",
      MotCua.element("button", { type: "button", class: "button small", onclick: () => act("resume", { ticket_id: ticket.id }) },
        t("resume")(ticket.number)))));
    $("printer-alerts").replaceChildren(...(consoleState.printer_alerts.length ? consoleState.printer_alerts.map((a) =>
      MotCua.element("li", { class: "alert" }, `${a.device_id}: ${t("printer")[a.printer_status] || a.printer_status}`,
        a.detail ? ` (${a.detail})` : "")) : [MotCua.element("li", {}, t("printers_fine"))]));
    renderCurrent();
    renderWaiting();
  }

  function renderTransferOptions() {
    const fieldOptions = [MotCua.element("option", { value: "" }, t("same_field")),
      ...catalogue.fields.filter((f) => f.prefix).map((f) => MotCua.element("option", { value: f.id }, `${f.prefix} – ${nameOf(catalogue.fields, f.id)}`))];
    $("transfer-field").replaceChildren(...fieldOptions);
    const counters = snapshot ? snapshot.counters.filter((c) => c.number !== mine) : [];
    $("transfer-counter").replaceChildren(MotCua.element("option", { value: "" }, t("any_counter")),
      ...counters.map((c) => MotCua.element("option", { value: c.number }, `${c.number} – ${c.name}${c.open ? "" : t("closed_suffix")}`)));
  }

  /* ---- loading ---- */

  async function loadConsole() {
    const result = await MotCua.api("/console");
    if (result.status === 401) { refuse(refusal("unauthorized")); return; }
    if (result.ok) { consoleState = result.data; renderConsole(); renderKiosks(consoleState.kiosks); }
  }

  /* The kiosks to reprint on: with the page, then with every console state (an admin registering or revoking a
     device sends devices_changed, which reloads it); the choice is kept. */
  function renderKiosks(kiosks) {
    const picker = $("reprint-kiosk");
    const chosen = picker.value;
    picker.replaceChildren(...kiosks.map((k) => MotCua.element("option", { value: k.id }, k.name)));
    if (kiosks.some((k) => k.id === chosen)) picker.value = chosen;
  }

  async function loadCatalogue() {
    const result = await MotCua.api("/catalogue");
    if (result.ok) { catalogue = result.data; renderCurrent(); renderWaiting(); }
  }

  const refreshAll = () => { live.refreshSnapshot(); loadConsole(); };
  // The held counter's own room (a colleague's transfer, with its reason): asked for on every connect and
  // whenever this browser takes or leaves a counter; the server lets in only the one holding it.
  let live = null;  // set just below; a console's first render may come before it
  const watchCounter = () => {
    if (!live) return;
    live.socket.emit("watch_counter", { counter: mine }, (answer) => {  // the room it is in, for tests and debugging
      document.body.dataset.counterRoom = answer && answer.ok ? String(answer.counter) : "";
    });
  };

  live = MotCua.live({
    onSnapshot: (fresh) => { snapshot = fresh; renderCurrent(); renderWaiting(); },
    onConnect: () => { watchCounter(); loadHelp(); },
    handlers: {
      ...Object.fromEntries(["queue_changed", "ticket_called", "ticket_recalled", "ticket_started", "ticket_completed",
        "ticket_marked_no_show", "ticket_transferred", "ticket_cancelled"].map((name) => [name, () => live.refreshSnapshot()])),
      ticket_held: refreshAll,
      ticket_resumed: refreshAll,
      counter_changed: refreshAll,
      printer_status_changed: () => loadConsole(),
      devices_changed: () => loadConsole(),
      help_requested: () => loadHelp(),
      help_request_acknowledged: () => loadHelp(),
      catalogue_changed: () => loadCatalogue(),
      ticket_handed_over: (event) => {
        const from = event.from_counter.number;
        const why = event.reason ? `: ${event.reason}` : "";
        say(t("handed_over")(from, event.ticket.number, why));
        live.refreshSnapshot();
      },
      counter_claimed: (event) => {
        if (event.counter_number === mine && consoleState && event.claim !== consoleState.claim) {
          refuse(t("taken_over")(mine), "claim-message");
        }
        loadConsole();
      },
    },
  });

  /* ---- commands ---- */

  async function claim(takeover = false) {
    const number = Number(select.value);
    const result = await MotCua.api("/console/claim", { method: "POST", body: { counter_number: number, takeover } });
    if (result.ok) {
      localStorage.setItem("motcua.counter", String(number));
      say("");  // an earlier "take a counter first" no longer applies
      say(result.data.taken_from ? t("took_over")(number, result.data.taken_from) : t("you_hold")(number), "ok", "claim-message");
    } else {
      refuse(errorText(result), "claim-message");
    }
    await loadConsole();
    live.refreshSnapshot();
  }

  /* A counter's commands reach the server one at a time, in the order given: P then N pressed quickly, sent at
     once, could have the call served before the break and call someone to a counter going on break. Every
     command goes through here (keys, buttons, "call this number"), so none can overtake another. */
  let commands = Promise.resolve();
  async function post(path, body = {}) {
    const sent = commands.then(() => MotCua.api(`/counters/${mine}/${path}`, { method: "POST", body }));
    commands = sent.catch(() => {});
    const result = await sent;
    if (!result.ok) refuse(errorText(result));
    refreshAll();
    return result;
  }

  async function act(action, body = {}) {
    if (mine === null) {
      const selected = consoleState && consoleState.counters.find((c) => String(c.number) === select.value);
      const holder = selected && selected.holder
        ? `${t("counter_held_by")(selected.number, selected.holder)}. ` : "";
      refuse(holder + t("take_counter_first"));
      return;
    }
    say("");
    if (action === "transfer") { openTransfer(); return; }
    if (action === "pause") { await post("close", { reason: "break" }); return; }
    const result = await post(action, body);
    if (result.ok && action === "call-next" && result.data.ticket === null) say(t("nobody_waiting"));
    else if (result.ok && result.data.ticket) say(words.outcome(result.data.ticket));
  }

  function openTransfer() {
    if (!current) { refuse(refusal("no_current_ticket")); return; }
    renderTransferOptions();
    $("transfer-reason").value = "";
    $("transfer-error").hidden = true;
    $("transfer-dialog").showModal();
    $("transfer-field").focus();
  }

  $("transfer-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const fieldId = $("transfer-field").value || null;
    const counter = $("transfer-counter").value ? Number($("transfer-counter").value) : null;
    if (!fieldId && counter === null) {
      $("transfer-error").textContent = t("choose_field_or_counter");
      $("transfer-error").hidden = false;
      return;
    }
    const result = await MotCua.api(`/counters/${mine}/transfer`, { method: "POST",
      body: { field_id: fieldId, counter_number: counter, reason: $("transfer-reason").value } });
    if (!result.ok) {
      $("transfer-error").textContent = errorText(result);
      $("transfer-error").hidden = false;
      return;
    }
    $("transfer-dialog").close();
    say(t("transferred")(result.data.ticket.number));
    refreshAll();
  });
  $("transfer-cancel").addEventListener("click", () => $("transfer-dialog").close());
  // Enter transfers from any box of the dialog: on a list it would only open the list (the button says Enter).
  $("transfer-form").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("select")) { event.preventDefault(); $("transfer-form").requestSubmit(); }
  });

  $("call-number-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const number = $("call-number").value.trim();
    if (!number || mine === null) return;
    // Hand the keys back to the shortcuts at once: the call shows (live event) before this answer does, and a
    // "d" pressed meanwhile must finish the visit, not land in the box. A refusal puts the number back to fix.
    $("call-number").blur();
    const result = await post("call-number", { number });
    if (result.ok) { $("call-number").value = ""; say(words.outcome(result.data.ticket)); }
    else $("call-number").focus();
  });

  $("reprint-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const number = $("reprint-number").value.trim();
    const found = await MotCua.api("/console/ticket?number=" + encodeURIComponent(number));
    if (!found.ok) { refuse(errorText(found), "reprint-message"); return; }
    const result = await MotCua.api(`/tickets/${found.data.ticket.id}/reprint`, { method: "POST",
      body: { kiosk_id: $("reprint-kiosk").value } });
    if (result.ok) say(t("reprinting")(found.data.ticket.number), "ok", "reprint-message");
    else refuse(errorText(result), "reprint-message");
  });

  $("dossier-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const ticket = dossierTicket();
    const code = $("dossier-code").value.trim();
    if (!ticket) { refuse(t("no_dossier_ticket"), "dossier-message"); return; }
    if (!code) { refuse(refusal("invalid_dossier_code"), "dossier-message"); return; }
    const result = await MotCua.api(`/tickets/${ticket.id}/dossier-code`, { method: "PUT", body: { dossier_code: code } });
    if (!result.ok) { refuse(errorText(result), "dossier-message"); return; }
    dossiers.set(ticket.id, result.data.dossier.dossier_code);
    $("dossier-code").value = "";
    $("dossier-code").blur();
    renderDossier();
    say(t("dossier_saved")(result.data.dossier.dossier_code, ticket.number), "ok", "dossier-message");
  });

  $("claim-button").addEventListener("click", () => claim(false));
  $("takeover-button").addEventListener("click", () => claim(true));
  select.addEventListener("change", () => claim(false));
  for (const button of document.querySelectorAll("[data-action]")) {
    button.addEventListener("click", () => act(button.dataset.action));
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && event.target.matches("input")) { event.target.blur(); return; }
    if (event.target.matches("input, select, textarea") || $("transfer-dialog").open) return;
    const key = event.key.toLowerCase();
    if (key === "g") { event.preventDefault(); $("call-number").focus(); return; }
    if (key === "m") { event.preventDefault(); $("dossier-code").focus(); return; }
    const action = SHORTCUTS[key];
    if (action) { event.preventDefault(); act(action); }
  });

  // The console is at the desk: without this heartbeat the counter stops being staffed after the centre's
  // staffing.console_timeout_minutes (a closed laptop).
  const heartbeat = () => (mine !== null ? MotCua.api("/console/heartbeat", { method: "POST", body: {} }) : null);
  setInterval(() => { renderCurrent(); renderWaiting(); loadHelp(); heartbeat(); }, 30000);  // waiting minutes keep counting; old alerts go

  (async () => {
    await Promise.all([loadCatalogue(), loadConsole(), loadHelp()]);  // alerts already waiting show at once
    if (consoleState && consoleState.counter_number === null) {
      const selected = consoleState.counters.find((c) => String(c.number) === select.value);
      if (selected && !selected.holder && selected.assigned) await claim(false);
      else if (selected && selected.holder) {
        refuse(t("counter_held_by")(selected.number, selected.holder), "claim-message");
      }
    }
  })();
})();
