// Pairing and the device's HTTP calls: a device id and a token kept in localStorage,
// POST /v1/pair with the code from `sightline pair` and a freshly made confirmation key's
// public half (signer.js), and Bearer-authenticated requests.

const KEY = { id: "sightline.device_id", token: "sightline.token", name: "sightline.name" };

export class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function newDeviceId() {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `sim-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export class Pairing {
  constructor(signer) {
    this.signer = signer;
    this.deviceId = localStorage.getItem(KEY.id) || newDeviceId();
    localStorage.setItem(KEY.id, this.deviceId);
    this.token = localStorage.getItem(KEY.token);
    this.name = localStorage.getItem(KEY.name) || "Browser simulator";
  }

  get paired() {
    return Boolean(this.token);
  }

  /** Forget the token and the device id (the hub keeps the device until it is revoked). */
  forget() {
    this.token = null;
    localStorage.removeItem(KEY.token);
    this.deviceId = newDeviceId();
    localStorage.setItem(KEY.id, this.deviceId);
  }

  /** Pair with a code; a device id already paired elsewhere is replaced by a fresh one. */
  async pair(code, name) {
    this.name = name || this.name;
    localStorage.setItem(KEY.name, this.name);
    await this.signer.renew(); // a newly paired device gets a new key
    const publicKey = await this.signer.publicKey();
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const answer = await this.request("POST", "/v1/pair", {
          code, device_id: this.deviceId, name: this.name, public_key: publicKey,
        }, false);
        this.token = answer.token;
        this.name = answer.name; // the hub's name for it (`sightline pair --name`) wins
        localStorage.setItem(KEY.token, this.token);
        localStorage.setItem(KEY.name, this.name);
        return answer;
      } catch (error) {
        if (error.code !== "device_id_taken" || attempt > 0) throw error;
        this.deviceId = newDeviceId();
        localStorage.setItem(KEY.id, this.deviceId);
      }
    }
    return null;
  }

  /** Whether the hub still accepts the stored token (false when unpaired or revoked). */
  async check() {
    if (!this.token) return false;
    try {
      await this.request("GET", "/v1/traces");
      return true;
    } catch (error) {
      if (error.status === 401) {
        this.token = null;
        localStorage.removeItem(KEY.token);
        return false;
      }
      throw error;
    }
  }

  async request(method, path, body = undefined, auth = true, raw = false) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (auth && this.token) headers.Authorization = `Bearer ${this.token}`;
    const response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      let detail = {};
      try {
        detail = (await response.json()).detail || {};
      } catch {
        // not JSON
      }
      const message = typeof detail === "string" ? detail : detail.message || response.statusText;
      throw new HttpError(response.status, detail.code || `http_${response.status}`, message);
    }
    return raw ? response : response.json();
  }

  async render(card, profile, page) {
    const response = await this.request("POST", "/v1/render", { card, profile, page }, true, true);
    return { blob: await response.blob(), pages: Number(response.headers.get("X-Page-Count")) || 1 };
  }
}
