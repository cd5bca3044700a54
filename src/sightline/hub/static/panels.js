// The event log and the strip of the last turns' stage timings (from `trace` messages).

const LOG_MAX = 300;
const TURNS_SHOWN = 4;

export class EventLog {
  constructor(list) {
    this.list = list;
  }

  add(text, kind = "info") {
    const item = document.createElement("li");
    item.className = kind;
    const time = document.createElement("time");
    time.textContent = new Date().toLocaleTimeString([], { hour12: false });
    item.append(time, document.createTextNode(` ${text}`));
    const atBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 4;
    this.list.append(item);
    while (this.list.children.length > LOG_MAX) this.list.firstChild.remove();
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }
}

/** Short labels for the stages the hub stamps. */
const LABELS = {
  turn_end: "end",
  transcript_final: "stt",
  routed: "route",
  agent_done: "agent",
  card_sent: "card",
  first_audio_sent: "voice",
};

export class Timings {
  constructor(root) {
    this.root = root;
    this.turns = [];
  }

  add(trace) {
    if (this.turns.some((t) => t.turn_id === trace.turn_id)) return;
    this.turns.push(trace);
    this.turns = this.turns.slice(-TURNS_SHOWN);
    this.draw();
  }

  draw() {
    this.root.replaceChildren();
    const longest = Math.max(1, ...this.turns.flatMap((t) => Object.values(t.timings_ms)));
    for (const turn of [...this.turns].reverse()) {
      this.root.append(this.row(turn, longest));
    }
    this.root.dataset.turns = String(this.turns.length);
  }

  row(turn, longest) {
    const stages = Object.entries(turn.timings_ms).sort((a, b) => a[1] - b[1]);
    const total = stages.length ? stages[stages.length - 1][1] : 0;
    const row = document.createElement("div");
    row.className = "turn";
    row.dataset.agent = turn.agent || "";
    row.dataset.turnId = turn.turn_id;
    const head = document.createElement("div");
    head.className = "turn-head";
    const said = turn.transcript ? `“${turn.transcript}”` : "(no words)";
    head.textContent = `${said} → ${turn.agent || "?"} · ${Math.round(total)} ms`;
    const bar = document.createElement("div");
    bar.className = "bar";
    let previous = 0;
    stages.forEach(([stage, ms], i) => {
      const part = document.createElement("span");
      part.className = `stage s${i % 6}`;
      part.style.width = `${(Math.max(0, ms - previous) / longest) * 100}%`;
      part.title = `${stage}: ${ms.toFixed(0)} ms (+${(ms - previous).toFixed(0)})`;
      part.textContent = LABELS[stage] || stage;
      previous = ms;
      bar.append(part);
    });
    const legend = document.createElement("div");
    legend.className = "legend";
    legend.textContent = stages.map(([s, ms]) => `${LABELS[s] || s} ${Math.round(ms)}`).join(" · ");
    row.append(head, bar, legend);
    return row;
  }
}
