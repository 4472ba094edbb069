/* The robot's screen: conversation with the reception robot through POST /api/v1/assistant/messages,
   quick replies (Rasa buttons), the on-screen Vietnamese keyboard, vi/en, each answer spoken
   (/robot/speech.wav, one request per chunk, played in order), the counters' location from
   GET /api/v1/catalogue and the ticket when one is issued. Left alone for `idle_seconds` (60), the robot asks
   "are you still there?"; `confirm_seconds` (20) later the conversation is cleared for the next visitor (new
   Rasa sender: nobody sees the previous visitor's ticket or inherits their topic). */
"use strict";

(() => {
  const data = MotCua.pageData();
  const $ = (id) => document.getElementById(id);
  const el = MotCua.element;

  const TEXT = {
    vi: {
      greeting: (centre) => `Xin chào! Tôi là robot lễ tân của ${centre}. Anh/chị cần làm thủ tục gì? Hãy chạm vào một gợi ý hoặc nhập câu hỏi.`,
      suggestions: [["Làm giấy khai sinh ở quầy nào?", null], ["Giờ làm việc", null], ["Lấy số thứ tự", null],
        ["Gặp cán bộ", null]],
      you: "Anh/chị", robot: "Robot",
      choices: "Gợi ý trả lời",
      where: "Nơi làm thủ tục",
      counter_closed: "tạm đóng",
      ticket: "Số thứ tự của anh/chị",
      printed: (kiosk) => `Vé đang được in tại ${kiosk}. Xin mời nhận vé.`,
      printed_here: "Xin mời nhận vé ở máy in bên cạnh.",
      offline: "Mất kết nối máy chủ. Xin mời lấy số tại kiosk hoặc hỏi cán bộ hướng dẫn.",
      help_waiting: "Đang chờ cán bộ nhận…",
      help_taken: "Đã báo cán bộ: cán bộ đang đến.",
      still_there: "Anh/chị còn ở đây không ạ? Nếu không, tôi sẽ bắt đầu lại cho người tiếp theo.",
      still_here: "Tôi vẫn ở đây",
      key_backspace: ["⌫", "Xóa lùi"], key_clear: "Xóa hết", key_space: "Dấu cách", key_enter: "Gửi",
      centre: data.centre.vi,
    },
    en: {
      greeting: (centre) => `Hello! I am the reception robot of ${centre}. What can I help you with? Tap a suggestion or type your question.`,
      suggestions: [["Which counter for birth registration?", null], ["Opening hours", null], ["Take a ticket", null],
        ["Talk to a staff member", null]],
      you: "You", robot: "Robot",
      choices: "Suggested replies",
      where: "Where to go",
      counter_closed: "closed now",
      ticket: "Your ticket number",
      printed: (kiosk) => `Your ticket is being printed at ${kiosk}. Please collect it.`,
      printed_here: "Please collect your ticket at the printer next to me.",
      offline: "Cannot reach the server. Please take a ticket at the kiosk or ask a staff member.",
      help_waiting: "Waiting for a staff member to answer…",
      help_taken: "A staff member has been told and is coming.",
      still_there: "Are you still there? If not, I will start again for the next visitor.",
      still_here: "I'm still here",
      key_backspace: ["⌫", "Backspace"], key_clear: "Clear", key_space: "Space", key_enter: "Send",
      centre: data.centre.en,
    },
  };

  let lang = data.lang === "en" ? "en" : "vi";
  let soundOn = data.sound !== false;
  let conversation = 0;        // bumped on every reset: late answers of a cleared conversation are dropped
  let sender = "";
  let idleTimer = null;
  const counters = new Map();
  let catalogueLoaded = Promise.resolve();  // the first load of the counters' locations
  const t = Messages.reader(TEXT, () => lang);

  // As robot_screen/speech.py guess_language: English answers quote Vietnamese names ("Quầy 1 – Hộ tịch").
  const ENGLISH = new Set(("the is are at for of to your you please and with on this it from what which where when "
    + "how counter counters ticket tickets number minutes people open hours fee documents i my we can not no yes "
    + "sorry hello thank thanks take bring copy copies registration").split(" "));
  const guessLang = (text) => {
    const words = text.match(/\p{L}+/gu) || [];
    if (!words.length) return lang;
    const english = words.filter((w) => ENGLISH.has(w.toLowerCase())).length;
    if (english >= 2 && english / words.length >= 0.15) return "en";
    const vietnamese = words.filter((w) => /[^\u0000-\u007f]/.test(w)).length;
    return vietnamese / words.length >= 0.2 ? "vi" : "en";
  };

  /* ---- catalogue: counters and their location ---- */
  async function loadCatalogue() {
    const result = await MotCua.api("/catalogue");
    if (!result.ok) return;
    counters.clear();
    for (const counter of result.data.counters || []) counters.set(counter.number, counter);
  }

  /* ---- speech: one <audio>, a queue of chunks ---- */
  const voice = $("voice");
  const speechQueue = [];
  let speaking = false;
  let requested = 0;

  function chunks(text) {
    const limit = Math.min(data.speech_chars || 600, 300);
    const pieces = [];
    for (const line of text.split(/\n+/)) {
      let rest = line.trim();
      while (rest.length > limit) {
        let cut = Math.max(rest.lastIndexOf(". ", limit), rest.lastIndexOf("; ", limit), rest.lastIndexOf(", ", limit));
        if (cut < limit / 3) cut = rest.lastIndexOf(" ", limit);
        if (cut <= 0) cut = limit;
        pieces.push(rest.slice(0, cut + 1).trim());
        rest = rest.slice(cut + 1).trim();
      }
      if (rest) pieces.push(rest);
    }
    const merged = [];  // consecutive short lines in one language are said in one request
    for (const piece of pieces.filter((p) => /[\p{L}\p{N}]/u.test(p))) {
      const last = merged[merged.length - 1];
      if (last && guessLang(last) === guessLang(piece) && last.length + piece.length < limit) {
        merged[merged.length - 1] = last + (/[.!?:]$/.test(last) ? " " : ". ") + piece;
      } else {
        merged.push(piece);
      }
    }
    return merged;
  }

  function speak(text) {
    if (!soundOn || !text) return;
    for (const chunk of chunks(text)) {
      speechQueue.push(MotCua.url("/robot/speech.wav") + `?lang=${guessLang(chunk)}&text=${encodeURIComponent(chunk)}`);
    }
    if (!speaking) playNext();
  }

  function playNext() {
    const url = speechQueue.shift();
    if (!url) { speaking = false; return; }
    speaking = true;
    requested += 1;
    document.body.dataset.speechRequests = String(requested);
    voice.src = url;
    voice.play().catch((error) => {
      if (error && error.name === "NotAllowedError") stopSpeaking();  // no gesture yet: stay silent
    });
  }

  function stopSpeaking() {
    speechQueue.length = 0;
    speaking = false;
    voice.pause();
  }

  voice.addEventListener("ended", playNext);
  voice.addEventListener("error", () => { if (speaking) playNext(); });  // 503: show the text, skip the sound

  /* ---- conversation ---- */
  const log = $("conversation");

  function scrollDown() {
    log.parentElement.scrollTop = log.parentElement.scrollHeight;
    log.lastElementChild?.scrollIntoView({ block: "end" });
  }

  function visitorMessage(text) {
    log.append(el("li", { class: "message visitor", lang: guessLang(text) },
      el("span", { class: "visually-hidden" }, t("you") + ": "),
      el("p", {}, text)));
    scrollDown();
  }

  function counterCard(numbers) {
    const known = numbers.map((n) => counters.get(n)).filter(Boolean);
    if (!known.length) return null;
    const list = el("ul", { class: "counter-list" });
    for (const counter of known) {
      // Closed for the day, or nobody at the desk now (staffed is false until a person claims it).
      const closed = counter.open === false || counter.staffed === false;
      list.append(el("li", { class: "counter-item" + (closed ? " closed" : "") },
        el("span", { class: "counter-number", "aria-hidden": "true" }, String(counter.number)),
        el("span", { class: "counter-text" },
          el("strong", { lang: "vi" }, counter.name),
          counter.location ? el("span", { class: "counter-location", lang: "vi" }, MotCua.icon("pin"), " " + counter.location) : null,
          closed ? el("span", { class: "counter-closed" }, " (" + t("counter_closed") + ")") : null)));
    }
    return el("div", { class: "counter-card" }, el("p", { class: "card-title" }, t("where")), list);
  }

  function ticketCard(reply) {
    return el("div", { class: "ticket-card", role: "status" },
      el("p", { class: "card-title" }, t("ticket")),
      el("p", { class: "ticket-big", "data-ticket": reply.ticket_number }, reply.ticket_number),
      el("p", {}, data.print_at ? t("printed")(data.print_at) : t("printed_here")));
  }

  /* "Gặp cán bộ": the robot alerted the counters; show when a staff member has taken it (polled, this
     conversation only, at most 15 minutes). */
  function helpStatus(id) {
    const ours = conversation;
    const line = el("p", { class: "help-status", role: "status", dataset: { helpRequest: id } }, t("help_waiting"));
    const until = Date.now() + 15 * 60 * 1000;
    const check = async () => {
      if (ours !== conversation || Date.now() > until) return;
      const result = await MotCua.api(`/help-requests/${encodeURIComponent(id)}/status`);
      if (ours !== conversation) return;
      if (result.ok && result.data.status === "acknowledged") {
        line.textContent = t("help_taken");
        line.dataset.status = "acknowledged";
        speak(t("help_taken"));
        return;
      }
      setTimeout(check, 4000);
    };
    setTimeout(check, 1000);
    return line;
  }

  function robotMessage(reply, { speakIt = true } = {}) {
    const item = el("li", { class: "message robot" + (reply.fallback ? " fallback" : ""),
      dataset: { intent: reply.intent || "", procedure: reply.procedure_id || "" } },
    el("span", { class: "visually-hidden" }, t("robot") + ": "));
    for (const line of String(reply.text || "").split("\n")) {
      if (line.trim()) item.append(el("p", { lang: guessLang(line) }, line));
    }
    if (reply.ticket_number) item.append(ticketCard(reply));
    if (reply.help_request_id) item.append(helpStatus(reply.help_request_id));
    const card = counterCard(reply.counters || []);
    if (card) item.append(card);
    if (reply.buttons && reply.buttons.length) {
      const group = el("div", { class: "quick-replies", role: "group", "aria-label": t("choices") });
      for (const button of reply.buttons) {
        group.append(el("button", { type: "button", class: "quick-reply", lang: guessLang(button.title),
          onclick: () => (button.action ? button.action() : send(button.payload || button.title, button.title)) },
        button.title));
      }
      item.append(group);
    }
    log.append(item);
    scrollDown();
    if (speakIt) speak(reply.text);
  }

  function greet({ speakIt = false } = {}) {
    robotMessage({ text: t("greeting")(t("centre")), intent: "greet",
      buttons: t("suggestions").map(([title]) => ({ title, payload: title })) }, { speakIt });
  }

  async function send(text, shown) {
    const ours = conversation;
    touch();
    stopSpeaking();
    visitorMessage(shown || text || "…");
    $("thinking").hidden = false;
    const result = await MotCua.api("/assistant/messages", { method: "POST", body: { sender, text } });
    await catalogueLoaded;  // an answer that names counters shows where they are, even right after start-up
    if (ours !== conversation) return;
    $("thinking").hidden = true;
    const replies = result.ok && result.data && Array.isArray(result.data.replies) ? result.data.replies : null;
    if (!replies) {
      robotMessage({ text: t("offline"), buttons: [] });
    } else {
      for (const reply of replies) robotMessage(reply);
    }
    touch();
  }

  function reset() {
    conversation += 1;
    sender = `${data.sender_prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    stopSpeaking();
    log.textContent = "";
    $("thinking").hidden = true;
    $("question").value = "";
    document.body.dataset.conversation = String(conversation);
  }

  // Left alone for idle_seconds, the robot asks "are you still there?"; confirm_seconds later, with no touch,
  // it starts again for the next visitor (new sender: the next visitor never inherits this one's topic).
  function touch() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(askStillThere, (data.idle_seconds || 60) * 1000);
  }

  function askStillThere() {
    const ours = conversation;
    if (log.children.length <= 1) { reset(); greet(); touch(); return; }  // nobody talked: nothing to ask
    robotMessage({ text: t("still_there"), intent: "still_there",
      buttons: [{ title: t("still_here"), action: () => { stillHere(); } }] });
    idleTimer = setTimeout(() => {
      if (ours === conversation) { reset(); greet(); touch(); }
    }, (data.confirm_seconds || 20) * 1000);
  }

  function stillHere() {
    for (const node of log.querySelectorAll('[data-intent="still_there"]')) node.remove();
    touch();
  }

  /* ---- language, sound, keyboard ---- */
  const keyboard = ViKeyboard.attach($("keyboard"), $("question"), { rows: "question", words: (key) => t("key_" + key),
    explainTones: true, onEnter: () => $("ask-form").requestSubmit() });

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll("[data-vi]")) node.textContent = node.dataset[lang];
    $("question").placeholder = $("question").dataset[lang === "vi" ? "placeholderVi" : "placeholderEn"];
    $("robot-centre").textContent = t("centre");
    for (const button of document.querySelectorAll(".lang-button")) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
    }
    keyboard.relabel(lang);
    // A conversation that has not started yet greets again in the new language.
    if (log.children.length <= 1) { log.textContent = ""; greet(); }
  }

  for (const button of document.querySelectorAll(".lang-button")) {
    button.addEventListener("click", () => { lang = button.dataset.lang; applyLanguage(); touch(); });
  }

  function applySound() {
    $("sound-toggle").setAttribute("aria-pressed", String(soundOn));
    if (!soundOn) stopSpeaking();
  }
  $("sound-toggle").addEventListener("click", () => { soundOn = !soundOn; applySound(); });

  $("keyboard-toggle").addEventListener("click", () => {
    const shown = $("keyboard").hidden;
    $("keyboard").hidden = !shown;
    $("keyboard-toggle").setAttribute("aria-expanded", String(shown));
  });

  $("new-conversation").addEventListener("click", () => { reset(); greet({ speakIt: true }); touch(); });

  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("question").value;
    $("question").value = "";
    send(text);
  });
  $("question").addEventListener("input", touch);

  reset();
  applyLanguage();
  applySound();
  catalogueLoaded = loadCatalogue().catch(() => {});
  setInterval(loadCatalogue, 60000);
  document.body.dataset.ready = "1";
})();
