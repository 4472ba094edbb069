/* The kiosk's start and closed screens: which procedures to offer first (the most asked today, from the
   catalogue's `popular`), and the week's opening hours as list items. */
"use strict";

const KioskStart = {
  DAYS: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],

  popular(catalogue) {
    const byId = new Map(catalogue.procedures.map((p) => [p.id, p]));
    return (catalogue.popular || []).map((id) => byId.get(id)).filter(Boolean);
  },

  /* centre: the catalogue's centre (always_open, opening_hours); t(key): words in the visitor's language. */
  hours(centre, t) {
    const el = MotCua.element;
    if (centre.always_open) return [el("li", {}, t("always_open"))];
    return KioskStart.DAYS.map((day, i) => {
      const spans = (centre.opening_hours || {})[day] || [];
      return el("li", {}, el("strong", {}, t("days")[i] + ": "),
        spans.length ? spans.map(([s, e]) => `${s}–${e}`).join(", ") : t("day_off"));
    });
  },
};

if (typeof window !== "undefined") window.KioskStart = KioskStart;
