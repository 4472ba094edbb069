/* The counter's rating tablet (/rate/<counter>): shows the ticket just served there and takes one rating. */
"use strict";

(() => {
  const { counter } = MotCua.pageData();
  const $ = (id) => document.getElementById(id);
  // The tablet is a registered device: opened once as /rate/<n>#token=TOKEN (a counter-tablet token bound to
  // this counter). Without it visitors cannot rate here; the page says so, for staff to fix.
  const TOKEN_KEY = "motcua.tablet_token:" + location.pathname;
  let token = MotCua.deviceToken(TOKEN_KEY);
  const TEXT = {
    vi: { title: "Đánh giá mức độ hài lòng", question: "Anh/chị có hài lòng với việc phục vụ?", legend: "Mức độ hài lòng",
      comment: "Góp ý (không bắt buộc)", send: "Gửi đánh giá", lang: "English",
      nobody: "Chưa có lượt phục vụ nào vừa xong.", ticket: (n) => `Số vừa được phục vụ: ${n}`,
      thanks: "Cảm ơn anh/chị đã đánh giá!", choose: "Xin chọn một mức đánh giá.",
      already: "Lượt này đã được đánh giá. Xin cảm ơn!", failed: "Chưa gửi được, xin thử lại.",
      device: "Máy tính bảng này chưa được đăng ký cho quầy (thiếu hoặc sai mã thiết bị). Xin báo cán bộ." },
    en: { title: "Rate our service", question: "Were you satisfied with the service?", legend: "Satisfaction",
      comment: "Comment (optional)", send: "Send rating", lang: "Tiếng Việt",
      nobody: "No visit has just finished here.", ticket: (n) => `Number just served: ${n}`,
      thanks: "Thank you for your rating!", choose: "Please choose a rating.",
      already: "This visit has already been rated. Thank you!", failed: "Could not send; please try again.",
      device: "This tablet is not registered for the counter (its device token is missing or wrong). Please tell the staff." },
  };
  let lang = "vi";
  const t = Messages.reader(TEXT, () => lang);  // messages.js
  let view = null;
  let thanksUntil = 0;
  let mounted = null;  // the form is drawn again only for another ticket or language

  function render() {
    document.documentElement.lang = lang;
    $("tablet-title").textContent = t("title");
    $("tablet-question").textContent = t("question");
    $("tablet-legend").textContent = t("legend");
    $("tablet-comment-label").textContent = t("comment");
    $("tablet-submit").textContent = t("send");
    $("tablet-lang").textContent = t("lang");
    $("tablet-lang").lang = lang === "vi" ? "en" : "vi";
    $("tablet-device").hidden = Boolean(token);
    $("tablet-device").textContent = token ? "" : t("device");
    const thanking = Date.now() < thanksUntil;
    // Text only while thanking: a hidden node holding "thank you" would read as a rating that was sent.
    $("tablet-thanks").hidden = !thanking;
    $("tablet-thanks").textContent = thanking ? t("thanks") : "";
    $("tablet-ticket").textContent = view && view.ticket ? t("ticket")(view.ticket.number) : t("nobody");
    const open = Boolean(token) && !thanking && view && view.ticket && view.can_rate;
    $("tablet-rating").hidden = !open;
    const key = open ? `${view.ticket.id}:${lang}` : null;
    if (open && key !== mounted) {
      mounted = key;
      RatingForm.mount({
        levelsNode: $("tablet-levels"), form: $("tablet-form"), comment: $("tablet-comment"), error: $("tablet-error"),
        submit: $("tablet-submit"), scale: view.scale, lang,
        words: { choose: t("choose"), already: t("already"), failed: t("failed") },
        onSubmit: async (body) => {
          const result = await MotCua.api(`/counters/${counter.number}/rating`, {
            method: "POST", token, body: { ticket_id: view.ticket.id, ...body } });
          if (result.status === 401 || result.status === 403) {  // revoked, or another counter's tablet
            localStorage.removeItem(TOKEN_KEY);
            token = null;
            mounted = null;
            render();
          }
          if (result.ok) {
            $("tablet-comment").value = "";
            thanksUntil = Date.now() + 8000;
            setTimeout(refresh, 8100);
            await refresh();
          }
          return result;
        },
      });
    }
  }

  async function refresh() {
    const result = await MotCua.api(`/counters/${counter.number}/last-served`);
    if (result.ok) {
      const changed = !view || !view.ticket || !result.data.ticket || view.ticket.id !== result.data.ticket.id;
      view = result.data;
      if (changed) { lang = "vi"; $("tablet-comment").value = ""; }
    }
    render();
  }

  $("tablet-lang").addEventListener("click", () => { lang = lang === "vi" ? "en" : "vi"; render(); });
  MotCua.live({
    onSnapshot: refresh,
    handlers: { ticket_completed: (p) => { if (p.counter && p.counter.number === counter.number) refresh(); } },
  });
  setInterval(refresh, 30000);  // the ticket leaves the tablet after its rating window
})();
