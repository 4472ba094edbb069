/* The nearest short queue (/gan-day): pick a procedure (searched as at the kiosk: with or without diacritics,
   by colloquial names too), share the phone's position or pick a ward, and see the city's centres nearest
   first with the wait now (GET /api/v1/centres), whether each is open and whether it handles the procedure.
   Vietnamese first, English on a tap (remembered on the phone); the list refreshes every minute.
   A link may choose for the visitor: ?procedure_id=<id>&from=<centre id>&lang=en (the tracking page's, from
   the centre where they hold a ticket). */
"use strict";

(() => {
  const data = MotCua.pageData();
  const $ = (id) => document.getElementById(id);
  const el = MotCua.element;
  const TEXT = {
    vi: {
      title: "Nơi chờ ngắn gần anh/chị", lang: "English", change: "Chọn thủ tục khác",
      intro: "Chọn thủ tục và vị trí: các trung tâm gần nhất hiện ra với thời gian chờ lúc này.",
      procedure_title: "1. Thủ tục cần làm", search_label: "Tìm thủ tục (gõ có dấu hoặc không dấu)",
      place_title: "2. Vị trí của anh/chị", use_location: "Dùng vị trí hiện tại",
      ward_label: "Hoặc chọn phường, xã của anh/chị", ward_none: "— Chọn phường, xã —",
      results_title: "Các trung tâm, gần nhất trước",
      search_prompt: "Gõ ít nhất 2 chữ, ví dụ “khai sinh”, “so do”.", search_none: "Không tìm thấy thủ tục nào.",
      search_found: (n) => `Tìm thấy ${n} thủ tục.`, chosen: (name) => `Thủ tục: ${name}`,
      locating: "Đang lấy vị trí…", located: "Đã dùng vị trí hiện tại của anh/chị.",
      no_location: "Không lấy được vị trí. Xin chọn phường, xã ở danh sách bên dưới.",
      near_ward: (name) => `Tính khoảng cách từ: ${name}.`,
      pick_place: "Xin dùng vị trí hiện tại hoặc chọn phường, xã để xem các trung tâm gần nhất.",
      loading: "Đang tải…", failed: "Chưa tải được danh sách, xin thử lại.",
      listed: (n, name) => (name ? `${n} trung tâm; thời gian chờ cho thủ tục “${name}”.` : `${n} trung tâm.`),
      away: (km) => `cách ${km} km`, open: "Đang mở cửa", closed: "Đang đóng cửa",
      wait: (n) => (n === null ? "Chưa có quầy nào đang phục vụ" : n <= 0 ? "Không phải chờ" : `Chờ khoảng ${n} phút`),
      waiting: (n) => `${n} người đang chờ`, not_served: "Nơi này không giải quyết thủ tục này.",
      book: "Đặt lịch hẹn", page: "Trang của trung tâm",
    },
    en: {
      title: "A short queue near you", lang: "Tiếng Việt", change: "Choose another procedure",
      intro: "Choose a procedure and your position: the nearest centres are shown with the wait now.",
      procedure_title: "1. Your procedure", search_label: "Search procedures (with or without Vietnamese accents)",
      place_title: "2. Where you are", use_location: "Use my current position",
      ward_label: "Or choose your ward or commune", ward_none: "— Choose a ward or commune —",
      results_title: "Centres, nearest first",
      search_prompt: "Type at least 2 letters, e.g. “birth”, “khai sinh”.", search_none: "No procedure found.",
      search_found: (n) => (n === 1 ? "1 procedure found." : `${n} procedures found.`), chosen: (name) => `Procedure: ${name}`,
      locating: "Finding your position…", located: "Using your current position.",
      no_location: "Your position is not available. Please choose your ward or commune below.",
      near_ward: (name) => `Distances from: ${name}.`,
      pick_place: "Use your current position or choose a ward to see the nearest centres.",
      loading: "Loading…", failed: "The list could not be loaded; please try again.",
      listed: (n, name) => (name ? `${n} centres; waits for “${name}”.` : `${n} centres.`),
      away: (km) => `${km} km away`, open: "Open now", closed: "Closed now",
      wait: (n) => (n === null ? "No counter is serving yet" : n <= 0 ? "No wait" : `About ${n} min wait`),
      waiting: (n) => (n === 1 ? "1 person waiting" : `${n} people waiting`),
      not_served: "This centre does not handle this procedure.", book: "Book an appointment", page: "Centre's page",
    },
  };
  const LANG_KEY = "motcua-lang:nearby";
  const given = new URLSearchParams(location.search);
  let lang = (["vi", "en"].includes(given.get("lang")) ? given.get("lang") : localStorage.getItem(LANG_KEY)) === "en"
    ? "en" : "vi";
  const state = { procedure: null, origin: null, place: "", listed: null, sequence: 0 };
  const index = KioskSearch.buildIndex({ fields: [], procedures: data.procedures });
  const t = Messages.reader(TEXT, () => lang);  // messages.js
  const named = (item) => item.name[lang] || item.name.vi;

  function renderSearch() {
    const query = $("procedure-input").value;
    const results = KioskSearch.match(index, query, 8);
    $("procedure-results").replaceChildren(...results.map(({ procedure, synonym }) => el("li", {}, el("button", {
      type: "button", onclick: () => choose(procedure) }, named(procedure),
    synonym ? el("span", { class: "synonym", lang: "vi" }, `“${synonym}”`) : null))));
    const enough = Vietnamese.normalise(query).replace(/ /g, "").length >= 2;
    $("procedure-status").textContent = !enough ? t("search_prompt") : results.length ? t("search_found")(results.length) : t("search_none");
  }

  function choose(procedure) {
    state.procedure = procedure;
    renderProcedure();
    load();
    $("use-location").focus();
  }

  function renderProcedure() {
    $("procedure-chosen").hidden = !state.procedure;
    $("procedure-search").hidden = Boolean(state.procedure);
    if (state.procedure) $("procedure-name").textContent = t("chosen")(named(state.procedure));
  }

  function useLocation() {
    if (!navigator.geolocation) { place(t("no_location")); return; }
    place(t("locating"));
    navigator.geolocation.getCurrentPosition((position) => {
      state.origin = { lat: position.coords.latitude, lon: position.coords.longitude };
      $("ward").value = "";
      place(t("located"));
      load();
    }, () => place(t("no_location")), { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  }

  function chooseWard() {
    const centre = data.centres.find((c) => c.id === $("ward").value);
    if (!centre) return;
    state.origin = { lat: centre.lat, lon: centre.lon, ward: centre };
    place(null);
    load();
  }

  function place(text) {
    state.place = text;
    const ward = state.origin && state.origin.ward;
    $("place-status").textContent = text === null && ward ? t("near_ward")(named(ward)) : (text || "");
  }

  async function load() {
    if (!state.origin) { $("results-status").textContent = t("pick_place"); return; }
    const mine = ++state.sequence;
    const where = `lat=${state.origin.lat}&lon=${state.origin.lon}`;
    $("results-status").textContent = t("loading");
    const asked = [MotCua.api(`/centres?${where}`)];
    if (state.procedure) asked.push(MotCua.api(`/centres?${where}&procedure_id=${encodeURIComponent(state.procedure.id)}`));
    const [all, serving] = await Promise.all(asked);
    if (mine !== state.sequence) return;  // a newer choice was made meanwhile
    if (!all.ok || (serving && !serving.ok)) { $("results-status").textContent = t("failed"); return; }
    const served = serving ? new Map(serving.data.centres.map((c) => [c.id, c])) : null;
    state.listed = all.data.centres.map((c) => (served ? { ...c, ...(served.get(c.id) || {}), served: served.has(c.id) }
      : { ...c, served: true }));
    // The centres that handle it first, nearest first; the others after them, for the visitor to know
    state.listed.sort((a, b) => (b.served - a.served) || ((a.distance_km ?? 1e9) - (b.distance_km ?? 1e9)));
    renderResults();
  }

  function renderResults() {
    if (!state.listed) return;
    const name = state.procedure ? named(state.procedure) : null;
    $("results-status").textContent = t("listed")(state.listed.length, name);
    $("results").replaceChildren(...state.listed.map((c) => {
      const name = NearbyChoice.named(c, lang);
      const lines = [el("h3", name.attrs, name.text),
        el("p", {}, el("span", { class: "nearby-badge " + (c.open_now ? "open" : "closed") }, c.open_now ? t("open") : t("closed")),
          c.distance_km === null || c.distance_km === undefined ? "" : " · " + t("away")(NearbyChoice.km(c.distance_km, lang)))];
      if (c.served) {
        lines.push(el("p", { class: "nearby-wait" }, t("wait")(c.eta_minutes)), el("p", {}, t("waiting")(c.waiting)));
      } else {
        lines.push(el("p", { class: "strong" }, t("not_served")));
      }
      const english = lang === "en" ? "?lang=en" : "";
      lines.push(el("p", { class: "nearby-links" },
        c.served ? el("a", { href: c.url + "dat-lich" + english }, t("book")) : null,
        el("a", { href: c.url + english }, t("page"))));
      return el("li", { class: "nearby-centre" + (c.served ? "" : " not-served") }, ...lines);
    }));
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    $("nearby-lang").textContent = t("lang");
    $("nearby-lang").lang = lang === "vi" ? "en" : "vi";
    $("nearby-city").textContent = data.city[lang] || data.city.vi;
    for (const option of $("ward").options) {
      const centre = data.centres.find((c) => c.id === option.value);
      if (centre) { option.textContent = named(centre); option.lang = lang === "en" && centre.name.en ? "en" : "vi"; }
    }
    renderSearch(); renderProcedure(); place(state.place); renderResults();
    if (!state.origin) $("results-status").textContent = t("pick_place");
  }

  $("nearby-lang").addEventListener("click", () => {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem(LANG_KEY, lang);
    applyLanguage();
  });
  $("procedure-input").addEventListener("input", renderSearch);
  $("procedure-change").addEventListener("click", () => {
    state.procedure = null;
    renderProcedure();
    load();
    $("procedure-input").focus();
  });
  $("use-location").addEventListener("click", useLocation);
  $("ward").addEventListener("change", chooseWard);
  setInterval(() => { if (state.origin && !document.hidden) load(); }, 60000);
  state.procedure = data.procedures.find((p) => p.id === given.get("procedure_id")) || null;
  const from = data.centres.find((c) => c.id === given.get("from"));
  if (from) {
    $("ward").value = from.id;
    state.origin = { lat: from.lat, lon: from.lon, ward: from };
    state.place = null;
  }
  applyLanguage();
  if (state.origin) load();
})();
