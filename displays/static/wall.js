/* Wall display: the number called at each of this display's counters (the newest highlighted), the last
   calls, people waiting per field, the clock and the notice line; calls are announced aloud in order. */
"use strict";

(() => {
  const data = MotCua.pageData();
  const rows = document.getElementById("counter-rows");
  const lastCalls = document.getElementById("last-calls");
  const waitingFields = document.getElementById("waiting-fields");
  const connection = document.getElementById("connection");
  const soundButton = document.getElementById("enable-sound");
  const clockTime = document.getElementById("clock-time");
  const clockDate = document.getElementById("clock-date");
  let shownFields = data.fields === null ? null : new Set(data.fields);
  const LAST_CALLS_SHOWN = 4;

  const timeFormat = new Intl.DateTimeFormat("vi-VN", { timeZone: data.timezone, hour: "2-digit", minute: "2-digit" });
  const dateFormat = new Intl.DateTimeFormat("vi-VN", { timeZone: data.timezone, weekday: "long", day: "2-digit",
    month: "2-digit", year: "numeric" });
  let lastMinute = "";
  function tickClock(now) {
    const time = timeFormat.format(now);
    if (time === lastMinute) return;
    lastMinute = time;
    clockTime.textContent = time;
    clockDate.textContent = dateFormat.format(now);
  }
  tickClock(Date.now());

  // Sound can be switched on and off from /admin/displays while the page runs (?sound=off keeps it off).
  let soundOn = data.sound;
  let audio = null;
  function setSound(on) {
    soundOn = on && !data.sound_off;
    if (soundOn && audio === null) {
      audio = new MotCuaAudioQueue({ repeat: data.repeat, rate: data.rate,
        onBlocked: () => { soundButton.hidden = false; } });
      window.motcuaAudioQueue = audio;
    }
    if (!soundOn && audio) {  // silence now: calls waiting to be said would be said late after a switch back
      audio.clear();
      soundButton.hidden = true;
    }
    document.body.dataset.sound = soundOn ? "on" : "off";
  }
  window.motcuaAudioQueue = null;
  setSound(soundOn);
  soundButton.addEventListener("click", () => {
    soundButton.hidden = true;
    if (audio) audio.unblock();
  });

  function counterRow(board, c) {
    let number = "—";
    let state = "idle";
    if (c.serving) { number = c.serving.number; state = c.serving.status; }
    else if (!c.open && board.closedReason(c) === "closed") { number = "Đóng cửa"; state = "closed"; }
    else if (!c.open) { number = "Tạm nghỉ"; state = "closed"; }
    else if (c.staffed === false) { number = "Tạm đóng"; state = "unstaffed"; }
    const fresh = Boolean(c.serving) && board.isFresh(c.number);
    return MotCua.element("tr", { class: fresh ? "fresh" : "", dataset: { counter: c.number, state } },
      MotCua.element("th", { scope: "row", class: "counter-name" },
        MotCua.element("span", { class: "counter-label" }, `Quầy ${c.number}`), " ",
        MotCua.element("span", { class: "counter-detail" }, c.name.replace(/^Quầy\s*\d+\s*[–-]\s*/, ""))),
      MotCua.element("td", { class: "number" }, number));
  }

  function render(board) {
    const snap = board.snapshot;
    rows.replaceChildren(...snap.counters.filter((c) => board.shows(c.number)).map((c) => counterRow(board, c)));
    // A recall stands out only while its visitor is still called or at the desk; once finished, it is history.
    const atDesk = new Set(snap.counters.filter((c) => c.serving).map((c) => c.serving.id));
    lastCalls.replaceChildren(...snap.last_calls.filter((call) => board.shows(call.counter_number))
      .slice(0, LAST_CALLS_SHOWN)
      .map((call) => MotCua.element("li", { class: call.kind === "recalled" && atDesk.has(call.ticket_id) ? "recalled" : "" },
        MotCua.element("span", { class: "call-number" }, call.number), ` → Quầy ${call.counter_number}`)));
    waitingFields.replaceChildren(...snap.fields.filter((f) => shownFields === null || shownFields.has(f.id))
      .map((f) => MotCua.element("li", {},
        MotCua.element("span", { class: "field-prefix" }, f.prefix), " ",
        MotCua.element("span", { class: "field-name" }, `${f.name.vi}: `),
        MotCua.element("strong", {}, f.waiting))));
  }

  const board = MotCuaBoard.start({
    counters: data.all_counters ? null : data.counters,
    closedReasons: data.closed_reasons || {},
    highlightSeconds: data.highlight_seconds,
    onRender: render,
    onCall: (ticket, kind) => {
      if (audio && soundOn) audio.enqueue({ number: ticket.number, counter: ticket.counter_number, kind });
    },
    handlers: { display_settings_changed: applySettings },
    onTick: tickClock,
    onConnectionChange: (up) => { connection.hidden = up; },
    onTokenProblem: () => { document.getElementById("device-notice").hidden = false; },
  });
  window.motcuaBoard = board;

  // The notice scrolls at a steady reading speed whatever its length (CSSOM, allowed by the CSP).
  const notice = document.getElementById("notice-text");
  function showNotice(text) {
    notice.textContent = text;
    notice.classList.remove("scrolling");
    if (!text.trim()) return;
    const pixelsPerSecond = 120;
    notice.style.animationDuration = `${Math.max(10, (notice.scrollWidth + window.innerWidth) / pixelsPerSecond)}s`;
    void notice.offsetWidth;  // restart the animation from the right edge
    notice.classList.add("scrolling");
  }
  showNotice(notice.textContent);

  /* An admin changed what the displays show (/admin/displays): this display's own notice (else the
     centre's), the fields it counts (else those of its counters) and its sound, applied without a reload. */
  function applySettings(settings) {
    const own = data.display_id ? (settings.by_id || {})[data.display_id] : null;
    const text = own && own.notice !== null && own.notice !== undefined ? own.notice : settings.notice || "";
    if (text !== notice.textContent) showNotice(text);
    if (own && own.fields) shownFields = new Set(own.fields);
    else if (data.all_counters) shownFields = null;
    else if (board.snapshot) {
      shownFields = new Set(board.snapshot.counters.filter((c) => board.shows(c.number)).flatMap((c) => c.field_ids));
    }
    if (own) setSound(own.sound !== false);
    if (board.snapshot) render(board);
  }
})();
