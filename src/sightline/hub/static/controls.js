// Buttons, pickers and keyboard shortcuts of the simulator page.
//   Space (hold) push-to-talk · L always listening · T tap (Shift+T double) · S send a frame
//   [ and ] (or Page Up / Page Down) turn the HUD's pages

function typing(target) {
  return ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName);
}

export function bindControls(app) {
  const { $, hud, speaker, log } = app;

  // Any first gesture unlocks audio playback (browsers' autoplay rules).
  for (const event of ["pointerdown", "keydown"]) {
    window.addEventListener(event, () => speaker.unlock(), { once: true });
  }

  const talk = $("talk");
  talk.addEventListener("pointerdown", (e) => {
    talk.setPointerCapture(e.pointerId);
    app.startTalk();
  });
  talk.addEventListener("pointerup", () => app.endTalk());
  talk.addEventListener("pointercancel", () => app.endTalk());
  $("listen").addEventListener("click", () => app.toggleListen());
  $("wav-file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (file) app.sendWav(file).catch((error) => log.add(`WAV: ${error.message}`, "error"));
  });

  let pressed = 0;
  $("tap").addEventListener("pointerdown", () => (pressed = performance.now()));
  $("tap").addEventListener("click", () => app.tap(performance.now() - pressed > 600 ? "long" : "single"));

  $("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("ask-text").value.trim();
    if (text) app.ask(text);
    $("ask-text").value = "";
  });

  $("place").addEventListener("change", (e) => {
    if (!e.target.value) return;
    const [lat, lon] = e.target.value.split(",").map(Number);
    $("lat").value = lat.toFixed(5);
    $("lon").value = lon.toFixed(5);
    app.setLocation(lat, lon);
  });
  $("set-location").addEventListener("click", () => {
    const lat = Number($("lat").value);
    const lon = Number($("lon").value);
    const valid = $("lat").value !== "" && $("lon").value !== "" && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    if (valid) app.setLocation(lat, lon);
    else log.add("location: type a latitude (−90…90) and a longitude (−180…180)", "warn");
  });

  bindCamera(app);
  bindHud(app);
  bindPairing(app);
  bindKeys(app);
  window.addEventListener("resize", () => hud.fit());
}

function bindCamera(app) {
  const { $, camera, log } = app;
  const source = $("camera-source");
  let timer = null;
  const schedule = () => {
    clearInterval(timer);
    const every = Number($("frame-every").value);
    if (every > 0) timer = setInterval(() => app.sendFrame(true), every);
  };
  const use = async (kind) => {
    try {
      if (kind === "webcam") await camera.useWebcam();
      else if (kind === "off") camera.stop();
      else return $("camera-file").click();
      log.add(`camera: ${kind}`);
      if (kind !== "off") setTimeout(() => app.sendFrame(true), 300);
    } catch (error) {
      log.add(`camera: ${error.message}`, "warn");
      source.value = "off";
    }
    return undefined;
  };
  source.addEventListener("change", () => use(source.value));
  $("camera-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    try {
      await camera.useFile(file);
      log.add(`camera: ${file.name}`);
      app.sendFrame(true);
    } catch (error) {
      log.add(`camera: ${file.name}: ${error.message}`, "error");
    }
  });
  $("frame-every").addEventListener("change", schedule);
  $("snap").addEventListener("click", () => app.sendFrame(true));
  schedule();
  use("webcam");
}

function bindHud(app) {
  const { $, hud } = app;
  $("page-prev").addEventListener("click", () => hud.turn(-1));
  $("page-next").addEventListener("click", () => hud.turn(1));
  $("profile").addEventListener("change", (e) => {
    localStorage.setItem("sightline.profile", e.target.value);
    hud.useProfile(e.target.value);
    app.connect(); // a new hello tells the hub the display changed; the session resumes
  });
}

function bindPairing(app) {
  const { $ } = app;
  $("pair-open").addEventListener("click", () => app.showPairing(""));
  $("pair-cancel").addEventListener("click", () => ($("pair-overlay").hidden = true));
  $("pair-form").addEventListener("submit", (e) => {
    e.preventDefault();
    app.pairWith($("pair-code").value.trim(), $("pair-name").value.trim());
  });
}

function bindKeys(app) {
  const { hud } = app;
  window.addEventListener("keydown", (e) => {
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key.toLowerCase();
    if (e.code === "Space") {
      e.preventDefault();
      if (!e.repeat) app.startTalk();
    } else if (e.repeat) {
      return;
    } else if (key === "t") {
      app.tap(e.shiftKey ? "double" : "single");
    } else if (key === "l") {
      app.toggleListen();
    } else if (key === "s") {
      app.sendFrame(true);
    } else if (key === "[" || e.key === "PageUp") {
      hud.turn(-1);
    } else if (key === "]" || e.key === "PageDown") {
      hud.turn(1);
    }
  });
  window.addEventListener("keyup", (e) => {
    if (e.code !== "Space" || typing(e.target)) return;
    e.preventDefault(); // a focused button is not clicked by the Space of push-to-talk
    app.endTalk();
  });
}
