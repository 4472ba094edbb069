/* /admin/reports: the live dashboard (refreshed on every queue event) and a period's report with charts
   (Chart.js, served from static/vendor), tables and CSV/XLSX links. */
"use strict";

(() => {
  const page = MotCua.pageData();
  const $ = (id) => document.getElementById(id);
  const el = MotCua.element;
  const charts = {};
  const DIMENSIONS = [["field", "Lĩnh vực / Field"], ["procedure", "Thủ tục / Procedure"], ["counter", "Quầy / Counter"],
    ["staff", "Cán bộ / Staff"], ["hour", "Giờ / Hour"], ["day", "Ngày / Day"]];
  const fmt = (v, suffix = "") => (v === null || v === undefined ? "–" : `${v}${suffix}`);
  const pct = (share) => (share === null || share === undefined ? "–" : `${Math.round(share * 1000) / 10}%`);

  function card(label, value) {
    return el("div", { class: "card" }, el("span", { class: "value" }, value), el("span", { class: "label" }, label));
  }

  // --- live dashboard ------------------------------------------------------------------------------------
  async function loadLive() {
    const result = await MotCua.api("/reports/live");
    if (!result.ok) return;
    const live = result.data;
    const longest = live.longest_wait ? `${live.longest_wait.minutes} ph / min` : "–";
    const trend = `${live.served_today} (${live.served_last_week_same_time} tuần trước / last week)`;
    $("live-cards").replaceChildren(
      card("Đang chờ / Waiting now", String(live.waiting_total)),
      card("Chờ lâu nhất / Longest current wait", longest),
      card("Quầy có người làm việc / Counters staffed", `${live.counters_staffed} / ${live.counters.length}`),
      card("Đã phục vụ hôm nay / Served today", trend),
      card("Cùng ngày tuần trước, cả ngày / Same weekday last week, whole day", String(live.served_last_week_whole_day)),
    );
    $("live-fields").querySelector("tbody").replaceChildren(...live.fields.map((f) => el("tr", {},
      el("th", { scope: "row" }, `${f.prefix} · ${f.name.vi}`), el("td", {}, String(f.waiting)),
      el("td", {}, f.waiting ? String(f.longest_wait_minutes) : "–"))));
  }

  // --- a period's report ---------------------------------------------------------------------------------
  function query() {
    const start = $("period-start").value;
    const end = $("period-end").value || start;
    return `start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`;
  }

  function drawChart(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), { ...config, options: { animation: false, responsive: true, ...config.options } });
  }

  function table(dim, title, rows, target) {
    const head = ["Tên / Name", "Cấp / Issued", "Phục vụ / Served", "Vắng / No-show", "Hủy / Cancelled",
      "Chờ TB / Wait mean", "Chờ trung vị / median", "Chờ P90 / p90", "Phục vụ TB / Service mean",
      "trung vị / median", "P90 / p90", `≤ ${target} ph / min`, "Đánh giá / Ratings", "Hài lòng / Satisfied"];
    return el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": title },
      el("table", { class: "report-table", id: `table-${dim}` },
        el("caption", {}, title),
        el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...rows.map((r) => el("tr", {},
          el("th", { scope: "row" }, r.label.vi), el("td", {}, String(r.issued)), el("td", {}, String(r.served)),
          el("td", {}, String(r.no_show)), el("td", {}, String(r.cancelled)), el("td", {}, fmt(r.wait.mean)),
          el("td", {}, fmt(r.wait.median)), el("td", {}, fmt(r.wait.p90)), el("td", {}, fmt(r.service.mean)),
          el("td", {}, fmt(r.service.median)), el("td", {}, fmt(r.service.p90)), el("td", {}, pct(r.within_target)),
          el("td", {}, String(r.ratings)), el("td", {}, pct(r.satisfaction_rate)))))));
  }

  async function loadReport() {
    const q = query();
    $("export-csv").href = MotCua.url(`/api/v1/reports/export.csv?${q}`);
    $("export-xlsx").href = MotCua.url(`/api/v1/reports/export.xlsx?${q}`);
    history.replaceState(null, "", `?${q}`);
    const result = await MotCua.api(`/reports?${q}`);
    const message = $("report-message");
    if (!result.ok) {
      message.hidden = false;
      message.textContent = Messages.error(result.data && result.data.error, "both") || "Lỗi / Error";  // a bilingual page
      $("report-body").hidden = true;
      return;
    }
    const report = result.data;
    $("report-body").hidden = !report.has_data;
    message.hidden = report.has_data;
    message.textContent = "Không có phiếu nào trong kỳ này / No tickets in this period";
    if (!report.has_data) return;
    const t = report.total;
    $("report-cards").replaceChildren(
      card("Phiếu đã cấp / Issued", String(t.issued)), card("Đã phục vụ / Served", String(t.served)),
      card("Vắng mặt / No-show", String(t.no_show)), card("Đã hủy / Cancelled", String(t.cancelled)),
      card("Chờ trung bình / Mean wait", fmt(t.wait.mean, " ph")), card("Chờ P90 / Wait p90", fmt(t.wait.p90, " ph")),
      card("Phục vụ trung bình / Mean service", fmt(t.service.mean, " ph")),
      card(`Được gọi trong ${report.target_wait_minutes} phút / Within target`, pct(t.within_target)),
      card("Hài lòng / Satisfied", `${pct(t.satisfaction_rate)} (${t.ratings})`),
    );
    $("peak-hours").textContent = "Giờ cao điểm / Peak hours: "
      + report.peak_hours.map((p) => `${p.label} (${p.issued})`).join(", ");
    const hours = report.by.hour;
    drawChart("chart-hours", { type: "bar", data: { labels: hours.map((h) => h.label.vi), datasets: [
      { label: "Cấp / Issued", data: hours.map((h) => h.issued), backgroundColor: "#0b4f8a" },
      { label: "Phục vụ / Served", data: hours.map((h) => h.served), backgroundColor: "#2e8b57" }] } });
    const days = report.by.day;
    drawChart("chart-days", { type: "line", data: { labels: days.map((d) => d.key), datasets: [
      { label: "Cấp / Issued", data: days.map((d) => d.issued), borderColor: "#0b4f8a", yAxisID: "y" },
      { label: "Chờ TB (ph) / Mean wait (min)", data: days.map((d) => d.wait.mean), borderColor: "#b35900", yAxisID: "y1" }] },
      options: { scales: { y: { beginAtZero: true }, y1: { beginAtZero: true, position: "right" } } } });
    const fields = report.by.field;
    drawChart("chart-fields", { type: "bar", data: { labels: fields.map((f) => f.label.vi), datasets: [
      { label: "Trung vị / Median", data: fields.map((f) => f.wait.median), backgroundColor: "#0b4f8a" },
      { label: "P90", data: fields.map((f) => f.wait.p90), backgroundColor: "#b35900" }] } });
    $("report-tables").replaceChildren(
      table("total", "Tổng / Total", [t], report.target_wait_minutes),
      ...DIMENSIONS.map(([dim, title]) => table(dim, title, report.by[dim], report.target_wait_minutes)));
  }

  $("period-start").value = page.start;
  $("period-end").value = page.end || page.start;
  $("period-form").addEventListener("submit", (event) => { event.preventDefault(); loadReport(); });
  loadReport();
  let pending = null;
  MotCua.live({
    onSnapshot: loadLive,
    handlers: { queue_changed: () => { clearTimeout(pending); pending = setTimeout(loadLive, 500); },
      counter_changed: loadLive },
  });
  setInterval(loadLive, 60000);  // waits grow even when nothing happens
})();
