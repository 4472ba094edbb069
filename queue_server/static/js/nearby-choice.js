/* Which nearby centres to name when the wait here is long (issue 17): one rule for the kiosk's note and the
   tracking page's. From GET /api/v1/centres?procedure_id=&lat=&lon= (nearest first, those serving the
   procedure), the other centres that are open, within MAX_KM and wait no longer than the threshold
   (`nearby_wait_minutes`), at most SHOWN. No DOM. */
"use strict";

const NearbyChoice = {
  MAX_KM: 10,
  SHOWN: 2,

  shorter(centres, hereId, limit) {
    return centres.filter((c) => c.id !== hereId && c.open_now && c.eta_minutes !== null && c.eta_minutes <= limit
      && typeof c.distance_km === "number" && c.distance_km <= NearbyChoice.MAX_KM).slice(0, NearbyChoice.SHOWN);
  },

  /* A distance as the reader writes numbers: "1,2" in Vietnamese, "1.2" in English. */
  km(value, lang) {
    return value.toLocaleString(lang === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 1 });
  },

  /* A centre's name in the reader's language, with the lang attribute its text needs. */
  named(centre, lang) {
    const english = lang === "en" && centre.name_en;
    return { text: english ? centre.name_en : centre.name, attrs: english ? {} : { lang: "vi" } };
  },
};

if (typeof window !== "undefined") window.NearbyChoice = NearbyChoice;
if (typeof module !== "undefined") module.exports = NearbyChoice;
