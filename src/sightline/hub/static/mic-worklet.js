// The microphone, brought to 16 kHz 16-bit PCM in 20 ms chunks (320 samples, 640 bytes).
// Each output sample averages the input samples of its interval (after the low-pass filter
// in front of this node), so 48 kHz and 44.1 kHz both come out right.

class Pcm16Downsampler extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { targetRate = 16000, frameSamples = 320 } = options.processorOptions || {};
    this.step = sampleRate / targetRate; // input samples per output sample
    this.phase = 0;
    this.sum = 0;
    this.count = 0;
    this.frame = new Int16Array(frameSamples);
    this.filled = 0;
    this.peak = 0;
  }

  emit(value) {
    const clipped = Math.max(-1, Math.min(1, value));
    this.peak = Math.max(this.peak, Math.abs(clipped));
    this.frame[this.filled++] = clipped < 0 ? clipped * 0x8000 : clipped * 0x7fff;
    if (this.filled === this.frame.length) {
      const out = this.frame.slice(0).buffer;
      this.port.postMessage({ pcm: out, peak: this.peak }, [out]);
      this.filled = 0;
      this.peak = 0;
    }
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      this.sum += channel[i];
      this.count += 1;
      this.phase += 1;
      if (this.phase >= this.step) {
        this.phase -= this.step;
        this.emit(this.sum / this.count);
        this.sum = 0;
        this.count = 0;
      }
    }
    return true;
  }
}

registerProcessor("pcm16-downsampler", Pcm16Downsampler);
