// Wire protocol v1 (docs/protocol.md): JSON text messages and 16-byte-header binary frames.

export const FRAME = { AUDIO: 1, JPEG: 2, PNG: 3, SPEECH: 4 };
const HEADER = 16;

/** Encode a binary frame: "SL", version 1, kind, sequence (u32 BE), capture ms (u64 BE). */
export function encodeFrame(kind, sequence, payload, capturedMs = Date.now()) {
  const bytes = new Uint8Array(HEADER + payload.byteLength);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x53;
  bytes[1] = 0x4c;
  bytes[2] = 1;
  bytes[3] = kind;
  view.setUint32(4, sequence >>> 0);
  view.setBigUint64(8, BigInt(Math.floor(capturedMs)));
  bytes.set(new Uint8Array(payload instanceof ArrayBuffer ? payload : payload.buffer), HEADER);
  return bytes.buffer;
}

/** Decode a binary frame from the hub; null when it is not one. */
export function decodeFrame(buffer) {
  if (buffer.byteLength < HEADER) return null;
  const view = new DataView(buffer);
  if (view.getUint8(0) !== 0x53 || view.getUint8(1) !== 0x4c || view.getUint8(2) !== 1) {
    return null;
  }
  return {
    kind: view.getUint8(3),
    sequence: view.getUint32(4),
    capturedMs: Number(view.getBigUint64(8)),
    payload: buffer.slice(HEADER),
  };
}

/**
 * One device connection to /v1/glasses. Reconnects on its own unless the hub refused the
 * device (close codes 4401, 4406, 1008) or another connection of the device took over (4409
 * `replaced`), which `onclose` reports with the hub's reason.
 */
export class Link {
  constructor(handlers) {
    this.handlers = handlers; // {onmessage(msg), onframe(frame), onopen(), onclose(code, reason, final)}
    this.ws = null;
    this.seq = {};
    this.hello = null;
    this.retryMs = 1000;
    this.timer = null;
    this.stopped = true;
  }

  get open() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  connect(hello) {
    this.hello = hello;
    this.stopped = false;
    this.close(false);
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/v1/glasses`;
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      this.send({ type: "hello", protocol: 1, ...this.hello });
      this.handlers.onopen?.();
    };
    ws.onmessage = (event) => {
      if (typeof event.data === "string") {
        const message = JSON.parse(event.data);
        if (message.type === "welcome") this.retryMs = 1000;
        this.handlers.onmessage(message);
      } else {
        const frame = decodeFrame(event.data);
        if (frame) this.handlers.onframe(frame);
      }
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      const final = this.stopped || [4401, 4406, 4409, 1008].includes(event.code);
      this.handlers.onclose?.(event.code, event.reason, final);
      if (!final) {
        // Back-off with ±20 % jitter, so glasses cut off together (a hub stopped) do not all
        // come back to the balancer in the same instant.
        const delay = this.retryMs * (0.8 + 0.4 * Math.random());
        this.timer = setTimeout(() => this.connect(this.hello), delay);
        this.retryMs = Math.min(this.retryMs * 2, 10000);
      }
    };
  }

  close(stop = true) {
    if (stop) this.stopped = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000, "bye");
  }

  send(message) {
    if (!this.open) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  sendFrame(kind, payload) {
    if (!this.open) return false;
    this.seq[kind] = (this.seq[kind] || 0) + 1;
    this.ws.send(encodeFrame(kind, this.seq[kind], payload));
    return true;
  }
}
