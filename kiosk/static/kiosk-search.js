/* Kiosk search: Vietnamese text typed with or without diacritics finds procedures by their names and by the
   colloquial names the catalogue lists as `synonyms` ("sổ đỏ", "sao y", "giấy độc thân").
   Folding comes from the shared Vietnamese module (/static/js/vietnamese.js). No DOM here: tested alone in
   Chromium. */
"use strict";

const KioskSearch = (() => {
  const { normalise, fold, hasDiacritics } = Vietnamese;

  /* One entry per text a procedure can be found by, with a weight for where the text comes from. */
  function buildIndex(catalogue) {
    const fields = new Map(catalogue.fields.map((f) => [f.id, f]));
    return catalogue.procedures.map((p, order) => {
      const field = fields.get(p.field_id);
      const texts = [[p.name.vi, 5], [p.name.en, -5], ...(p.synonyms || []).map((s) => [s, 0, true])];
      if (field) texts.push([field.name.vi, -30], [field.name.en, -35]);
      if (p.code) texts.push([p.code, -10]);
      return { procedure: p, order, texts: texts.filter(([t]) => t).map(([t, weight, synonym]) => (
        { norm: normalise(t), fold: fold(t), weight, synonym: synonym ? shownSynonym(t, p) : null })) };
    });
  }

  /* The colloquial name shown under a result: a synonym typed without accents ("so do", kept so that it is
     found) is shown as the procedure's accented one it stands for ("sổ đỏ lần đầu"), never bare; nothing when
     that is the official name itself or there is none. */
  function shownSynonym(synonym, procedure) {
    if (hasDiacritics(synonym)) return synonym;
    const norm = normalise(synonym);
    const accented = [procedure.name.vi, ...(procedure.synonyms || [])].filter(hasDiacritics);
    const twin = accented.find((t) => normalise(t) === norm)
      || accented.find((t) => (" " + normalise(t) + " ").includes(" " + norm + " "));
    return twin && twin !== procedure.name.vi ? twin : null;
  }

  function textScore(text, q) {
    let score;
    const padded = " " + text.norm + " ";
    if (padded.includes(" " + q.norm + " ")) score = 100;  // the whole phrase, on word boundaries
    else if (padded.includes(" " + q.norm)) score = 90;  // the phrase, its last word still being typed
    else {
      const words = text.norm.split(" ");
      const last = q.tokens.length - 1;
      const every = q.tokens.every((token, i) => (i === last ? words.some((w) => w.startsWith(token))
        : words.includes(token)));
      if (!every) return 0;
      score = 50;  // every word, in any order
    }
    if (text.norm === q.norm) score += 20;
    else if (text.norm.startsWith(q.norm)) score += 10;
    // Typed with diacritics: prefer the texts that have the same ones ("sổ" is not "số").
    if (q.accented && (" " + text.fold + " ").includes(" " + q.fold)) score += 40;
    // The more of the text the query covers, the more specific the match ("kết hôn" before "kết hợp ...").
    return score + text.weight + (10 * q.norm.length) / Math.max(text.norm.length, q.norm.length);
  }

  /* The best procedures for what the visitor typed, best first (at most `limit`), each with the colloquial
     name it was found by, if that was the best match: [{procedure, synonym}]. */
  function match(index, query, limit = 8) {
    const norm = normalise(query);
    if (norm.replace(/ /g, "").length < 2) return [];
    const q = { norm, tokens: norm.split(" "), fold: fold(query), accented: hasDiacritics(query) };
    const scored = [];
    for (const entry of index) {
      let best = 0, synonym = null;
      for (const text of entry.texts) {
        const score = textScore(text, q);
        if (score > best) { best = score; synonym = text.synonym || null; }
      }
      if (best > 0) scored.push({ procedure: entry.procedure, synonym, score: best, order: entry.order });
    }
    scored.sort((a, b) => b.score - a.score || a.order - b.order);
    // Words scattered in a long name ("cơ sở ... đối với" for "sổ đỏ") are shown only without a better match.
    const floor = scored.length ? scored[0].score - 60 : 0;
    return scored.filter((s) => s.score >= floor).slice(0, limit).map(({ procedure, synonym }) => ({ procedure, synonym }));
  }

  function search(index, query, limit = 8) {
    return match(index, query, limit).map((m) => m.procedure);
  }

  return { buildIndex, match, search };
})();

if (typeof window !== "undefined") window.KioskSearch = KioskSearch;
