// The HUD, drawn exactly as the display profile shows it: the hub renders each page
// (POST /v1/render) and the page shows that PNG at the profile's size, pixel for pixel.

export class Hud {
  constructor(root, image, api) {
    this.root = root; // carries data-card-id, data-card-title, data-last-card-title, data-renders
    this.image = image;
    this.api = api; // {render(card, profile, page) -> {blob, pages}, ack(cardId), log(text, kind)}
    this.profiles = new Map();
    this.profile = null;
    this.card = null;
    this.cardId = null;
    this.page = 0;
    this.pages = 1;
    this.renders = 0;
    this.expiry = null;
    this.acked = new Set();
    this.onchange = () => {};
  }

  setProfiles(list, wanted) {
    this.profiles = new Map(list.map((p) => [p.name, p]));
    const fallback = list.find((p) => p.default) || list[0];
    this.useProfile(this.profiles.has(wanted) ? wanted : fallback.name);
  }

  useProfile(name) {
    this.profile = this.profiles.get(name);
    this.root.dataset.profile = name;
    this.fit();
    if (this.card) this.draw();
  }

  /** Scale the display to the stage: 1:1 when it fits, whole multiples when there is room. */
  fit() {
    const p = this.profile;
    this.root.style.width = this.root.style.height = "0px"; // measure the stage, not the HUD
    const stage = this.root.parentElement.getBoundingClientRect();
    let scale = Math.min(stage.width / p.width, stage.height / p.height);
    scale = scale >= 1 ? Math.floor(scale) : scale;
    this.scale = scale;
    this.root.style.width = `${p.width * scale}px`;
    this.root.style.height = `${p.height * scale}px`;
    this.onchange();
  }

  show(cardId, card) {
    this.card = card;
    this.cardId = cardId;
    this.page = 0;
    this.root.dataset.cardId = cardId;
    this.root.dataset.cardTitle = card.title;
    this.root.dataset.lastCardTitle = card.title;
    this.root.dataset.lastCardText = [card.title, ...(card.lines || [])].join("\n");
    clearTimeout(this.expiry);
    // No ttl_s (sent as absent when None) keeps the card until it is replaced.
    if (card.ttl_s) this.expiry = setTimeout(() => this.clear("expired"), card.ttl_s * 1000);
    return this.draw();
  }

  async draw() {
    if (!this.card || !this.profile) return;
    const { cardId, card, page } = this;
    const profile = this.profile.name;
    try {
      const { blob, pages } = await this.api.render(card, profile, page);
      if (cardId !== this.cardId) return; // a newer card arrived meanwhile
      this.pages = pages;
      const old = this.image.src;
      this.image.src = URL.createObjectURL(blob);
      await this.image.decode();
      if (old.startsWith("blob:")) URL.revokeObjectURL(old);
      this.image.hidden = false;
      // What the image shows, so tests can compare it with the renderer's own pixels.
      this.root.dataset.shown = JSON.stringify({ card, profile, page });
      this.root.dataset.renders = String(++this.renders);
      this.root.classList.remove("empty");
      if (!this.acked.has(cardId)) {
        this.acked.add(cardId);
        this.api.ack(cardId);
      }
    } catch (error) {
      this.api.log(`HUD render failed: ${error.message}`, "error");
    }
    this.onchange();
  }

  turn(step) {
    if (!this.card) return;
    const page = Math.max(0, Math.min(this.pages - 1, this.page + step));
    if (page !== this.page) {
      this.page = page;
      this.draw();
    }
  }

  clear(why = "cleared") {
    clearTimeout(this.expiry);
    this.card = null;
    this.cardId = null;
    this.pages = 1;
    this.page = 0;
    this.image.hidden = true;
    this.root.classList.add("empty");
    delete this.root.dataset.cardId;
    delete this.root.dataset.cardTitle;
    this.api.log(`HUD ${why}`);
    this.onchange();
  }

  /** What the pointer is on: {target, cardId} ("confirm", "cancel", "card"); null off the HUD. */
  hit(clientX, clientY) {
    const box = this.root.getBoundingClientRect();
    const x = (clientX - box.left) / this.scale;
    const y = (clientY - box.top) / this.scale;
    if (x < 0 || y < 0 || x >= this.profile.width || y >= this.profile.height) return null;
    if (!this.card) return { target: null, cardId: null };
    const actions = (this.card.actions || []).slice(0, this.profile.max_actions);
    const slots = this.profile.action_slots[String(actions.length)] || [];
    for (let i = 0; i < slots.length; i++) {
      const [left, top, right, bottom] = slots[i];
      if (x >= left && x < right && y >= top && y < bottom) {
        return { target: actions[i].toLowerCase(), cardId: this.cardId, box: slots[i] };
      }
    }
    return { target: "card", cardId: this.cardId };
  }
}
