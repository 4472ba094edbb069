/* "More below": a long list (a field's 15 procedures in landscape) gives no sign that it scrolls on a
   touchscreen without scroll bars, so a bar at the bottom says so while there is more below. */
"use strict";

const KioskScroll = {
  /* applies() → whether the screen shown is a list (not the details, whose "Lấy số" stays at the bottom). */
  watch(hint, text, applies) {
    const update = () => {
      const more = applies() && document.documentElement.scrollHeight - (window.scrollY + window.innerHeight) > 40;
      // Write only what changed: the hint itself is inside the observed page.
      if (hint.textContent !== text()) hint.textContent = text();
      if (hint.hidden === more) hint.hidden = !more;
    };
    for (const kind of ["scroll", "resize"]) window.addEventListener(kind, update, { passive: true });
    new MutationObserver(update).observe(document.getElementById("kiosk"), { childList: true, subtree: true,
      attributes: true, attributeFilter: ["hidden"] });
    update();
  },
};

if (typeof window !== "undefined") window.KioskScroll = KioskScroll;
