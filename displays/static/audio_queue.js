/* Spoken calls, one at a time: chime, then the call's speech `repeat` times, then the next call.

   Nothing overlaps and nothing is cut off: a call waits for the one before it, however fast calls come.
   A recall is simply queued again. Audio that cannot be loaded (404, 503, engine down) is logged and
   skipped, the chime still plays. When the browser blocks autoplay the queue pauses, keeps its calls and
   asks for a tap ("Bật âm thanh"); calls that waited longer than STALE_MS for it are not said. Inspectable for tests and staff: window.motcuaAudioQueue.state().
   No call is ever dropped: when LONG_QUEUE or more calls wait behind one, it is said once instead of
   `repeat` times, so the queue catches up while everybody still hears their number. A waiting call is a
   few bytes (a day's calls fit); the log keeps LOG_SIZE lines. Switching the sound off empties the queue. */
"use strict";

class MotCuaAudioQueue {
  static LONG_QUEUE = 10;
  static LOG_SIZE = 200;
  static STALE_MS = 3 * 60 * 1000;  // a call kept through blocked autoplay longer than this is not said late
  static LOAD_TIMEOUT_MS = 15000;  // a file that never starts playing
  static END_MARGIN_MS = 4000;     // a file that never reports its end

  constructor({ repeat = 2, rate = 1, chimeUrl = MotCua.url("/announcements/chime.wav"),
                callUrl = (item) => MotCua.url("/announcements/call.wav") + `?number=${encodeURIComponent(item.number)}&counter=${item.counter}`,
                onBlocked = () => {}, onPlaying = () => {} } = {}) {
    Object.assign(this, { repeat, rate, chimeUrl, callUrl, onBlocked, onPlaying });
    this.pending = [];
    this.current = null;
    this.blocked = false;
    this.log = [];
    this.sequence = 0;
    this.played = 0;
    this.stopPart = null;  // stops the part playing now (clear)
  }

  /* item: {number, counter, kind}. Returns the queued item. */
  enqueue(item) {
    const queued = { ...item, id: ++this.sequence, queuedAt: performance.now() };
    this.pending.push(queued);
    // Ask the server to render now, so the speech is ready when its turn comes.
    fetch(this.callUrl(queued), { cache: "force-cache" }).then((r) => r.arrayBuffer()).catch(() => {});
    this.pump();
    return queued;
  }

  /* After a tap on "Bật âm thanh": the tap lets the page play sound, the queue resumes where it was, except
     calls that waited for the tap longer than STALE_MS: a tap at ten must not read out the calls of eight
     (their numbers are on the screen; the visitors were called long ago). */
  unblock() {
    this.blocked = false;
    const now = performance.now();
    const stale = this.pending.filter((item) => now - item.queuedAt > MotCuaAudioQueue.STALE_MS);
    for (const item of stale) this.record(item, "call", 0, "expired");
    this.pending = this.pending.filter((item) => !stale.includes(item));
    this.pump();
  }

  /* The sound was switched off: the waiting calls are forgotten and the one playing stops, so nothing is
     said late when the sound comes back on. */
  clear() {
    for (const item of this.pending) this.record(item, "call", 0, "cancelled");
    this.pending = [];
    this.blocked = false;
    if (this.stopPart) this.stopPart();
  }

  pump() {
    if (this.current || this.blocked || this.pending.length === 0) return;
    this.current = this.pending.shift();
    this.playItem(this.current).then(() => {
      this.current = null;
      this.pump();
    });
  }

  async playItem(item) {
    const parts = [["chime", this.chimeUrl, 0]];
    for (let i = 1; i <= this.repeat; i += 1) parts.push(["call", this.callUrl(item), i]);
    this.onPlaying(item);
    for (let index = 0; index < parts.length; index += 1) {
      const [part, url, round] = parts[index];
      if (round > 1 && this.pending.length >= MotCuaAudioQueue.LONG_QUEUE) break;  // catching up: said once
      const outcome = await this.playPart(item, part, url, round);
      if (outcome === "blocked") {  // keep the whole call (chime included) for after the tap
        this.pending.unshift(item);
        this.blocked = true;
        this.onBlocked();
        return;
      }
      if (outcome === "cancelled") return;
      if (outcome === "error" && part === "call") return;  // the same file would fail again
    }
    this.played += 1;
    document.body.dataset.announced = String(this.played);
  }

  playPart(item, part, url, round) {
    return new Promise((resolve) => {
      const audio = new Audio();
      const entry = this.record(item, part, round, "loading");
      let timer = null;
      const arm = (ms) => { clearTimeout(timer); timer = setTimeout(() => finish("timeout"), ms); };
      const finish = (status) => {
        if (entry.status !== "loading" && entry.status !== "playing") return;
        this.stopPart = null;
        clearTimeout(timer);
        entry.status = status;
        entry.end = performance.now();
        audio.removeEventListener("playing", onPlaying);
        audio.removeEventListener("ended", onEnded);
        audio.removeEventListener("error", onError);
        audio.pause();
        audio.removeAttribute("src");
        audio.load();  // releases the decoder and the buffered file
        resolve(status === "ended" || status === "timeout" ? "ok" : status);
      };
      const onPlaying = () => {
        if (entry.status !== "loading") return;
        entry.status = "playing";
        entry.start = performance.now();
        const seconds = Number.isFinite(audio.duration) ? audio.duration / this.rate : 20;
        arm(seconds * 1000 + MotCuaAudioQueue.END_MARGIN_MS);
      };
      const onEnded = () => finish("ended");
      const onError = () => finish("error");
      this.stopPart = () => finish("cancelled");
      audio.addEventListener("playing", onPlaying);
      audio.addEventListener("ended", onEnded);
      audio.addEventListener("error", onError);
      audio.preload = "auto";
      audio.defaultPlaybackRate = this.rate;
      audio.src = url;
      arm(MotCuaAudioQueue.LOAD_TIMEOUT_MS);
      const started = audio.play();
      if (started) {
        started.catch((error) => finish(error && error.name === "NotAllowedError" ? "blocked" : "error"));
      }
    });
  }

  record(item, part, round, status) {
    const entry = { id: item.id, number: item.number, counter: item.counter, kind: item.kind, part, round,
                    status, start: null, end: null };
    this.log.push(entry);
    if (this.log.length > MotCuaAudioQueue.LOG_SIZE) this.log.splice(0, this.log.length - MotCuaAudioQueue.LOG_SIZE);
    return entry;
  }

  /* A plain copy for tests and for staff looking at the console. */
  state() {
    return {
      blocked: this.blocked, played: this.played,
      current: this.current && { number: this.current.number, counter: this.current.counter, kind: this.current.kind },
      pending: this.pending.map((i) => ({ number: i.number, counter: i.counter, kind: i.kind })),
      log: this.log.map((e) => ({ ...e })),
    };
  }
}
