/* /city: every centre of the city, redrawn from GET /api/v1/city/overview every few seconds (polling: the
   figures move by the minute, and a city page does not join 160 centres' live rooms). Alerts are written
   out in words, and their rows say "Cảnh báo / Alert", so nothing rests on colour alone. */
"use strict";

(() => {
  const page = MotCua.pageData();
  const $ = (id) => document.getElementById(id);
  const el = MotCua.element;
  const dash = "–";
  const pct = (share) => (share === null || share === undefined ? dash : `${Math.round(share * 1000) / 10}%`);
  let lastOk = null;

  function card(label, value) {
    return el("div", { class: "card" }, el("span", { class: "value" }, value), el("span", { class: "label" }, label));
  }

  function centreName(c) {
    return el("th", { scope: "row" }, el("span", { class: "centre-name" }, c.name),
      c.address ? el("span", { class: "centre-address" }, c.address) : null);
  }

  function state(c) {
    if (c.unavailable) return "Không đọc được / Unavailable";
    if (c.alerts.length) return "Cảnh báo / Alert";
    return c.open_now ? "Bình thường / Normal" : "Ngoài giờ / Closed now";
  }

  function row(c) {
    const cells = c.unavailable ? [el("td", { colspan: "6" }, c.alerts[0].vi + " / " + c.alerts[0].en)] : [
      el("td", {}, String(c.waiting)),
      el("td", {}, `${c.counters_staffed} / ${c.counters}`),
      el("td", {}, c.waiting ? String(c.longest_wait_minutes) : dash),
      el("td", {}, c.called_today ? `${pct(c.within_target)} (${c.called_today})` : dash),
      el("td", {}, c.ratings_today ? `${pct(c.satisfaction_rate)} (${c.ratings_today})` : dash),
      el("td", {}, c.eta_minutes === null ? "Chưa có quầy có cán bộ / No counter staffed" : String(c.eta_minutes)),
    ];
    return el("tr", { class: c.alerts.length ? "has-alert" : "", dataset: { centre: c.id } },
      centreName(c), el("td", { class: "state" }, state(c)), ...cells);
  }

  function alerts(centres) {
    const items = [];
    for (const c of centres) {
      for (const a of c.alerts) {
        items.push(el("li", { dataset: { centre: c.id, kind: a.kind } },
          el("strong", {}, "Cảnh báo / Alert:"), `${c.name}: ${a.vi}. / ${a.en}.`));
      }
    }
    return items.length ? items : [el("li", { class: "none" }, "Không có cảnh báo nào. / No alerts.")];
  }

  function draw(data) {
    const t = data.totals;
    $("city-cards").replaceChildren(
      card("Trung tâm / Centres", String(t.centres)),
      card("Đang chờ / Waiting now", String(t.waiting)),
      card("Quầy có cán bộ / Staffed counters", `${t.counters_staffed} / ${t.counters}`),
      card("Đã phục vụ hôm nay / Served today", String(t.served_today)),
      card("Trung tâm có cảnh báo / Centres with alerts", String(t.centres_with_alerts)),
    );
    $("city-alerts").replaceChildren(...alerts(data.centres));
    $("city-table").querySelector("tbody").replaceChildren(...data.centres.map(row));
  }

  async function refresh() {
    const result = await MotCua.api("/city/overview", { timeoutMs: 8000 });
    const status = $("city-status");
    if (result.ok) {
      draw(result.data);
      lastOk = result.data.generated_at;
      status.classList.remove("stale");
      status.textContent = `Cập nhật lúc ${lastOk.slice(11, 19)}; tự làm mới mỗi ${page.poll_seconds} giây. / ` +
        `Updated at ${lastOk.slice(11, 19)}; refreshed every ${page.poll_seconds} seconds.`;
    } else if (result.status === 401 || result.status === 403) {
      location.href = "/login?next=/city";
      return;
    } else {
      status.classList.add("stale");
      status.textContent = "Chưa lấy được số liệu mới, đang thử lại" + (lastOk ? ` (số liệu lúc ${lastOk.slice(11, 19)})` : "") +
        ". / Could not get new figures, trying again" + (lastOk ? ` (figures of ${lastOk.slice(11, 19)})` : "") + ".";
    }
    setTimeout(refresh, page.poll_seconds * 1000);
  }

  function exportLinks() {
    const from = $("city-from").value || page.today;
    const to = $("city-to").value || from;
    const query = new URLSearchParams({ from, to }).toString();
    $("city-csv").href = `/api/v1/city/reports/export.csv?${query}`;
    $("city-xlsx").href = `/api/v1/city/reports/export.xlsx?${query}`;
  }

  $("city-from").addEventListener("change", exportLinks);
  $("city-to").addEventListener("change", exportLinks);
  $("city-period").addEventListener("submit", (event) => { event.preventDefault(); exportLinks(); });
  refresh();
})();
