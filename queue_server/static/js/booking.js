/* The booking page (/dat-lich) and a booking's own page (/lich-hen/<token>): free slots of the chosen day as
   radio buttons, booking, moving and cancelling. Every text comes from the page (Vietnamese or English). */
"use strict";

(function () {
  const data = MotCua.pageData();
  const t = data.words;
  const $ = (id) => document.getElementById(id);
  const slotsBox = $("slots"), slotsStatus = $("slots-status"), errorBox = $("booking-error");

  function errorText(result) {
    const error = (result.data && result.data.error) || {};
    return Messages.error(error, data.lang) || t.failed;
  }

  function procedureId() {
    return data.token ? data.procedure_id : $("procedure").value;
  }

  async function loadSlots() {
    slotsBox.replaceChildren();
    const procedure = procedureId();
    if (!procedure) { slotsStatus.textContent = t.pick_procedure; return; }
    slotsStatus.textContent = t.loading;
    const day = $("day").value;
    const result = await MotCua.api(`/appointments/slots?procedure_id=${encodeURIComponent(procedure)}`
                                    + `&date=${encodeURIComponent(day)}`);
    if (procedure !== procedureId() || day !== $("day").value) return;  // the visitor changed their mind meanwhile
    if (!result.ok) { slotsStatus.textContent = errorText(result); return; }
    const slots = result.data.slots;
    slotsStatus.textContent = slots.length ? "" : t.none;
    for (const slot of slots) {
      const label = document.createElement("label");
      label.className = "slot";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "slot_start";
      input.value = slot.start;
      const time = document.createElement("span");
      time.className = "slot-time";
      time.textContent = slot.time;
      const free = document.createElement("span");
      free.className = "slot-free";
      free.textContent = t.free.replace("{n}", slot.free);
      label.append(input, time, free);
      slotsBox.append(label);
    }
  }

  function chosenSlot() {
    const checked = slotsBox.querySelector("input:checked");
    return checked ? checked.value : null;
  }

  async function book(event) {
    event.preventDefault();
    errorBox.textContent = "";
    const slot = chosenSlot();
    if (!procedureId()) { errorBox.textContent = t.pick_procedure; $("procedure").focus(); return; }
    if (!slot) { errorBox.textContent = t.choose_slot; return; }
    const button = $("book-submit");
    button.disabled = true;
    const result = await MotCua.api("/appointments", { method: "POST", timeoutMs: 15000, body: {
      procedure_id: procedureId(), slot_start: slot, name: $("name").value, phone: $("phone").value,
      language: data.lang } });
    button.disabled = false;
    if (!result.ok) { errorBox.textContent = errorText(result); loadSlots(); return; }
    const url = new URL(result.data.appointment.manage_url, location.href);
    location.assign(url.pathname + "?new=1" + (data.lang === "en" ? "&lang=en" : ""));
  }

  async function move(event) {
    event.preventDefault();
    errorBox.textContent = "";
    const slot = chosenSlot();
    if (!slot) { errorBox.textContent = t.choose_slot; return; }
    const result = await MotCua.api(`/appointments/manage/${encodeURIComponent(data.token)}`,
                                    { method: "PATCH", body: { slot_start: slot }, timeoutMs: 15000 });
    if (!result.ok) { errorBox.textContent = errorText(result); loadSlots(); return; }
    const when = result.data.appointment;
    $("booking-when").textContent = `${when.time} – ${when.date.split("-").reverse().join("/")}`;
    $("manage-message").textContent = t.moved;
    loadSlots();
  }

  async function cancel() {
    errorBox.textContent = "";
    const result = await MotCua.api(`/appointments/manage/${encodeURIComponent(data.token)}`,
                                    { method: "DELETE", timeoutMs: 15000 });
    if (!result.ok) { errorBox.textContent = errorText(result); return; }
    $("booking-status").textContent = t.status_cancelled;
    $("manage-actions").hidden = true;
    $("manage-message").textContent = t.cancelled;
    $("manage-message").focus();
  }

  if ($("day")) $("day").addEventListener("change", loadSlots);
  if ($("booking-form")) {
    $("procedure").addEventListener("change", loadSlots);
    $("booking-form").addEventListener("submit", book);
    if (procedureId()) loadSlots();
  }
  if ($("move-form")) {
    $("move-form").addEventListener("submit", move);
    $("cancel-start").addEventListener("click", () => {
      $("cancel-confirm").hidden = false;
      $("cancel-confirm").focus();
    });
    $("cancel-confirm").addEventListener("click", cancel);
    $("manage-message").tabIndex = -1;
    loadSlots();
  }
})();
