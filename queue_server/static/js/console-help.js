/* The counter console's list of visitors asking for a person (the reception robot's "Gặp cán bộ", kiosks):
   loaded at once when the console opens and on every (re)connect or help event, rung once per new alert,
   acknowledged with "I'm on my way" (the answer shows in the section itself). */
"use strict";

const ConsoleHelp = {
  create({ words, say, refuse, beep, counter }) {
    const { t, errorText } = words;
    const $ = (id) => document.getElementById(id);
    let helpRequests = [];       // GET /help-requests
    const helpHeard = new Set(); // alert ids this console has already rung for

    function helpItem(request) {
      const open = request.status === "open";
      const details = [];
      if (request.ticket_number) details.push(t("help_ticket")(request.ticket_number));
      if (t("help_languages")[request.language]) details.push(t("help_languages")[request.language]);
      const who = request.acknowledged_by_name || request.acknowledged_by;
      const where = request.acknowledged_counter ? t("help_at_counter")(request.acknowledged_counter) : "";
      return MotCua.element("li", { class: open ? "alert help-open" : "help-taken", dataset: { helpRequest: request.id } },
        MotCua.element("strong", {}, request.device_name),
        t("help_needed") + request.time_local,
        details.length ? ` (${details.join(", ")})` : "",
        request.reason ? MotCua.element("span", { class: "help" }, t("help_asked") + request.reason + "” ") : " ",
        open
          ? MotCua.element("button", { type: "button", class: "button primary small", onclick: () => acknowledgeHelp(request.id) },
            t("help_go"))
          : MotCua.element("span", { class: "help-taken-by" }, t("help_coming")(who, where)));
    }

    function renderHelp() {
      $("help-requests").hidden = helpRequests.length === 0;
      $("help-list").replaceChildren(...helpRequests.map(helpItem));
      const fresh = helpRequests.filter((r) => r.status === "open" && !helpHeard.has(r.id));
      fresh.forEach((r) => helpHeard.add(r.id));
      if (fresh.length) beep([988, 784, 988]);
    }

    async function loadHelp() {
      const result = await MotCua.api("/help-requests");
      if (result.ok) { helpRequests = result.data.help_requests; renderHelp(); }
    }

    async function acknowledgeHelp(id) {
      const result = await MotCua.api(`/help-requests/${id}/acknowledge`, { method: "POST", body: { counter_number: counter() } });
      if (result.ok) say(t("help_taken")(result.data.help_request.device_name), "ok", "help-message");
      else refuse(errorText(result), "help-message");
      loadHelp();
    }

    return { load: loadHelp };
  },
};

if (typeof window !== "undefined") window.ConsoleHelp = ConsoleHelp;
