// The glasses simulator: one device speaking protocol v1 to the hub, like real glasses.

import { fileToChunks, Microphone, pace, RATE, Speaker } from "./audio.js";
import { Camera } from "./camera.js";
import { Gaze } from "./gaze.js";
import { Hud } from "./hud.js";
import { Pairing } from "./pairing.js";
import { EventLog, Timings } from "./panels.js";
import { FRAME, Link } from "./protocol.js";
import { bindControls } from "./controls.js";
import { Signer } from "./signer.js";

const $ = (id) => document.getElementById(id);
const CAPABILITIES = ["audio", "speech", "camera", "gaze", "tap", "location", "hud-png", "confirm-sign"];
const DWELL_MS = 800; // the confirmation gate's dwell on "Confirm"

const state = {
  talking: false,
  listening: false,
  wav: false,
  location: null,
  lastFrameAt: 0,
  frames: 0,
  places: null,
  offer: null, // the confirmation card on display: {cardId, kind, payee, amount, currency, challenge, modalities}
  signed: "", // the challenge already signed for the gaze
};

const log = new EventLog($("log"));
const timings = new Timings($("timings"));
const signer = new Signer();
const pairing = new Pairing(signer);
const speaker = new Speaker();
const camera = new Camera($("camera-stage"), $("camera-video"), $("camera-image"));
const link = new Link({ onmessage, onframe, onclose, onopen: () => setStatus("connecting", "saying hello…") });
const hud = new Hud($("hud"), $("hud-image"), {
  render: (card, profile, page) => pairing.render(card, profile, page),
  ack: (cardId) => send({ type: "card_ack", card_id: cardId, shown: true }),
  log: (text, kind) => log.add(text, kind),
});
const mic = new Microphone((pcm, peak) => {
  $("mic-level").value = peak;
  if ((state.talking || state.listening) && !state.wav) link.sendFrame(FRAME.AUDIO, pcm);
});
new Gaze({
  camera, hud, cameraStage: $("camera-stage"), hudStage: $("hud-stage"), ring: $("gaze-ring"),
  info: $("gaze-info"), send: (message) => {
    const sent = link.send(message);
    if (sent) signOnDwell(message);
    return sent;
  },
});

// For the console and the browser tests: the page's parts.
window.sightline = { hud, link, pairing, camera, state, signer };

/** Once the gaze has dwelt on Confirm, sign the card (the hub then waits for "confirm"). */
async function signOnDwell(gaze) {
  const offer = state.offer;
  if (!offer || gaze.card_id !== offer.cardId || gaze.target !== "confirm") return;
  if (gaze.dwell_ms < DWELL_MS || state.signed === offer.challenge) return;
  state.signed = offer.challenge;
  send(await signer.sign(offer.cardId, offer, "gaze_voice"));
}

function send(message, quiet = false) {
  const sent = link.send(message);
  if (!quiet) log.add(`→ ${summary(message)}${sent ? "" : " (not connected)"}`, sent ? "up" : "warn");
  return sent;
}

function summary(m) {
  const fields = Object.entries(m).filter(([k]) => k !== "type" && k !== "token");
  return `${m.type} ${fields.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ")}`.trim();
}

function setStatus(kind, text) {
  $("status").dataset.state = kind;
  $("status").textContent = text ? `${kind}: ${text}` : kind;
}

function connect() {
  $("device-info").textContent = `${pairing.name} · ${pairing.deviceId}`;
  setStatus("connecting");
  const hello = { device_id: pairing.deviceId, display_profile: hud.profile.name, capabilities: CAPABILITIES };
  if (pairing.token) hello.token = pairing.token;
  link.connect(hello);
}

function onmessage(m) {
  if (m.type === "pong") return;
  const text = m.type === "card" ? `card “${m.card.title}” ${m.card_id}` : summary(m);
  log.add(`← ${text}`, m.type === "error" ? "error" : "down");
  const handlers = {
    welcome: () => {
      setStatus("connected", `session ${m.session_id.slice(0, 8)}${m.resumed ? " (resumed)" : ""}`);
      $("pair-overlay").hidden = true;
      afterWelcome();
    },
    card: () => {
      state.offer = m.confirmation ? { cardId: m.card_id, ...m.confirmation } : null;
      $("hud-caption").textContent = m.card.title;
      hud.show(m.card_id, m.card);
    },
    speech_start: () => speaker.begin(m.sample_rate),
    control: () => (m.action === "stop_speaking" ? speaker.stop() : hud.clear("cleared by the hub")),
    trace: () => timings.add(m),
  };
  handlers[m.type]?.();
}

function onframe(frame) {
  if (frame.kind === FRAME.SPEECH) speaker.play(frame.payload);
}

function onclose(code, reason, final) {
  log.add(`connection closed ${code}${reason ? `: ${reason}` : ""}`, final ? "error" : "warn");
  if (code === 4401) {
    setStatus("refused", reason || "not paired");
    if (/^(token_revoked|token_invalid|device_mismatch)/.test(reason)) pairing.forget();
    showPairing(reason);
  } else if (code === 4409) {
    setStatus("replaced", reason || "another connection of this device took over");
  } else if (final) {
    setStatus("refused", reason || `closed ${code}`);
  } else {
    setStatus("offline", "reconnecting…");
  }
}

async function afterWelcome() {
  if (state.listening) send({ type: "audio_start", sample_rate: RATE, channels: 1 });
  if (state.location) send({ type: "location", ...state.location });
  try {
    const { traces } = await pairing.request("GET", "/v1/traces");
    traces.forEach((t) => timings.add(t));
    if (!state.places) {
      state.places = (await pairing.request("GET", "/v1/places")).places;
      fillPlaces(state.places);
    }
  } catch (error) {
    log.add(`${error.code || "error"}: ${error.message}`, "warn");
  }
}

function fillPlaces(places) {
  const select = $("place");
  select.replaceChildren(new Option(places.length ? "Location…" : "No map: type lat/lon", ""));
  for (const p of places) {
    const option = new Option(`${p.name} (${p.category.split("=")[1]})`, `${p.lat},${p.lon}`);
    select.append(option);
  }
}

function showPairing(reason = "") {
  $("pair-reason").textContent = reason;
  $("pair-error").textContent = "";
  $("pair-name").value = pairing.name;
  $("pair-overlay").hidden = false;
  $("pair-code").focus();
}

async function pairWith(code, name) {
  try {
    const answer = await pairing.pair(code, name);
    log.add(`paired as ${answer.name} (${answer.device_id})`);
    $("pair-overlay").hidden = true;
    connect();
    return true;
  } catch (error) {
    log.add(`pairing refused: ${error.code}: ${error.message}`, "error");
    showPairing($("pair-reason").textContent);
    $("pair-error").textContent = `${error.code || "error"}: ${error.message}`;
    return false;
  }
}

/** Send the camera's current picture (`force`: even if one went out a moment ago). */
async function sendFrame(force = true) {
  if (!link.open || (!force && performance.now() - state.lastFrameAt < 1000)) return false;
  const jpeg = await camera.capture();
  if (!jpeg || !link.sendFrame(FRAME.JPEG, jpeg)) return false;
  state.lastFrameAt = performance.now();
  state.frames += 1;
  const size = camera.frameSize;
  $("camera-stage").dataset.frames = String(state.frames);
  $("frame-info").textContent = `${size.width}×${size.height} · ${(jpeg.byteLength / 1024).toFixed(0)} kB`;
  return true;
}

async function startTalk() {
  if (state.talking) return;
  state.talking = true;
  $("talk").classList.add("active");
  try {
    await mic.start();
  } catch (error) {
    log.add(`microphone: ${error.message}`, "error");
    state.talking = false;
    $("talk").classList.remove("active");
    return;
  }
  if (!state.talking) return; // released before the microphone was ready
  speaker.unlock();
  sendFrame(false);
  send({ type: "audio_start", sample_rate: RATE, channels: 1 });
}

function endTalk() {
  if (!state.talking) return;
  state.talking = false;
  $("talk").classList.remove("active");
  if (mic.running) send({ type: "audio_end" });
}

async function toggleListen() {
  const on = !state.listening;
  if (on) {
    try {
      await mic.start();
    } catch (error) {
      log.add(`microphone: ${error.message}`, "error");
      return;
    }
    speaker.unlock();
  }
  state.listening = on;
  $("listen").setAttribute("aria-pressed", String(on));
  send(on ? { type: "audio_start", sample_rate: RATE, channels: 1 } : { type: "audio_end" });
}

async function sendWav(file) {
  const chunks = await fileToChunks(file);
  state.wav = true;
  log.add(`sending ${file.name} (${(chunks.length * 0.02).toFixed(1)} s) as speech`);
  await sendFrame(false);
  send({ type: "audio_start", sample_rate: RATE, channels: 1 });
  await pace(chunks, (pcm) => link.sendFrame(FRAME.AUDIO, pcm));
  send({ type: "audio_end" });
  state.wav = false;
}

async function ask(text) {
  if (await sendFrame(false)) await new Promise((resolve) => setTimeout(resolve, 400));
  send({ type: "text", text });
}

async function tap(kind = "single") {
  const offer = state.offer;
  if (offer && hud.cardId === offer.cardId && offer.modalities.includes("tap")) {
    send(await signer.sign(offer.cardId, offer, "tap")); // a signed tap (SIGHTLINE_CONFIRM_TAP)
    return;
  }
  const message = { type: "tap", kind };
  if (hud.cardId) message.card_id = hud.cardId;
  send(message);
}

function setLocation(lat, lon) {
  state.location = { lat, lon, accuracy_m: 5 };
  send({ type: "location", ...state.location });
}

async function main() {
  bindControls({
    $, hud, camera, speaker, log, connect, showPairing, pairWith, sendFrame, startTalk, endTalk,
    toggleListen, sendWav, ask, tap, setLocation,
  });
  const profiles = await fetch("/v1/profiles").then((r) => r.json());
  const select = $("profile");
  for (const p of profiles) select.append(new Option(`${p.name} (${p.width}×${p.height})`, p.name));
  hud.onchange = () => updateHudInfo();
  hud.setProfiles(profiles, localStorage.getItem("sightline.profile"));
  select.value = hud.profile.name;
  const code = new URLSearchParams(location.search).get("pair");
  if (code) {
    history.replaceState(null, "", location.pathname);
    const valid = await pairing.check().catch(() => false);
    if (valid) log.add("already paired: the code in the URL was not needed");
    else if (await pairWith(code)) return;
  }
  connect();
}

function updateHudInfo() {
  const p = hud.profile;
  $("hud-info").textContent = `${p.width}×${p.height} · ${p.bit_depth}-bit · ${Math.round(hud.scale * 100)}%`;
  $("page-label").textContent = hud.card ? `${hud.page + 1}/${hud.pages}` : "–";
}

main().catch((error) => log.add(`start failed: ${error.message}`, "error"));
