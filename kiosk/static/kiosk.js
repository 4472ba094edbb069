/* Kiosk: field → procedure → details and priority → ticket on screen. Vietnamese first, English on a tap. */
"use strict";

(() => {
  const TEXT = {
    vi: { pick_field: "Chọn lĩnh vực", back: "← Quay lại", priority_question: "Bạn có thuộc diện ưu tiên không?",
      take_ticket: "Lấy số", your_number: "Số thứ tự của bạn", done: "Xong", no_priority: "Không ưu tiên",
      documents: "Giấy tờ cần mang", fee: "Lệ phí", time: "Thời gian giải quyết", counters: "Mời đến",
      ahead: (n, m) => `Có ${n} người đang chờ trước bạn, khoảng ${m} phút.`, toggle: "English",
      redirect: "Thủ tục này không làm tại đây. Xin liên hệ:", no_token: "Kiosk chưa được đăng ký (thiếu mã thiết bị). Xin báo cán bộ.",
      printed: "Phiếu đang được in. Vui lòng giữ phiếu và chờ gọi số." },
    en: { pick_field: "Choose a field", back: "← Back", priority_question: "Do you have priority?",
      take_ticket: "Take a ticket", your_number: "Your number", done: "Done", no_priority: "No priority",
      documents: "Documents to bring", fee: "Fee", time: "Processing time", counters: "Please go to",
      ahead: (n, m) => `${n} people ahead of you, about ${m} minutes.`, toggle: "Tiếng Việt",
      redirect: "This procedure is not handled here. Please go to:", no_token: "This kiosk is not registered (no device token). Please tell the staff.",
      printed: "Your ticket is printing. Please keep it and wait for your number." },
  };
  const FRAGMENT_TOKEN = new URLSearchParams(location.hash.slice(1)).get("token");
  if (FRAGMENT_TOKEN) {
    localStorage.setItem("motcua.kiosk_token", FRAGMENT_TOKEN);
    history.replaceState(null, "", location.pathname + location.search);
  }
  const token = localStorage.getItem("motcua.kiosk_token");
  let lang = "vi";
  let catalogue = null;
  let chosenField = null;
  let chosenProcedure = null;
  let chosenPriority = null;
  let resetTimer = null;
  const $ = (id) => document.getElementById(id);
  const t = (key) => TEXT[lang][key];
  const name = (item) => item.name[lang] || item.name.vi;

  function show(step) {
    for (const id of ["fields", "procedures", "confirm", "ticket"]) $("step-" + id).hidden = id !== step;
    clearTimeout(resetTimer);
    if (step === "ticket") resetTimer = setTimeout(() => show("fields"), 60000);
    if (step === "fields") chosenPriority = null;
  }

  function notice(text) {
    $("kiosk-notice").textContent = text || "";
    $("kiosk-notice").hidden = !text;
  }

  function tile(label, onclick, extra = {}) {
    return MotCua.element("button", { type: "button", class: "tile", onclick, ...extra }, label);
  }

  function renderFields() {
    $("field-tiles").replaceChildren(...catalogue.fields.map((f) =>
      tile(f.prefix ? `${f.prefix} · ${name(f)}` : name(f), () => { chosenField = f; renderProcedures(); show("procedures"); })));
  }

  function renderProcedures() {
    $("procedures-title").textContent = name(chosenField);
    const procedures = catalogue.procedures.filter((p) => p.field_id === chosenField.id);
    $("procedure-tiles").replaceChildren(...procedures.map((p) =>
      tile(name(p), () => { chosenProcedure = p; renderConfirm(); show("confirm"); })));
  }

  function renderConfirm() {
    const p = chosenProcedure;
    $("confirm-title").textContent = name(p);
    const details = [];
    if (p.redirect) {
      details.push(MotCua.element("p", { class: "alert" }, t("redirect"), " ", p.redirect));
    } else {
      details.push(MotCua.element("h3", {}, t("documents")),
        MotCua.element("ul", {}, ...p.documents.map((d) => MotCua.element("li", {}, d))),
        MotCua.element("p", {}, MotCua.element("strong", {}, t("fee") + ": "), p.fee.text || "—"),
        MotCua.element("p", {}, MotCua.element("strong", {}, t("time") + ": "), p.processing_time.text || "—"));
    }
    $("procedure-details").replaceChildren(...details);
    document.querySelector("#step-confirm fieldset").hidden = Boolean(p.redirect);
    $("issue-button").hidden = Boolean(p.redirect);
    const options = [{ id: null, name: { vi: TEXT.vi.no_priority, en: TEXT.en.no_priority } }, ...catalogue.priority_categories];
    $("priority-options").replaceChildren(...options.map((c) => tile(name(c), (event) => {
      chosenPriority = c.id;
      for (const b of $("priority-options").children) b.setAttribute("aria-pressed", String(b === event.currentTarget));
    }, { "aria-pressed": String(c.id === chosenPriority) })));
  }

  async function issue() {
    if (!token) { notice(t("no_token")); return; }
    $("issue-button").disabled = true;
    const result = await MotCua.api("/tickets", { method: "POST", token,
      body: { procedure_id: chosenProcedure.id, priority: chosenPriority } });
    $("issue-button").disabled = false;
    if (!result.ok) {
      const error = result.data && result.data.error;
      notice(error ? (lang === "en" && error.message_en) || error.message : "Error " + result.status);
      return;
    }
    notice("");
    const ticket = result.data.ticket;
    $("ticket-number").textContent = ticket.number;
    $("ticket-counters").textContent = t("counters") + ": " +
      ticket.counters.map((c) => `${c.name} (${c.location})`).join("; ");
    $("ticket-wait").textContent = t("ahead")(ticket.people_ahead, ticket.eta_minutes);
    $("ticket-qr").src = "/qr.svg?data=" + encodeURIComponent(ticket.track_url);
    $("ticket-qr").alt = "QR: " + ticket.track_url;
    $("ticket-print-note").textContent = t("printed");
    show("ticket");
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    $("language-toggle").textContent = t("toggle");
    $("language-toggle").lang = lang === "vi" ? "en" : "vi";
    if (catalogue) { renderFields(); if (chosenField) renderProcedures(); if (chosenProcedure) renderConfirm(); }
  }

  $("language-toggle").addEventListener("click", () => { lang = lang === "vi" ? "en" : "vi"; applyLanguage(); });
  $("issue-button").addEventListener("click", issue);
  for (const button of document.querySelectorAll("[data-go]")) button.addEventListener("click", () => show(button.dataset.go));

  MotCua.api("/catalogue").then((result) => {
    if (!result.ok) { notice(result.data && result.data.error ? result.data.error.message : "Error"); return; }
    catalogue = result.data;
    if (!catalogue.centre.open_now) notice(catalogue.centre.next_opening_text[lang]);
    if (!token) notice(t("no_token"));
    applyLanguage();
  });
})();
