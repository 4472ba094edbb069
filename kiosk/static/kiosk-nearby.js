/* The kiosk points to nearby centres (issue 17): in a city, when the wait here for the chosen procedure is
   longer than the kiosk's `nearby_wait_minutes` (0: never), the confirmation screen names up to 2 centres
   within MAX_KM that serve it, are open and wait no longer than that ("Phường X gần đây: chờ khoảng N phút,
   cách M km"). Both this centre's wait and theirs come from GET /api/v1/centres (the kiosk's own estimate for
   a ticket issued now), asked at most every FRESH_MS per procedure. */
"use strict";

const KioskNearby = (() => {
  const MAX_KM = 10, SHOWN = 2, FRESH_MS = 30000;
  const TEXT = {
    vi: { here: (n) => `Ở đây hiện phải chờ khoảng ${n} phút. Gần đây có nơi chờ ngắn hơn, cũng giải quyết thủ tục này:`,
      place: (name, n, km) => `${name} gần đây: ${n <= 0 ? "không phải chờ" : `chờ khoảng ${n} phút`}, cách ${km} km` },
    en: { here: (n) => `The wait here is about ${n} min. These centres nearby handle this procedure with a shorter wait:`,
      place: (name, n, km) => `${name}, nearby: ${n <= 0 ? "no wait" : `about ${n} min wait`}, ${km} km away` },
  };
  const page = MotCua.pageData();
  const asked = new Map();  // procedure id → {at, answer: Promise}
  let shown = null;  // the procedure the note is for

  function centres(procedureId, token) {
    const kept = asked.get(procedureId);
    if (kept && Date.now() - kept.at < FRESH_MS) return kept.answer;
    const { lat, lon } = page.centre;
    const answer = MotCua.api(`/centres?procedure_id=${encodeURIComponent(procedureId)}&lat=${lat}&lon=${lon}`, { token });
    asked.set(procedureId, { at: Date.now(), answer });
    return answer;
  }

  /* node: the note's element; procedure: the one chosen (null: nothing to issue, no note). */
  async function show(node, { procedure, lang, settings, token }) {
    const limit = Number(settings.nearby_wait_minutes) || 0;
    shown = procedure && page.city && limit > 0 && page.centre.lat !== null ? procedure.id : null;
    if (!shown) { node.hidden = true; node.replaceChildren(); return; }
    const result = await centres(shown, token);
    if (shown !== procedure.id) return;  // another procedure was chosen meanwhile
    const list = result.ok ? result.data.centres : [];
    if (!result.ok) asked.delete(procedure.id);
    const here = list.find((c) => c.id === page.centre.id);
    const others = here && here.eta_minutes !== null && here.eta_minutes > limit ? list.filter((c) => c.id !== here.id
      && c.open_now && c.eta_minutes !== null && c.eta_minutes <= limit && c.distance_km <= MAX_KM).slice(0, SHOWN) : [];
    node.hidden = !others.length;
    if (!others.length) { node.replaceChildren(); return; }
    const t = Messages.reader(TEXT, lang);  // messages.js
    const km = (value) => value.toLocaleString(lang === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 1 });
    node.replaceChildren(MotCua.element("p", { class: "strong" }, t("here")(here.eta_minutes)),
      MotCua.element("ul", {}, ...others.map((c) => MotCua.element("li", lang === "en" && c.name_en ? {} : { lang: "vi" },
        t("place")(lang === "en" && c.name_en ? c.name_en : c.name, c.eta_minutes, km(c.distance_km))))));
  }

  return { show };
})();

if (typeof window !== "undefined") window.KioskNearby = KioskNearby;
