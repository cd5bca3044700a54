// Sound in and out: the microphone as 16 kHz PCM chunks, an uploaded WAV sent as if spoken,
// and the hub's speech played back (and stopped at once on barge-in).

export const RATE = 16000;
const CHUNK = 320; // 20 ms at 16 kHz

/** The live microphone; `onchunk(ArrayBuffer, peak)` gets every 20 ms of 16 kHz PCM. */
export class Microphone {
  constructor(onchunk) {
    this.onchunk = onchunk;
    this.ctx = null;
    this.starting = null;
  }

  get running() {
    return this.ctx !== null;
  }

  start() {
    this.starting ??= this._start().catch((error) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  async _start() {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: false },
    });
    const ctx = new AudioContext();
    await ctx.audioWorklet.addModule("/static/mic-worklet.js");
    const source = ctx.createMediaStreamSource(stream);
    const lowpass = new BiquadFilterNode(ctx, { type: "lowpass", frequency: 7000, Q: 0.707 });
    const node = new AudioWorkletNode(ctx, "pcm16-downsampler", {
      processorOptions: { targetRate: RATE, frameSamples: CHUNK },
    });
    node.port.onmessage = (event) => this.onchunk(event.data.pcm, event.data.peak);
    const mute = new GainNode(ctx, { gain: 0 }); // keeps the graph pulled
    source.connect(lowpass).connect(node).connect(mute).connect(ctx.destination);
    await ctx.resume();
    this.ctx = ctx;
    return ctx.sampleRate;
  }
}

/** A WAV (or any audio file the browser decodes) as 16 kHz mono 16-bit chunks of 20 ms. */
export async function fileToChunks(file) {
  const data = await file.arrayBuffer();
  const decoder = new OfflineAudioContext(1, RATE, RATE);
  const audio = await decoder.decodeAudioData(data); // resampled to 16 kHz
  const samples = audio.getChannelData(0);
  const chunks = [];
  for (let start = 0; start < samples.length; start += CHUNK) {
    const pcm = new Int16Array(CHUNK);
    for (let i = 0; i < CHUNK && start + i < samples.length; i++) {
      const v = Math.max(-1, Math.min(1, samples[start + i]));
      pcm[i] = v < 0 ? v * 0x8000 : v * 0x7fff;
    }
    chunks.push(pcm.buffer);
  }
  return chunks;
}

/** Send chunks at real time (20 ms apart), then `tailMs` of silence. */
export async function pace(chunks, send, tailMs = 800) {
  const silence = new Int16Array(CHUNK).buffer;
  const all = [...chunks, ...Array(Math.ceil(tailMs / 20)).fill(silence)];
  const t0 = performance.now();
  for (let i = 0; i < all.length; i++) {
    const wait = t0 + i * 20 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    send(all[i]);
  }
}

/** The hub's speech: `speech_start`, SPEECH frames, `speech_end`; `stop()` on barge-in. */
export class Speaker {
  constructor() {
    this.ctx = null;
    this.rate = RATE;
    this.playhead = 0;
    this.sources = new Set();
  }

  unlock() {
    this.ctx ??= new AudioContext();
    if (this.ctx.state === "suspended") this.ctx.resume();
  }

  begin(sampleRate) {
    this.unlock();
    this.rate = sampleRate || RATE;
  }

  play(payload) {
    this.unlock();
    const pcm = new Int16Array(payload);
    if (!pcm.length) return;
    const buffer = this.ctx.createBuffer(1, pcm.length, this.rate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < pcm.length; i++) channel[i] = pcm[i] / 0x8000;
    const source = this.ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.ctx.destination);
    this.playhead = Math.max(this.playhead, this.ctx.currentTime + 0.05);
    source.start(this.playhead);
    this.playhead += buffer.duration;
    this.sources.add(source);
    source.onended = () => this.sources.delete(source);
  }

  get speaking() {
    return this.sources.size > 0;
  }

  stop() {
    for (const source of this.sources) {
      try {
        source.stop();
      } catch {
        // already stopped
      }
    }
    this.sources.clear();
    this.playhead = 0;
  }
}
