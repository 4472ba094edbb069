/* Kiosk: start (fields, or "closed") → search or field → procedure → details and priority → the ticket.
   Vietnamese first, English on a tap, large text on a tap; every screen one tap from the start.
   Reads the catalogue (reloaded on catalogue_changed / counter_changed), its own settings and printer state
   (GET /devices/me, then printer_status_changed), and print_job_failed for the tickets it issued. Settings:
   docs/kiosk.md. */
"use strict";

(() => {
  const PRINTER_PROBLEMS = ["paper_out", "offline"];
  const TEXT = window.KioskText;  // kiosk-text.js

  const FRAGMENT_TOKEN = new URLSearchParams(location.hash.slice(1)).get("token");
  if (FRAGMENT_TOKEN) {
    localStorage.setItem("motcua.kiosk_token", FRAGMENT_TOKEN);
    history.replaceState(null, "", location.pathname + location.search);
  }
  const token = localStorage.getItem("motcua.kiosk_token");
  const pageData = MotCua.pageData();
  const state = {
    lang: "vi", settings: { ...pageData.kiosk }, largeText: Boolean(pageData.kiosk.large_text), screen: null,
    catalogue: null, catalogueText: "", index: [], field: null, procedure: null, priority: null, cameFrom: "procedures",
    browseClosed: false, ticket: null, printerDevice: null, printerStatus: "unknown",
    // The ticket shown: "printing" (the printer said it is fine), "uncertain" (no status: a silent printer or
    // no print agent), "no_printer" (paper out, offline) or "failed" (its print job failed after issuing).
    print: "printing", failedTicketId: null,
    tokenProblem: token ? null : "no_token", countdown: 0, busy: false,
  };
  let countdownTimer = null, reloadTimer = null, openingTimer = null;

  const $ = (id) => document.getElementById(id);
  const t = Messages.reader(TEXT, () => state.lang);
  const name = (item) => item.name[state.lang] || item.name.vi;
  const el = MotCua.element;
  /* Catalogue text exists in Vietnamese only: mark it so for screen readers when the page is in English. */
  const vi = (text) => el("span", state.lang === "vi" ? {} : { lang: "vi" }, text);
  const translated = (part) => (state.lang === "en" && part.text_en ? part.text_en : vi(part.text || "—"));  // {text, text_en}
  const counterText = (c) => TEXT.counter(c, state.catalogue && state.catalogue.counters, state.lang)
    + (c.staffed === false ? ` – ${t("closed_for_now")}` : "");  // nobody at the desk yet
  const isOpen = () => !state.catalogue || state.catalogue.centre.open_now;
  const printerProblem = () => PRINTER_PROBLEMS.includes(state.printerStatus);

  // --- screens ----------------------------------------------------------------------------------------

  function startScreen() {
    return isOpen() || state.browseClosed ? "fields" : "closed";
  }

  function show(step) {
    state.screen = step;
    for (const id of ["closed", "fields", "search", "procedures", "confirm", "ticket"]) {
      $("step-" + id).hidden = id !== step;
    }
    $("home-button").hidden = step === "fields" || step === "closed";
    clearInterval(countdownTimer);
    if (step === "ticket") startCountdown();
    renderClosedBanner();
    window.scrollTo(0, 0);
    const heading = document.querySelector(`#step-${step} h2`);
    if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
  }

  function resetToStart() {
    state.field = state.procedure = state.priority = state.ticket = null;
    state.browseClosed = false;
    $("search-input").value = "";
    notice("");
    tokenNotice();
    const changedLanguage = state.lang !== "vi";
    state.lang = "vi";
    setLargeText(Boolean(state.settings.large_text));
    if (changedLanguage) applyLanguage();
    renderSearch();
    show(startScreen());
  }

  function notice(text) {
    $("kiosk-notice").textContent = text || "";
    $("kiosk-notice").hidden = !text;
  }

  function tokenNotice() {
    if (state.tokenProblem) notice(t(state.tokenProblem));
  }

  // --- rendering --------------------------------------------------------------------------------------

  function tile(children, onclick, extra = {}) {
    return el("button", { type: "button", class: "tile", onclick, ...extra }, ...children);
  }

  function fieldOf(procedure) {
    return state.catalogue.fields.find((f) => f.id === procedure.field_id) || null;
  }

  function renderFields() {
    $("field-tiles").replaceChildren(...state.catalogue.fields.map((f) => tile(
      [f.prefix ? el("span", { class: "prefix", "aria-hidden": "true" }, f.prefix) : null,
        el("span", { class: "tile-name" }, name(f))],
      () => { state.field = f; renderProcedures(); show("procedures"); },
      { class: f.prefix ? "tile field" : "tile field redirect" })));
  }

  function renderPopular() {  // the most-asked procedures of the day, one tap from the start
    const popular = KioskStart.popular(state.catalogue);
    $("popular-title").hidden = $("popular-tiles").hidden = !popular.length;
    $("popular-tiles").replaceChildren(...popular.map((p) => procedureTile(p, false)));
  }

  function procedureTile(p, withField, synonym = null) {
    const field = fieldOf(p);
    return tile([el("span", { class: "tile-name" }, name(p)),
      synonym ? el("span", { class: "tile-sub synonym", lang: "vi" }, `“${synonym}”`) : null,
      withField && field ? el("span", { class: "tile-sub" }, name(field)) : null,
      p.redirect ? el("span", { class: "tile-sub" }, t("redirect_tile")) : null],
    () => {
      state.procedure = p; state.field = field; state.cameFrom = withField ? "search" : "procedures";
      state.priority = null; renderConfirm(); show("confirm");
    });
  }

  function renderProcedures() {
    if (!state.field) return;
    $("procedures-title").textContent = name(state.field);
    $("procedure-tiles").replaceChildren(...state.catalogue.procedures
      .filter((p) => p.field_id === state.field.id).map((p) => procedureTile(p, false)));
  }

  function renderSearch() {
    const query = $("search-input").value;
    const results = state.catalogue ? KioskSearch.match(state.index, query) : [];
    $("search-results").replaceChildren(...results.map((m) => procedureTile(m.procedure, true, m.synonym)));
    const enough = Vietnamese.normalise(query).replace(/ /g, "").length >= 2;
    $("search-status").textContent = !enough ? t("search_prompt")
      : results.length ? t("search_found")(results.length) : t("search_none");
  }

  function renderKeyboard() {  // the shared on-screen keyboard; each key fires the input's "input" event
    ViKeyboard.attach($("keyboard"), $("search-input"), { rows: "search", words: (key) => t("key_" + key), upperCase: true });
  }


  function renderConfirm() {
    const p = state.procedure;
    if (!p) return;
    $("confirm-title").textContent = name(p);
    const details = [];
    if (p.redirect) {
      // Where to go in full words, and that VNeID does it online (as the robot says).
      details.push(el("div", { class: "alert redirect" }, el("p", { class: "strong" }, t("redirect_title")),
        el("p", { class: "big-text" }, t("redirect_go"), " ", vi(p.redirect)),
        el("p", { class: "redirect-online" }, t("redirect_online"))));
    } else {
      // In English where the catalogue has it; otherwise the Vietnamese, marked as such for screen readers.
      const english = state.lang === "en" && (p.documents_en || []).length === p.documents.length && p.documents.length;
      const documents = english ? p.documents_en : p.documents;
      details.push(el("h3", {}, t("documents")), documents.length
        ? el("ul", state.lang === "vi" || english ? {} : { lang: "vi" }, ...documents.map((d) => el("li", {}, d)))
        : el("p", {}, t("no_documents")));
      details.push(el("p", {}, el("strong", {}, t("fee") + ": "), translated(p.fee)),
        el("p", {}, el("strong", {}, t("time") + ": "), translated(p.processing_time)));
      if (p.person_must_attend) details.push(el("p", {}, t("must_attend")));
      const counters = TEXT.servingCounters(state.catalogue.counters, p.field_id);
      details.push(el("p", { class: "where" }, el("strong", {}, t("where") + ": "),
        counters.map(counterText).join("; ")));
      if (!counters.some((c) => c.staffed)) details.push(el("p", { class: "where-note" }, t("no_open_counter")));
      if (!isOpen()) {
        details.push(el("p", { class: "alert closed-note" }, t("closed_no_ticket"), " ",
          state.catalogue.centre.next_opening_text[state.lang]));
      }
    }
    $("procedure-details").replaceChildren(...details);
    const canIssue = !p.redirect && isOpen();
    $("priority-question").hidden = !canIssue || !state.catalogue.priority_categories.length;
    $("issue-button").hidden = !canIssue;
    KioskNearby.show($("nearby-note"), { procedure: canIssue ? p : null, lang: state.lang, settings: state.settings, token });
    const options = [{ id: null, name: { vi: TEXT.vi.no_priority, en: TEXT.en.no_priority } },
      ...state.catalogue.priority_categories];
    $("priority-options").replaceChildren(...options.map((c) => tile([name(c)], (event) => {
      state.priority = c.id;
      for (const b of $("priority-options").children) b.setAttribute("aria-pressed", String(b === event.currentTarget));
    }, { "aria-pressed": String(c.id === state.priority) })));
  }

  function renderTicket() {
    const ticket = state.ticket;
    if (!ticket) return;
    $("ticket-number").textContent = ticket.number;
    const category = state.catalogue && ticket.priority
      ? state.catalogue.priority_categories.find((c) => c.id === ticket.priority) : null;
    $("ticket-priority").hidden = !ticket.priority;
    $("ticket-priority").textContent = ticket.priority ? `${t("priority_label")}: ${category ? name(category) : ticket.priority}` : "";
    const procedure = state.catalogue && state.catalogue.procedures.find((p) => p.id === ticket.procedure_id);
    $("ticket-procedure").textContent = procedure ? name(procedure) : "";
    $("ticket-counters").textContent = ticket.counters.length
      ? t("counters") + ": " + ticket.counters.map(counterText).join("; ")
      : t("counters_later");
    $("ticket-wait").textContent = t("ahead")(ticket.people_ahead, ticket.eta_minutes);
    $("ticket-qr").src = MotCua.url("/qr.svg?data=") + encodeURIComponent(ticket.track_url);
    $("ticket-qr").alt = t("qr_alt");
    const note = $("ticket-print-note");
    note.textContent = { printing: t("printed"), uncertain: t("may_not_print"), failed: t("print_failed") }[state.print]
      || t("not_printed")(t("printer_reason")[state.printerStatus] || t("printer_reason").offline);
    note.className = state.print === "printing" ? "print-note" : "print-note failed";
    note.setAttribute("role", state.print === "printing" ? "status" : "alert");
    renderCountdown();
  }

  function renderClosed() {
    if (!state.catalogue) return;
    const centre = state.catalogue.centre;
    $("closed-next").textContent = centre.next_opening_text ? centre.next_opening_text[state.lang] : "";
    $("closed-hours").replaceChildren(...KioskStart.hours(centre, t));
  }

  function renderClosedBanner() {
    const banner = !isOpen() && state.screen !== "closed" && state.screen !== "ticket";
    $("closed-banner").hidden = !banner;
    if (banner) $("closed-banner").textContent = t("closed_banner") + " " + state.catalogue.centre.next_opening_text[state.lang];
  }

  function renderPrinter() {
    const alert = $("printer-alert");
    alert.hidden = !printerProblem();
    alert.textContent = printerProblem() ? `${t("printer_alert")[state.printerStatus]} ${t("printer_alert_more")}` : "";
  }

  function setLargeText(on) {
    state.largeText = on;
    document.documentElement.classList.toggle("large-text", on);
    $("large-text-toggle").setAttribute("aria-pressed", String(on));
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    $("language-toggle").textContent = t("toggle");
    $("language-toggle").lang = state.lang === "vi" ? "en" : "vi";
    $("centre-name").textContent = state.lang === "en" ? pageData.centre.name_en : pageData.centre.name;
    $("issue-button").textContent = state.busy ? t("issuing") : t("take_ticket");
    renderKeyboard();
    renderPrinter();
    tokenNotice();
    if (!state.catalogue) return;
    renderFields(); renderPopular(); renderProcedures(); renderConfirm(); renderTicket(); renderClosed(); renderSearch();
    renderClosedBanner();
  }

  // --- the confirmation screen's countdown ------------------------------------------------------------

  function confirmationSeconds() {
    return state.print === "printing" ? state.settings.confirmation_seconds : state.settings.no_paper_confirmation_seconds;
  }

  function renderCountdown() {
    $("ticket-countdown").textContent = t("countdown")(state.countdown);
  }

  function startCountdown() {
    state.countdown = confirmationSeconds();
    renderCountdown();
    clearInterval(countdownTimer);
    countdownTimer = setInterval(() => {
      state.countdown -= 1;
      if (state.countdown <= 0) { clearInterval(countdownTimer); resetToStart(); } else renderCountdown();
    }, 1000);
  }

  // --- issuing ----------------------------------------------------------------------------------------

  async function issue() {
    if (!token || state.tokenProblem) { tokenNotice(); return; }
    if (state.busy) return;
    state.busy = true;
    $("issue-button").disabled = true;
    $("issue-button").textContent = t("issuing");
    const result = await MotCua.api("/tickets", { method: "POST", token,
      body: { procedure_id: state.procedure.id, priority: state.priority, language: state.lang } });
    state.busy = false;
    $("issue-button").disabled = false;
    $("issue-button").textContent = t("take_ticket");
    if (!result.ok) {
      const error = result.data && result.data.error;
      notice(error ? Messages.error(error, state.lang) : t("error")(result.status));
      if (error && error.code === "centre_closed") await loadCatalogue();
      return;
    }
    notice("");
    state.ticket = { ...result.data.ticket, priority: result.data.ticket.priority ?? state.priority };
    // The failure event can beat the POST's answer when the printer fails at once.
    state.print = state.failedTicketId === state.ticket.id ? "failed" : printerProblem() ? "no_printer"
      : state.printerStatus === "unknown" ? "uncertain" : "printing";
    renderTicket();
    show("ticket");
  }

  // --- data: catalogue, device, live events -----------------------------------------------------------

  async function loadCatalogue() {
    const result = await MotCua.api("/catalogue");
    if (!result.ok) { notice(result.data && result.data.error ? Messages.error(result.data.error, state.lang) : t("error")(result.status)); return; }
    // Unchanged (a reconnect, the periodic check): leave the screen alone, so no tap lands on a replaced tile.
    const text = JSON.stringify(result.data);
    if (text === state.catalogueText) return;
    state.catalogueText = text;
    const wasOpen = isOpen();
    state.catalogue = result.data;
    state.index = KioskSearch.buildIndex(state.catalogue);
    // Keep the visitor where they are unless what they chose is gone (disabled, removed).
    if (state.field) state.field = state.catalogue.fields.find((f) => f.id === state.field.id) || null;
    if (state.procedure) state.procedure = state.catalogue.procedures.find((p) => p.id === state.procedure.id) || null;
    applyLanguage();
    const lost = (state.screen === "procedures" && !state.field) || (state.screen === "confirm" && !state.procedure);
    if (state.screen === null || lost || ((state.screen === "closed" || state.screen === "fields") && wasOpen !== isOpen())) {
      show(startScreen());
    }
    clearTimeout(openingTimer);
    const next = state.catalogue.centre.next_opening;
    if (!isOpen() && next) {  // check again when the centre opens
      openingTimer = setTimeout(loadCatalogue, Math.min(Math.max(new Date(next) - Date.now() + 1500, 5000), 2 ** 31 - 1));
    }
  }

  function scheduleReload() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(loadCatalogue, 250);
  }

  async function loadDevice() {
    if (!token) return;
    const result = await MotCua.api("/devices/me", { token });
    if (result.status === 401 || result.status === 403) { state.tokenProblem = "bad_token"; tokenNotice(); return; }
    if (!result.ok) return;
    const device = result.data;
    if (device.kiosk) {
      const wasDefault = state.largeText === Boolean(state.settings.large_text);
      state.settings = { ...state.settings, ...device.kiosk };
      if (wasDefault && state.screen !== "ticket") setLargeText(Boolean(state.settings.large_text));
    }
    if (device.printer) {
      state.printerDevice = device.printer.device_id;
      state.printerStatus = device.printer.printer_status;
      renderPrinter();
    }
  }

  function connect() {
    if (typeof io !== "function") return;
    // With its token the page joins its kiosk room (print_job_failed); a token the server refuses is dropped
    // and the page listens without it. Nothing missed while away is replayed: reload on every connect.
    const { socket } = MotCua.live({
      token: state.tokenProblem ? null : token,
      onConnect: () => { loadCatalogue(); loadDevice(); },
      onTokenRefused: () => { state.tokenProblem = "bad_token"; tokenNotice(); },
    });
    socket.on("catalogue_changed", scheduleReload);
    socket.on("counter_changed", scheduleReload);
    socket.on("printer_status_changed", (event) => {
      if (!state.printerDevice || event.device_id !== state.printerDevice) return;
      state.printerStatus = event.printer_status;
      renderPrinter();
    });
    socket.on("print_job_failed", (event) => {
      state.failedTicketId = event.ticket.id;
      if (!state.ticket || state.ticket.id !== event.ticket.id || state.print === "failed") return;
      state.print = "failed";
      renderTicket();
      state.countdown = Math.max(state.countdown, confirmationSeconds());  // time to note the number
      renderCountdown();
    });
  }

  // --- wiring -----------------------------------------------------------------------------------------

  $("language-toggle").addEventListener("click", () => { state.lang = state.lang === "vi" ? "en" : "vi"; applyLanguage(); });
  $("large-text-toggle").addEventListener("click", () => setLargeText(!state.largeText));
  $("home-button").addEventListener("click", () => { state.browseClosed = false; resetToStart(); });
  $("issue-button").addEventListener("click", issue);
  $("search-open").addEventListener("click", () => { renderSearch(); show("search"); });
  $("search-input").addEventListener("input", renderSearch);
  $("closed-browse").addEventListener("click", () => { state.browseClosed = true; show("fields"); });
  $("confirm-back").addEventListener("click", () => show(state.cameFrom === "search" ? "search" : "procedures"));
  $("ticket-more-time").addEventListener("click", startCountdown);
  $("ticket-done").addEventListener("click", resetToStart);
  for (const button of document.querySelectorAll("[data-go]")) button.addEventListener("click", () => show(button.dataset.go));

  setLargeText(state.largeText);
  applyLanguage();
  KioskScroll.watch($("scroll-hint"), () => t("scroll_more"), () => ["fields", "procedures"].includes(state.screen));
  KioskIdle.watch({  // kiosk-idle.js: "are you still there?", then back to the start
    settings: () => state.settings, text: (key) => t(key), reset: resetToStart,
    atRest: () => state.screen === "ticket" || state.busy || (state.screen === startScreen() && state.lang === "vi"
      && state.largeText === Boolean(state.settings.large_text) && !$("search-input").value),
  });
  loadCatalogue();
  loadDevice();
  connect();
  setInterval(() => { if (state.screen === startScreen()) loadCatalogue(); }, 5 * 60 * 1000);
})();
