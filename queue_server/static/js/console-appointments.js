/* The counter console's list of today's appointments for the counter it holds: who has checked in (their
   ticket number) and who is booked next, names masked by the server to what the counter needs to greet
   them. Follows the counter the console holds (body[data-counter-room], set by counter.js) and reloads
   every 15 s; nothing else of the console depends on it. */
"use strict";

(() => {
  const REFRESH_MS = 15000;
  const data = MotCua.pageData();
  const t = Messages.reader(ConsoleText, data.lang);  // console-text.js
  const $ = (id) => document.getElementById(id);
  const el = MotCua.element;
  let counter = "";

  function item(entry, checkedIn) {
    const procedure = entry.procedure ? entry.procedure[data.lang] || entry.procedure.vi : "";
    return el("li", { class: checkedIn ? "booking in" : "booking" },
      el("strong", {}, checkedIn ? `${entry.ticket_number} · ${entry.time}` : entry.time), " ",
      `${entry.name} (${entry.phone})`, procedure ? el("span", { class: "help" }, ` — ${procedure}`) : "",
      entry.status === "late" ? el("span", { class: "help" }, t("booking_late")) : "");
  }

  function render(board) {
    const none = (text) => [el("li", { class: "help" }, text)];
    $("bookings").hidden = false;
    $("bookings-in").replaceChildren(...(board.checked_in.length ? board.checked_in.map((e) => item(e, true))
      : none(t("bookings_none_in"))));
    $("bookings-next").replaceChildren(...(board.booked_next.length ? board.booked_next.map((e) => item(e, false))
      : none(t("bookings_none_next"))));
  }

  async function load() {
    if (!counter) { $("bookings").hidden = true; return; }
    const asked = counter;
    const result = await MotCua.api(`/appointments/counter/${encodeURIComponent(asked)}`, { timeoutMs: 10000 });
    if (asked !== counter) return;
    if (result.ok) render(result.data);
    else if (result.status === 404 || result.status === 403) $("bookings").hidden = true;
  }

  function follow() {
    const now = document.body.dataset.counterRoom || "";
    if (now === counter) return;
    counter = now;
    load();
  }

  new MutationObserver(follow).observe(document.body, { attributes: true, attributeFilter: ["data-counter-room"] });
  setInterval(load, REFRESH_MS);
  follow();
})();
