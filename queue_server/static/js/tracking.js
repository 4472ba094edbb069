/* Follow my turn (/t/<token>): number, status, people ahead and wait, live; a vibration and a chime when
   called; the rating after service. In the ticket's language (the one chosen at the kiosk), switchable; the
   switch is remembered on the phone for this ticket. */
"use strict";

(() => {
  const data = MotCua.pageData();
  const $ = (id) => document.getElementById(id);
  const TEXT = {
    vi: {
      your_number: "Số thứ tự của anh/chị", ahead: "Người chờ trước anh/chị", wait: "Thời gian chờ dự kiến",
      counters: "Quầy phục vụ", served_at: "Đã phục vụ tại",
      hint: "Khi đến lượt, trang này hiện thông báo, phát tiếng chuông (nếu đã bật âm thanh bên dưới) và rung trên "
        + "điện thoại Android, miễn là trang còn mở và màn hình còn sáng. iPhone không rung, và điện thoại đã khóa "
        + "màn hình thì không báo được: nếu ra ngoài, anh/chị nhớ mở lại trang này hoặc xem màn hình ở sảnh.",
      sound_on: "Bật âm thanh báo gọi", sound_ready: "Âm thanh đã bật", rate_title: "Anh/chị có hài lòng với việc phục vụ?",
      rate_legend: "Mức độ hài lòng", comment: "Góp ý (không bắt buộc)", send: "Gửi đánh giá", lang: "English",
      minutes: (n) => (n === null ? "Các quầy chưa mở" : n <= 0 ? "Sắp đến lượt" : `khoảng ${n} phút`),
      people: (n) => `${n} người`, closed_for_now: "Tạm đóng",
      status: { issued: "Đang chờ", transferred: "Đang chờ (đã chuyển quầy)", called: "Đến lượt anh/chị!",
        serving: "Đang được phục vụ", done: "Đã phục vụ xong", no_show: "Anh/chị đã lỡ lượt gọi",
        cancelled: "Phiếu đã hủy", held: "Tạm dừng tại quầy" },
      called: (c) => `Mời anh/chị đến ${c}`, no_show_hint: "Xin đến quầy và báo cán bộ để được gọi lại.",
      thanks: "Cảm ơn anh/chị đã đánh giá!", rated: (label) => `Anh/chị đã đánh giá: ${label}. Xin cảm ơn!`,
      choose: "Xin chọn một mức đánh giá.", already: "Phiếu này đã được đánh giá. Xin cảm ơn!",
      failed: "Chưa gửi được, xin thử lại.", offline: "Mất kết nối, đang kết nối lại…", online: "",
      expired: "Phiếu này đã hết hạn theo dõi.",
    },
    en: {
      your_number: "Your number", ahead: "People ahead of you", wait: "Estimated wait", counters: "Counters",
      served_at: "Served at",
      hint: "When it is your turn, this page shows it, rings (if you turn the sound on below) and vibrates on "
        + "Android phones, as long as the page is open and the screen is on. iPhones do not vibrate, and a locked "
        + "phone cannot be told: if you step out, open this page again or watch the screens in the hall.",
      sound_on: "Turn on the call sound", sound_ready: "Sound is on", rate_title: "Were you satisfied with the service?",
      rate_legend: "Satisfaction", comment: "Comment (optional)", send: "Send rating", lang: "Tiếng Việt",
      minutes: (n) => (n === null ? "The counters are not open yet" : n <= 0 ? "Almost your turn" : `about ${n} min`),
      people: (n) => (n === 1 ? "1 person" : `${n} people`), closed_for_now: "Closed for now",
      status: { issued: "Waiting", transferred: "Waiting (transferred)", called: "It is your turn!",
        serving: "Being served", done: "Service finished", no_show: "You missed your call",
        cancelled: "Ticket cancelled", held: "On hold at the counter" },
      called: (c) => `Please go to ${c}`, no_show_hint: "Please go to the counter and tell the staff, to be called again.",
      thanks: "Thank you for your rating!", rated: (label) => `You rated: ${label}. Thank you!`,
      choose: "Please choose a rating.", already: "This ticket has already been rated. Thank you!",
      failed: "Could not send; please try again.", offline: "Connection lost, reconnecting…", online: "",
      expired: "This ticket's link has expired.",
    },
  };
  // The ticket's language (chosen at the kiosk), not the phone's; a switch here is kept for this ticket.
  const LANG_KEY = `motcua-lang:${data.token}`;
  let lang = (localStorage.getItem(LANG_KEY) || data.language || "vi") === "en" ? "en" : "vi";
  let ticket = null;
  let lastStatus = null;
  let ratingState = null;
  let mountedLang = null;

  const t = Messages.reader(TEXT, () => lang);

  function counterText(c) {
    return c ? `${c.name}${c.location ? " (" + c.location + ")" : ""}` : "";
  }

  function chime() {  // no audio on this phone: the vibration and the banner still tell
    MotCua.tones([660, 880, 660], { spacing: 0.35, length: 0.3, volume: 0.4 });
  }

  function alertCalled() {
    if (navigator.vibrate) navigator.vibrate([400, 150, 400, 150, 400]);
    chime();
    document.body.dataset.alerted = String(Number(document.body.dataset.alerted || 0) + 1);
  }

  function translateStatic() {
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) {
      const value = t(node.dataset.i18n);
      if (typeof value === "string") node.textContent = value;
    }
    if (!ticket) $("track-counters-label").textContent = t("counters");
    if (data.centre_name) $("track-centre").textContent = data.centre_name[lang] || data.centre_name.vi;
    const button = $("track-lang");
    button.textContent = t("lang");
    button.lang = lang === "vi" ? "en" : "vi";
  }

  function render() {
    if (!ticket) return;
    $("track-number").textContent = ticket.number;
    $("track-status").textContent = t("status")[ticket.status] || ticket.status;
    const waiting = ticket.status === "issued" || ticket.status === "transferred";
    const finished = ["done", "cancelled"].includes(ticket.status);
    // Only what still applies: no "people ahead" or wait once called, no call sound once served.
    $("track-ahead").parentElement.hidden = !waiting;
    $("track-wait").parentElement.hidden = !waiting;
    $("track-sound").hidden = finished;
    $("track-ahead").textContent = waiting ? t("people")(ticket.people_ahead) : "–";
    $("track-wait").textContent = waiting ? t("minutes")(ticket.eta_minutes) : "–";
    const called = ticket.status === "called" || ticket.status === "serving";
    const atCounter = (ticket.counters || []).find((c) => c.number === ticket.counter_number);
    $("track-counters").textContent = called && ticket.counter_number
      ? counterText(atCounter || { name: `Quầy ${ticket.counter_number}` })
      : (ticket.counters || []).map((c) => c.name + (c.staffed === false ? ` – ${t("closed_for_now")}` : ""))
        .join(", ") || "–";
    renderServedAt(atCounter);
    const banner = $("track-called");
    banner.hidden = !(called || ticket.status === "no_show");
    if (called) banner.textContent = t("called")(counterText(atCounter || { name: `Quầy ${ticket.counter_number}` }));
    else if (ticket.status === "no_show") banner.textContent = t("no_show_hint");
    $("track-hint").hidden = !waiting;
    TrackingNearby.show($("track-nearby"), { ticket, lang, hint: data.nearby });  // in a city, a long wait
    renderRating();
  }

  /* After service: the one counter that served, not the list of those that could have. */
  function renderServedAt(atCounter) {
    const served = ticket.status === "done" && ticket.counter_number;
    $("track-counters-label").textContent = served ? t("served_at") : t("counters");
    $("track-counters").parentElement.hidden = ticket.status === "cancelled";
    if (served) $("track-counters").textContent = counterText(atCounter || { name: `Quầy ${ticket.counter_number}` });
  }

  function renderRating() {
    const section = $("track-rating");
    const thanks = $("track-thanks");
    if (!ratingState) { section.hidden = true; thanks.hidden = true; return; }
    if (ratingState.rating) {
      section.hidden = true;
      thanks.hidden = false;
      thanks.textContent = t("rated")(ratingState.rating.label[lang]);
      return;
    }
    section.hidden = !ratingState.can_rate;
    thanks.hidden = true;
    if (ratingState.can_rate && mountedLang !== lang) {
      mountedLang = lang;  // drawn again only when the language changes, so a choice in progress stays
      RatingForm.mount({
        levelsNode: $("rating-levels"), form: $("rating-form"), comment: $("rating-comment"),
        error: $("rating-error"), submit: $("rating-submit"), scale: ratingState.scale, lang,
        words: { choose: t("choose"), already: t("already"), failed: t("failed") },
        onSubmit: async (body) => {
          const result = await MotCua.api(`/track/${encodeURIComponent(data.token)}/rating`, { method: "POST", body });
          if (result.ok || (result.data && result.data.error && result.data.error.code === "already_rated")) {
            await loadRating();
          }
          return result;
        },
      });
    }
  }

  async function loadRating() {
    const result = await MotCua.api(`/track/${encodeURIComponent(data.token)}/rating`);
    ratingState = result.ok ? result.data : null;
    renderRating();
  }

  let pending = null;
  async function refresh() {
    const result = await MotCua.api("/track/" + encodeURIComponent(data.token));
    if (!result.ok) {
      if (result.status === 404 || result.status === 410) $("track-status").textContent = t("expired");
      return;
    }
    ticket = result.data.ticket;
    if (ticket.status === "called" && lastStatus !== null && lastStatus !== "called") alertCalled();
    if (ticket.status === "called" && lastStatus === "called" && ticket.recall_count > (refresh.recalls || 0)) alertCalled();
    refresh.recalls = ticket.recall_count;
    if (ticket.status === "done" && (lastStatus !== "done" || !ratingState)) await loadRating();
    lastStatus = ticket.status;
    render();
  }
  const soon = () => { clearTimeout(pending); pending = setTimeout(refresh, 250); };

  $("track-lang").addEventListener("click", () => {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem(LANG_KEY, lang);
    translateStatic();
    render();
  });
  $("track-sound").addEventListener("click", () => {
    chime();  // a tap unlocks sound on phones that block it until the visitor touches the page
    $("track-sound").textContent = t("sound_ready");
  });

  translateStatic();
  MotCua.live({
    onSnapshot: refresh,
    handlers: {
      queue_changed: soon,
      counter_changed: soon,  // someone sat down at a counter, or left it: the wait changes
      ticket_completed: (p) => { if (p.ticket && p.ticket.id === data.ticket_id) soon(); },
      ticket_recalled: (p) => { if (p.ticket && p.ticket.id === data.ticket_id) soon(); },
    },
    onConnectionChange: (up) => { $("track-connection").textContent = up ? t("online") : t("offline"); },
  });
  setInterval(refresh, 60000);  // the wait estimate drifts as time passes, even without events
})();
