/* Counter console: one counter's current ticket, its buttons, and the waiting list of its fields. */
"use strict";

(() => {
  const data = MotCua.pageData();
  const select = document.getElementById("counter-select");
  const currentNumber = document.getElementById("current-number");
  const currentDetail = document.getElementById("current-detail");
  const message = document.getElementById("counter-message");
  const waitingList = document.getElementById("waiting-list");
  const waitingCount = document.getElementById("waiting-count");
  const STATUS = { called: "Đã gọi / Called", serving: "Đang phục vụ / Serving" };
  const saved = localStorage.getItem("motcua.counter");
  if (saved && data.counters.some((c) => String(c.number) === saved)) select.value = saved;

  const counterNumber = () => Number(select.value);
  let lastSnapshot = null;

  function render(snapshot) {
    lastSnapshot = snapshot;
    const counter = snapshot.counters.find((c) => c.number === counterNumber());
    if (!counter) return;
    const serving = counter.serving;
    currentNumber.textContent = serving ? serving.number : "—";
    currentDetail.textContent = serving ? STATUS[serving.status] || serving.status : "";
    const fields = new Set(counter.field_ids);
    const mine = snapshot.waiting.filter((t) =>
      t.target_counter === counter.number || (t.target_counter === null && fields.has(t.field_id)));
    waitingCount.textContent = "(" + mine.length + ")";
    waitingList.replaceChildren(...mine.map((t) => MotCua.element("li", { class: t.priority ? "priority" : "" },
      t.number, t.priority ? " – ưu tiên / priority" : "")));
  }

  const live = MotCua.live({
    onSnapshot: render,
    handlers: Object.fromEntries(["queue_changed", "ticket_called", "ticket_recalled", "ticket_started",
      "ticket_completed", "ticket_marked_no_show", "ticket_transferred", "ticket_cancelled", "counter_changed"]
      .map((name) => [name, () => live.refreshSnapshot()])),
  });

  select.addEventListener("change", () => {
    localStorage.setItem("motcua.counter", select.value);
    if (lastSnapshot) render(lastSnapshot);
  });

  async function act(action) {
    message.textContent = "";
    const result = await MotCua.api(`/counters/${counterNumber()}/${action}`, { method: "POST", body: {} });
    if (!result.ok) {
      message.textContent = result.data && result.data.error ? result.data.error.message : "Lỗi / Error " + result.status;
    } else if (action === "call-next" && result.data.ticket === null) {
      message.textContent = "Không còn ai chờ / Nobody is waiting";
    }
    live.refreshSnapshot();
  }

  for (const button of document.querySelectorAll("[data-action]")) {
    button.addEventListener("click", () => act(button.dataset.action));
  }
  const keys = { n: "call-next", r: "recall", s: "start", d: "done", v: "no-show" };
  document.addEventListener("keydown", (event) => {
    if (event.target.matches("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    const action = keys[event.key.toLowerCase()];
    if (action) { event.preventDefault(); act(action); }
  });
})();
