/* The tracking page tells a visitor whose wait is long that nearby centres serving the same procedure wait
   less now (issue 17), as information: they keep their number here, and another centre would give them a new
   one. Only in a city (the page data's `nearby`: the threshold of the kiosk that issued the ticket,
   `nearby_wait_minutes`, and where this centre is), only while the ticket waits longer than that threshold,
   naming the centres NearbyChoice picks (the kiosk's rule) and linking to /gan-day for the whole list.
   GET /api/v1/centres is asked at most every FRESH_MS. */
"use strict";

const TrackingNearby = (() => {
  const FRESH_MS = 60000;
  const TEXT = {
    vi: {
      title: "Để anh/chị biết: gần đây có nơi chờ ngắn hơn",
      intro: "Các trung tâm gần đây sau cũng giải quyết thủ tục này và lúc này chờ ngắn hơn:",
      place: (name, n, km) => `${name}: ${n <= 0 ? "không phải chờ" : `chờ khoảng ${n} phút`}, cách ${km} km`,
      keep: "Anh/chị vẫn giữ nguyên số thứ tự của mình tại đây. Nếu đến nơi khác, anh/chị sẽ lấy số mới tại đó.",
      more: "Xem các trung tâm gần đây và thời gian chờ",
    },
    en: {
      title: "For your information: shorter waits nearby",
      intro: "These centres nearby also handle this procedure and have a shorter wait now:",
      place: (name, n, km) => `${name}: ${n <= 0 ? "no wait" : `about ${n} min wait`}, ${km} km away`,
      keep: "You keep your number here. At another centre you would take a new number there.",
      more: "See the centres nearby and their waits",
    },
  };
  let asked = null;  // {at, answer: Promise}
  let drawn = "";    // what the section shows, so a refresh that changes nothing redraws nothing

  function centres(hint) {
    if (!asked || Date.now() - asked.at >= FRESH_MS) {
      const query = `procedure_id=${encodeURIComponent(hint.procedure_id)}&lat=${hint.lat}&lon=${hint.lon}`;
      asked = { at: Date.now(), answer: MotCua.api(`/centres?${query}`) };
    }
    return asked.answer;
  }

  function hide(node) {
    node.hidden = true;
    node.replaceChildren();
    drawn = "";
  }

  /* node: the section; ticket: as GET /track/<token> gives it; hint: the page data's `nearby` (none: never). */
  async function show(node, { ticket, lang, hint }) {
    const waiting = ticket && (ticket.status === "issued" || ticket.status === "transferred");
    if (!hint || !waiting || ticket.eta_minutes === null || ticket.eta_minutes <= hint.wait_minutes) {
      hide(node);
      return;
    }
    const result = await centres(hint);
    if (!result.ok) { asked = null; hide(node); return; }
    const others = NearbyChoice.shorter(result.data.centres, hint.centre_id, hint.wait_minutes);
    if (!others.length) { hide(node); return; }
    const t = Messages.reader(TEXT, lang);  // messages.js
    const lines = others.map((c) => {
      const name = NearbyChoice.named(c, lang);
      return { attrs: name.attrs, text: t("place")(name.text, c.eta_minutes, NearbyChoice.km(c.distance_km, lang)) };
    });
    const more = MotCua.url(`/gan-day?procedure_id=${encodeURIComponent(hint.procedure_id)}`
      + `&from=${encodeURIComponent(hint.centre_id)}&lang=${lang}`);
    const signature = JSON.stringify([lang, lines, more]);
    node.hidden = false;
    if (signature === drawn) return;
    drawn = signature;
    const el = MotCua.element;
    node.replaceChildren(el("h2", { id: "track-nearby-title" }, t("title")), el("p", {}, t("intro")),
      el("ul", {}, ...lines.map((line) => el("li", line.attrs, line.text))),
      el("p", { class: "track-keep" }, t("keep")), el("p", {}, el("a", { href: more }, t("more"))));
  }

  return { show };
})();

if (typeof window !== "undefined") window.TrackingNearby = TrackingNearby;
