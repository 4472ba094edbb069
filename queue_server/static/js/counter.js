/* Counter console: take a counter, serve its queue with big buttons or one-key shortcuts, see the waiting
   list, held visitors and kiosk printer alerts live. Everything refreshes from the server on every event. */
"use strict";

(() => {
  const data = MotCua.pageData();
  const $ = (id) => document.getElementById(id);
  const select = $("counter-select");
  const message = $("counter-message");
  const STATUS = { called: "Đã gọi / Called", serving: "Đang phục vụ / Serving", held: "Tạm giữ / On hold" };
  const PRINTER = { paper_near_end: "Sắp hết giấy / Paper low", paper_out: "Hết giấy / Paper out",
    offline: "Mất kết nối / Offline", unknown: "Không rõ / Unknown" };
  const SHORTCUTS = { n: "call-next", r: "recall", s: "start", d: "done", v: "no-show", t: "transfer", h: "hold",
    u: "resume", p: "pause", o: "open" };

  let snapshot = null;
  let consoleState = null;
  let catalogue = { fields: [], procedures: [], priority_categories: [], counters: [] };
  let mine = null;          // the counter this browser holds
  let current = null;       // the ticket at the desk
  let waitingBefore = 0;
  const saved = localStorage.getItem("motcua.counter");
  if (saved && data.counters.some((c) => String(c.number) === saved)) select.value = saved;

  const say = (text) => { message.textContent = text || ""; };
  const errorText = (result) => (result.data && result.data.error ? result.data.error.message
    : "Lỗi / Error " + result.status);
  const nameOf = (list, id) => { const item = list.find((x) => x.id === id); return item ? `${item.name.vi} / ${item.name.en}` : id; };

  function minutesSince(iso) {
    if (!iso) return "—";
    const minutes = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000));
    return `${minutes} phút / min`;
  }

  /* ---- drawing ---- */

  function renderCurrent() {
    const counter = snapshot && mine !== null ? snapshot.counters.find((c) => c.number === mine) : null;
    current = counter ? counter.serving : null;
    $("current-number").textContent = current ? current.number : "—";
    $("current-procedure").textContent = current ? nameOf(catalogue.procedures, current.procedure_id) : "—";
    $("current-priority").textContent = current && current.priority ? nameOf(catalogue.priority_categories, current.priority) : "—";
    $("current-waited").textContent = current ? minutesSince(current.issued_at) : "—";
    $("current-status").textContent = current ? STATUS[current.status] || current.status : "—";
    $("transfer-number").textContent = current ? current.number : "";
  }

  function myWaiting() {
    if (!snapshot || mine === null) return [];
    const counter = snapshot.counters.find((c) => c.number === mine);
    if (!counter) return [];
    const fields = new Set(counter.field_ids);
    return snapshot.waiting.filter((t) =>
      t.target_counter === mine || (t.target_counter === null && fields.has(t.field_id)));
  }

  function renderWaiting() {
    const waiting = myWaiting();
    $("waiting-count").textContent = "(" + waiting.length + ")";
    $("waiting-list").replaceChildren(...waiting.map((t) => MotCua.element("li",
      { class: t.priority ? "priority" : "", dataset: { ticket: t.id } },
      MotCua.element("strong", {}, t.number), " ", nameOf(catalogue.procedures, t.procedure_id),
      t.priority ? MotCua.element("span", { class: "priority-tag" }, " ★ ưu tiên / priority: " + nameOf(catalogue.priority_categories, t.priority)) : "",
      " · " + minutesSince(t.issued_at))));
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

  function beep() {
    try {
      const audio = new (window.AudioContext || window.webkitAudioContext)();
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.1;
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.25);
    } catch (err) { /* no sound available: the banner is enough */ }
  }

  function renderConsole() {
    if (!consoleState) return;
    mine = consoleState.counter_number;
    if (mine !== null) select.value = String(mine);
    const row = counterRow();
    const selected = consoleState.counters.find((c) => String(c.number) === select.value);
    let state = "Chưa nhận quầy / No counter taken";
    if (row) {
      state = row.open ? "Đang mở / Open" : (row.closed_reason === "break" ? "Tạm nghỉ / On break" : "Đóng / Closed");
    } else if (selected && selected.holder) {
      state = `Quầy đang do ${selected.holder} phụ trách / Held by ${selected.holder}`;
    }
    $("counter-state").textContent = state;
    const takenByOther = mine === null && Boolean(selected && selected.holder);
    $("claim-button").hidden = mine !== null || takenByOther;
    $("takeover-button").hidden = !takenByOther;
    for (const button of document.querySelectorAll("[data-action]")) button.disabled = mine === null;
    $("held-list").replaceChildren(...consoleState.held.map((t) => MotCua.element("li", {},
      MotCua.element("strong", {}, t.number), " ",
      MotCua.element("button", { type: "button", class: "button small", onclick: () => act("resume", { ticket_id: t.id }) },
        `Tiếp tục ${t.number} / Resume`))));
    $("printer-alerts").replaceChildren(...(consoleState.printer_alerts.length ? consoleState.printer_alerts.map((a) =>
      MotCua.element("li", { class: "alert" }, `${a.device_id}: ${PRINTER[a.printer_status] || a.printer_status}`,
        a.detail ? ` (${a.detail})` : "")) : [MotCua.element("li", {}, "Bình thường / All fine")]));
    renderCurrent();
    renderWaiting();
  }

  function renderTransferOptions() {
    const fieldOptions = [MotCua.element("option", { value: "" }, "— giữ lĩnh vực / same field —"),
      ...catalogue.fields.filter((f) => f.prefix).map((f) => MotCua.element("option", { value: f.id }, `${f.prefix} – ${f.name.vi} / ${f.name.en}`))];
    $("transfer-field").replaceChildren(...fieldOptions);
    const counters = snapshot ? snapshot.counters.filter((c) => c.number !== mine) : [];
    $("transfer-counter").replaceChildren(MotCua.element("option", { value: "" }, "— bất kỳ quầy nào / any counter —"),
      ...counters.map((c) => MotCua.element("option", { value: c.number }, `${c.number} – ${c.name}${c.open ? "" : " (đóng / closed)"}`)));
  }

  /* ---- loading ---- */

  async function loadConsole() {
    const result = await MotCua.api("/console");
    if (result.status === 401) { location.href = "/login?next=/counter"; return; }
    if (result.ok) { consoleState = result.data; renderConsole(); }
  }

  async function loadCatalogue() {
    const result = await MotCua.api("/catalogue");
    if (result.ok) { catalogue = result.data; renderCurrent(); renderWaiting(); }
  }

  const refreshAll = () => { live.refreshSnapshot(); loadConsole(); };

  const live = MotCua.live({
    onSnapshot: (fresh) => { snapshot = fresh; renderCurrent(); renderWaiting(); },
    handlers: {
      ...Object.fromEntries(["queue_changed", "ticket_called", "ticket_recalled", "ticket_started", "ticket_completed",
        "ticket_marked_no_show", "ticket_transferred", "ticket_cancelled"].map((name) => [name, () => live.refreshSnapshot()])),
      ticket_held: refreshAll,
      ticket_resumed: refreshAll,
      counter_changed: refreshAll,
      printer_status_changed: () => loadConsole(),
      catalogue_changed: () => loadCatalogue(),
      counter_claimed: (event) => {
        if (event.counter_number === mine && consoleState && event.claim !== consoleState.claim) {
          say(`Quầy ${mine} đã được người khác tiếp quản / Counter ${mine} was taken over by someone else`);
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
      say(result.data.taken_from ? `Đã tiếp quản quầy ${number} từ ${result.data.taken_from} / Took over counter ${number}`
        : `Bạn đang phụ trách quầy ${number} / You now hold counter ${number}`);
    } else {
      say(errorText(result));
    }
    await loadConsole();
    live.refreshSnapshot();
  }

  async function post(path, body = {}) {
    const result = await MotCua.api(`/counters/${mine}/${path}`, { method: "POST", body });
    if (!result.ok) say(errorText(result));
    refreshAll();
    return result;
  }

  async function act(action, body = {}) {
    if (mine === null) {
      const selected = consoleState && consoleState.counters.find((c) => String(c.number) === select.value);
      const holder = selected && selected.holder
        ? `Quầy ${selected.number} đang do ${selected.holder} phụ trách / Counter ${selected.number} is held by ${selected.holder}. ` : "";
      say(holder + "Hãy nhận quầy trước / Take a counter first");
      return;
    }
    say("");
    if (action === "transfer") { openTransfer(); return; }
    if (action === "pause") { await post("close", { reason: "break" }); return; }
    const result = await post(action, body);
    if (result.ok && action === "call-next" && result.data.ticket === null) say("Không còn ai chờ / Nobody is waiting");
    else if (result.ok && result.data.ticket) say(`${result.data.ticket.number}: ${STATUS[result.data.ticket.status] || result.data.ticket.status}`);
  }

  function openTransfer() {
    if (!current) { say("Không có số nào tại quầy / No ticket at the desk"); return; }
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
      $("transfer-error").textContent = "Chọn lĩnh vực hoặc quầy / Choose a field or a counter";
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
    say(`Đã chuyển ${result.data.ticket.number} / Transferred ${result.data.ticket.number}`);
    refreshAll();
  });
  $("transfer-cancel").addEventListener("click", () => $("transfer-dialog").close());

  $("call-number-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const number = $("call-number").value.trim();
    if (!number || mine === null) return;
    const result = await post("call-number", { number });
    if (result.ok) { $("call-number").value = ""; $("call-number").blur(); say(`${result.data.ticket.number}: ${STATUS.called}`); }
  });

  $("reprint-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const number = $("reprint-number").value.trim();
    const found = await MotCua.api("/console/ticket?number=" + encodeURIComponent(number));
    if (!found.ok) { say(errorText(found)); return; }
    const result = await MotCua.api(`/tickets/${found.data.ticket.id}/reprint`, { method: "POST",
      body: { kiosk_id: $("reprint-kiosk").value } });
    say(result.ok ? `Đang in lại ${found.data.ticket.number} / Reprinting ${found.data.ticket.number}` : errorText(result));
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
    const action = SHORTCUTS[key];
    if (action) { event.preventDefault(); act(action); }
  });

  setInterval(() => { renderCurrent(); renderWaiting(); }, 30000);  // waiting minutes keep counting

  (async () => {
    await Promise.all([loadCatalogue(), loadConsole()]);
    if (consoleState && consoleState.counter_number === null) {
      const selected = consoleState.counters.find((c) => String(c.number) === select.value);
      if (selected && !selected.holder && selected.assigned) await claim(false);
      else if (selected && selected.holder) {
        say(`Quầy ${selected.number} đang do ${selected.holder} phụ trách / Counter ${selected.number} is held by ${selected.holder}`);
      }
    }
  })();
})();
