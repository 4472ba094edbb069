/* Follow my turn: the ticket's status, people ahead and wait, updated live. */
"use strict";

(() => {
  const token = document.getElementById("tracking").dataset.token;
  const numberNode = document.getElementById("track-number");
  const statusNode = document.getElementById("track-status");
  const WORDS = {
    issued: "Đang chờ / Waiting", transferred: "Đang chờ (đã chuyển) / Waiting (transferred)",
    called: "Mời bạn đến quầy / Please go to counter", serving: "Đang được phục vụ / Being served",
    done: "Đã xong / Done", no_show: "Vắng mặt khi gọi / Missed the call", cancelled: "Đã hủy / Cancelled",
  };
  async function refresh() {
    const result = await MotCua.api("/track/" + encodeURIComponent(token));
    if (!result.ok) return;
    const t = result.data.ticket;
    numberNode.textContent = t.number;
    let text = WORDS[t.status] || t.status;
    if (t.status === "called" || t.status === "serving") text += " " + t.counter_number;
    else if (t.status === "issued" || t.status === "transferred") {
      text += ` – ${t.people_ahead} người trước / ahead, ~${t.eta_minutes} phút / min`;
    }
    statusNode.textContent = text;
  }
  MotCua.live({ onSnapshot: refresh, handlers: { queue_changed: refresh } });
})();
