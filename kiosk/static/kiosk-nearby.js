/* The kiosk points to nearby centres (issue 17): in a city, when the wait here for the chosen procedure is
   longer than the kiosk's `nearby_wait_minutes` (0: never), the confirmation screen names up to 2 centres
   within 10 km that serve it, are open and wait no longer than that ("Phường X gần đây: chờ khoảng N phút,
   cách M km"). Both this centre's wait and theirs come from GET /api/v1/centres (the kiosk's own estimate for
   a ticket issued now), asked at most every FRESH_MS per procedure; which centres: NearbyChoice
   (static/js/nearby-choice.js, the tracking page's rule too). */
"use strict";

const KioskNearby = (() => {
  const FRESH_MS = 30000;
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
    const others = here && here.eta_minutes !== null && here.eta_minutes > limit
      ? NearbyChoice.shorter(list, here.id, limit) : [];
    node.hidden = !others.length;
    if (!others.length) { node.replaceChildren(); return; }
    const t = Messages.reader(TEXT, lang);  // messages.js
    node.replaceChildren(MotCua.element("p", { class: "strong" }, t("here")(here.eta_minutes)),
      MotCua.element("ul", {}, ...others.map((c) => {
        const name = NearbyChoice.named(c, lang);
        return MotCua.element("li", name.attrs, t("place")(name.text, c.eta_minutes, NearbyChoice.km(c.distance_km, lang)));
      })));
  }

  return { show };
})();

if (typeof window !== "undefined") window.KioskNearby = KioskNearby;
