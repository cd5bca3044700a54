// Gaze: the pointer over the camera view (camera-image pixels) or over the HUD (a card's
// action). Holding still is a dwell, drawn as a ring that fills in `FULL_MS`.

const FULL_MS = 800; // the confirmation gate's dwell on "Confirm"
const STILL_PX = 8;
const TICK_MS = 100;
const RESEND_MS = 250;

export class Gaze {
  constructor({ camera, hud, cameraStage, hudStage, ring, info, send }) {
    Object.assign(this, { camera, hud, cameraStage, hudStage, ring, info, send });
    this.anchor = null; // {clientX, clientY, since}
    this.where = null; // {area, x, y, target, cardId}
    this.lastFrame = null; // last camera-image point looked at
    this.lastSent = { at: 0, key: "" };
    for (const stage of [cameraStage, hudStage]) {
      stage.addEventListener("pointermove", (e) => this.move(e.clientX, e.clientY));
      stage.addEventListener("pointerleave", () => this.leave());
    }
    setInterval(() => this.tick(), TICK_MS);
  }

  move(clientX, clientY) {
    const a = this.anchor;
    if (!a || Math.hypot(clientX - a.clientX, clientY - a.clientY) > STILL_PX) {
      this.anchor = { clientX, clientY, since: performance.now() };
    }
    this.where = this.locate(clientX, clientY);
    this.tick();
  }

  leave() {
    this.anchor = null;
    this.where = null;
    this.ring.hidden = true;
  }

  locate(clientX, clientY) {
    const onHud = this.hud.profile ? this.hud.hit(clientX, clientY) : null;
    if (onHud) return { area: "hud", ...onHud };
    const point = this.camera.toFrame(clientX, clientY);
    if (point) {
      this.lastFrame = point;
      return { area: "camera", ...point, target: null, cardId: null };
    }
    return null;
  }

  get dwellMs() {
    return this.anchor ? Math.round(performance.now() - this.anchor.since) : 0;
  }

  tick() {
    if (!this.anchor || !this.where) {
      this.ring.hidden = true;
      return;
    }
    const dwell = this.dwellMs;
    this.drawRing(dwell);
    const w = this.where;
    const point = w.area === "camera" ? w : this.lastFrame || this.center();
    if (!point) return;
    const key = `${w.area}:${point.x},${point.y}:${w.target}:${w.cardId}`;
    const now = performance.now();
    const gap = key === this.lastSent.key ? RESEND_MS : TICK_MS;
    if (now - this.lastSent.at < gap) return;
    const message = { type: "gaze", x: point.x, y: point.y, dwell_ms: dwell };
    if (w.target) message.target = w.target;
    if (w.cardId) message.card_id = w.cardId;
    if (this.send(message)) this.lastSent = { at: now, key };
    const on = w.area === "hud" ? `HUD ${w.target || "(no card)"}` : `camera ${point.x},${point.y}`;
    this.info.textContent = `Gaze: ${on} · dwell ${(dwell / 1000).toFixed(1)} s`;
    this.info.dataset.target = w.target || "";
    this.info.dataset.message = JSON.stringify(message);
  }

  center() {
    const size = this.camera.frameSize;
    return size ? { x: Math.round(size.width / 2), y: Math.round(size.height / 2) } : { x: 0, y: 0 };
  }

  drawRing(dwell) {
    const ring = this.ring;
    ring.hidden = false;
    ring.style.left = `${this.anchor.clientX}px`;
    ring.style.top = `${this.anchor.clientY}px`;
    const filled = Math.min(1, dwell / FULL_MS);
    ring.style.setProperty("--fill", `${Math.round(filled * 360)}deg`);
    ring.classList.toggle("full", filled >= 1);
    ring.dataset.target = this.where.target || this.where.area;
  }
}
