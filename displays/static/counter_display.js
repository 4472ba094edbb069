/* The small screen above a counter: the number being served there, highlighted while it is being called. */
"use strict";

(() => {
  const data = MotCua.pageData();
  const numberNode = document.getElementById("counter-number");
  const stateNode = document.getElementById("counter-state");
  const connection = document.getElementById("connection");
  const STATES = {
    called: "Mời công dân đến quầy / Please come to the counter",
    serving: "Đang phục vụ / Being served",
  };

  MotCuaBoard.start({
    counters: [data.counter],
    closedReasons: data.closed_reason ? { [data.counter]: data.closed_reason } : {},
    highlightSeconds: data.highlight_seconds,
    onRender: (board) => {
      const c = board.snapshot.counters.find((x) => x.number === data.counter);
      if (!c) return;
      numberNode.textContent = c.serving ? c.serving.number : "—";
      numberNode.classList.toggle("fresh", Boolean(c.serving) && board.isFresh(c.number));
      const unstaffed = c.open && c.staffed === false;
      stateNode.textContent = c.serving ? (STATES[c.serving.status] || "")
        : !c.open ? (board.closedReason(c) === "closed" ? "Đóng cửa / Closed" : "Tạm nghỉ / On break")
          : unstaffed ? "Tạm đóng / Closed for now" : "Xin chờ / Please wait";
      document.body.dataset.state = c.serving ? c.serving.status : (!c.open ? "closed" : unstaffed ? "unstaffed" : "idle");
    },
    onConnectionChange: (up) => { connection.hidden = up; },
    onTokenProblem: () => { document.getElementById("device-notice").hidden = false; },
  });
})();
