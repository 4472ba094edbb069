/* Every text of the kiosk's screens, Vietnamese and English (kiosk.js picks by the visitor's language).
   Functions where a text carries a value. No DOM here. */
"use strict";

const KioskText = {
  vi: {
    home: "⌂ Về trang đầu", large_text: "A+ Chữ to", toggle: "English",
    closed_title: "Ngoài giờ làm việc", closed_no_ticket: "Hiện chưa lấy được số thứ tự.",
    opening_hours: "Giờ làm việc", closed_browse: "Xem thông tin thủ tục",
    closed_banner: "Ngoài giờ làm việc: chỉ xem thông tin, chưa lấy được số.",
    search_open: "Tìm thủ tục theo tên", search_examples: "ví dụ: khai sinh, sổ đỏ, sao y, giấy độc thân",
    pick_field: "Hoặc chọn lĩnh vực", back: "← Quay lại", search_title: "Tìm thủ tục",
    search_label: "Gõ tên thủ tục, có dấu hoặc không dấu", keyboard: "Bàn phím",
    search_prompt: "Gõ ít nhất 2 chữ cái trên bàn phím bên dưới.",
    search_found: (n) => `Tìm thấy ${n} thủ tục. Chạm vào thủ tục cần làm.`,
    search_none: "Không tìm thấy thủ tục. Xin thử từ khác, hoặc quay lại chọn theo lĩnh vực.",
    key_space: "Dấu cách", key_backspace: "⌫ Xóa", key_clear: "Xóa hết",
    priority_question: "Anh/chị có thuộc diện ưu tiên không?",
    priority_note: "Khi chọn ưu tiên, xin mang theo giấy tờ chứng minh (căn cước, thẻ người khuyết tật, giấy xác nhận…): "
      + "cán bộ sẽ kiểm tra giấy tờ đó tại quầy.",
    no_priority: "Không ưu tiên", take_ticket: "Lấy số", issuing: "Đang lấy số…",
    documents: "Giấy tờ cần mang", no_documents: "Không có giấy tờ cần chuẩn bị trước.", fee: "Lệ phí",
    time: "Thời gian giải quyết", where: "Nộp hồ sơ tại", must_attend: "Người làm thủ tục cần có mặt.",
    no_open_counter: "Hiện chưa có cán bộ tại quầy của lĩnh vực này; số của anh/chị vẫn được gọi khi quầy mở.",
    closed_for_now: "Tạm đóng",
    redirect_title: "Thủ tục này không làm tại Trung tâm, không cần lấy số.",
    redirect_go: "Xin anh/chị đến:", redirect_tile: "Không lấy số tại đây", redirect_address: "Địa chỉ",
    redirect_online: "Có thể làm trực tuyến, không cần đi lại: ứng dụng VNeID trên điện thoại, hoặc Cổng Dịch vụ "
      + "công quốc gia (dichvucong.gov.vn).",
    your_number: "Số thứ tự của anh/chị", priority_label: "Ưu tiên", counters: "Quầy phục vụ",
    counters_later: "Quầy sẽ được báo trên màn hình khi gọi số.",
    ahead: (n, m) => (m === null
      ? `${n === 0 ? "Không có ai" : `Có ${n} người`} chờ trước anh/chị. Các quầy chưa mở, `
        + "thời gian chờ sẽ được báo khi cán bộ vào quầy."
      : n === 0 ? "Không có ai chờ trước anh/chị. Xin chờ gọi số." : `Có ${n} người chờ trước anh/chị, khoảng ${m} phút.`),
    qr_hint: "Quét mã QR để theo dõi lượt của anh/chị trên điện thoại.", qr_alt: "Mã QR theo dõi lượt",
    printed: "Phiếu đang được in. Vui lòng giữ phiếu và chờ gọi số.",
    may_not_print: "Phiếu giấy có thể không in ra được. Xin ghi lại số thứ tự trên màn hình hoặc quét mã QR.",
    print_failed: "Không in được phiếu giấy. Số của anh/chị vẫn được giữ: xin ghi lại số trên màn hình "
      + "(chụp ảnh hoặc quét mã QR) hoặc hỏi cán bộ.",
    not_printed: (reason) => `Không in được phiếu giấy (${reason}). Số của anh/chị vẫn được giữ: `
      + "xin chụp ảnh màn hình này hoặc quét mã QR.",
    printer_reason: { paper_out: "máy in hết giấy", offline: "máy in không hoạt động" },
    printer_alert: { paper_out: "Máy in hết giấy.", offline: "Máy in đang không hoạt động." },
    printer_alert_more: "Anh/chị vẫn lấy số được: số thứ tự hiện trên màn hình, xin chụp ảnh hoặc quét mã QR. "
      + "Cán bộ đã được báo.",
    countdown: (s) => `Màn hình tự về trang đầu sau ${s} giây.`, more_time: "Thêm thời gian", done: "Xong",
    no_token: "Kiosk chưa được đăng ký (thiếu mã thiết bị). Xin báo cán bộ.",
    bad_token: "Mã thiết bị của kiosk không hợp lệ hoặc đã bị thu hồi. Xin báo cán bộ.",
    days: ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"], day_off: "nghỉ",
    always_open: "Mở cửa cả ngày, mọi ngày.", error: (s) => `Có lỗi (${s}). Xin thử lại hoặc báo cán bộ.`,
    idle_question: "Anh/chị còn dùng máy không?", idle_continue: "Vẫn đang dùng", idle_reset: "Về trang đầu",
    idle_countdown: (s) => `Nếu không, màn hình sẽ về trang đầu sau ${s} giây cho người tiếp theo.`,
    popular: "Thủ tục nhiều người làm hôm nay", scroll_more: "▼ Còn nữa bên dưới: kéo xuống để xem thêm",
  },
  en: {
    home: "⌂ Start", large_text: "A+ Larger text", toggle: "Tiếng Việt",
    closed_title: "Outside opening hours", closed_no_ticket: "No tickets can be taken now.",
    opening_hours: "Opening hours", closed_browse: "See procedure information",
    closed_banner: "Outside opening hours: information only, no tickets now.",
    search_open: "Find a procedure by name", search_examples: "e.g. birth, land title (sổ đỏ), certified copy",
    pick_field: "Or choose a field", back: "← Back", search_title: "Find a procedure",
    search_label: "Type the procedure's name, with or without accents", keyboard: "Keyboard",
    search_prompt: "Type at least 2 letters on the keyboard below.",
    search_found: (n) => `${n} procedures found. Tap the one you need.`,
    search_none: "No procedure found. Try another word, or go back and choose a field.",
    key_space: "Space", key_backspace: "⌫ Delete", key_clear: "Clear all",
    priority_question: "Do you have priority?",
    priority_note: "If you choose a priority, please bring proof (ID card, disability card, certificate…): "
      + "staff will check it at the counter.",
    no_priority: "No priority", take_ticket: "Take a ticket", issuing: "Taking a ticket…",
    documents: "Documents to bring", no_documents: "Nothing to prepare in advance.", fee: "Fee",
    time: "Processing time", where: "Submit at", must_attend: "The person concerned must come in person.",
    no_open_counter: "No counter of this field is staffed yet; your number will be called when one opens.",
    closed_for_now: "Closed for now",
    redirect_title: "This procedure is not handled at this centre; no ticket is needed.",
    redirect_go: "Please go to:", redirect_tile: "No ticket here", redirect_address: "Address",
    redirect_online: "You can also do it online, without travelling: the VNeID app on your phone, or the National "
      + "Public Service Portal (dichvucong.gov.vn).",
    your_number: "Your number", priority_label: "Priority", counters: "Counters serving it",
    counters_later: "The counter will be shown on the screens when your number is called.",
    ahead: (n, m) => (m === null
      ? `${n === 0 ? "Nobody is waiting" : n === 1 ? "1 person is waiting" : `${n} people are waiting`} ahead of you. `
        + "The counters are not open yet; the wait will be shown once staff arrive."
      : n === 0 ? "Nobody is waiting ahead of you. Please wait for your number to be called."
        : `${n} people ahead of you, about ${m} minutes.`),
    qr_hint: "Scan the QR code to follow your turn on your phone.", qr_alt: "QR code to follow your turn",
    printed: "Your ticket is printing. Please keep it and wait for your number.",
    may_not_print: "The paper ticket may not print. Please note your number on screen or scan the QR code.",
    print_failed: "The paper ticket could not be printed. Your number is kept: please keep the number on "
      + "screen (take a photo or scan the QR code) or ask the staff.",
    not_printed: (reason) => `The paper ticket could not be printed (${reason}). Your number is kept: `
      + "please take a photo of this screen or scan the QR code.",
    printer_reason: { paper_out: "the printer is out of paper", offline: "the printer is not working" },
    printer_alert: { paper_out: "The printer is out of paper.", offline: "The printer is not working." },
    printer_alert_more: "You can still take a number: it is shown on screen, take a photo or scan the QR code. "
      + "Staff have been told.",
    countdown: (s) => `This screen returns to the start in ${s} seconds.`, more_time: "More time", done: "Done",
    no_token: "This kiosk is not registered (no device token). Please tell the staff.",
    bad_token: "This kiosk's device token is invalid or revoked. Please tell the staff.",
    days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], day_off: "closed",
    always_open: "Open all day, every day.", error: (s) => `Something went wrong (${s}). Please try again or ask the staff.`,
    idle_question: "Are you still there?", idle_continue: "I'm still here", idle_reset: "Back to the start",
    idle_countdown: (s) => `If not, this screen returns to the start in ${s} seconds for the next visitor.`,
    popular: "Most asked today", scroll_more: "▼ More below: scroll down to see them",
  },
};

/* "Quầy 1 – Hộ tịch (Tầng 1, bên trái)", in English when the catalogue's counter has English (`counters`: the
   catalogue's, which carry name_en / location_en; `counter`: one of them or a ticket's). */
KioskText.counter = (counter, counters, lang) => {
  const full = (counters || []).find((c) => c.number === counter.number) || counter;
  const pick = (key) => (lang === "en" && full[key + "_en"]) || counter[key];
  return pick("location") ? `${pick("name")} (${pick("location")})` : pick("name");
};

if (typeof window !== "undefined") window.KioskText = KioskText;

/* The counters to name for a field: the staffed ones that serve it, or while none is staffed the open ones
   (marked "Tạm đóng"), as a ticket lists them (queue_state.serving_counters). */
KioskText.servingCounters = (counters, fieldId) => {
  const serving = counters.filter((c) => c.field_ids.includes(fieldId));
  const staffed = serving.filter((c) => c.staffed);
  const open = serving.filter((c) => c.open);
  return staffed.length ? staffed : open.length ? open : serving;
};
