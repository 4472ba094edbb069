/* The satisfaction form shared by the tracking page (phone) and the counter's tablet.
   RatingForm.mount({levelsNode, form, comment, error, lang, onSubmit}) draws one toggle button per level
   of the centre's scale; onSubmit({score, comment}) returns {ok, data} from the API. */
"use strict";

const RatingForm = {
  mount({ levelsNode, form, comment, error, submit, scale, lang, onSubmit, words }) {
    let chosen = null;
    const buttons = [];
    for (const old of levelsNode.querySelectorAll(".rating-level")) old.remove();
    for (const level of scale.levels) {
      const button = MotCua.element("button", {
        type: "button", class: "rating-level", "aria-pressed": "false", dataset: { value: String(level.value) },
        onclick: () => {
          chosen = level.value;
          for (const b of buttons) b.setAttribute("aria-pressed", String(b === button));
          error.textContent = "";
        },
      }, lang === "en" ? level.en : level.vi);
      buttons.push(button);
      levelsNode.append(button);
    }
    form.onsubmit = async (event) => {
      event.preventDefault();
      if (chosen === null) { error.textContent = words.choose; return; }
      submit.disabled = true;
      const result = await onSubmit({ score: chosen, comment: comment.value.trim() });
      submit.disabled = false;
      if (!result.ok) {
        const e = (result.data && result.data.error) || {};
        error.textContent = e.code === "already_rated" ? words.already : (Messages.error(e, lang) || words.failed);
      }
    };
  },
};
