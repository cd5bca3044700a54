// The camera: the webcam, an uploaded photo or an uploaded video, shown in the camera view
// and captured as JPEG frames at the source's own size (gaze is in those pixels).

const MAX_WIDTH = 1280;

export class Camera {
  constructor(stage, video, image) {
    this.stage = stage;
    this.video = video;
    this.image = image;
    this.kind = null; // "webcam" | "image" | "video"
    this.stream = null;
    this.canvas = document.createElement("canvas");
  }

  async useWebcam() {
    this.stop();
    this.stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 } },
      audio: false,
    });
    this.video.srcObject = this.stream;
    await this.video.play();
    this._show("webcam");
  }

  async useFile(file) {
    this.stop();
    const url = URL.createObjectURL(file);
    if (file.type.startsWith("video/")) {
      this.video.src = url;
      this.video.loop = true;
      await this.video.play();
      this._show("video");
    } else {
      this.image.src = url;
      await this.image.decode();
      this._show("image");
    }
  }

  stop() {
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.video.srcObject = null;
    this.video.removeAttribute("src");
    this._show(null);
  }

  _show(kind) {
    this.kind = kind;
    this.stage.dataset.source = kind || "none";
    this.video.hidden = !(kind === "webcam" || kind === "video");
    this.image.hidden = kind !== "image";
  }

  get element() {
    return this.kind === "image" ? this.image : this.video;
  }

  /** The size of captured frames (the source's size, at most 1280 wide); null without one. */
  get frameSize() {
    const el = this.element;
    const width = this.kind === "image" ? el.naturalWidth : el.videoWidth;
    const height = this.kind === "image" ? el.naturalHeight : el.videoHeight;
    if (!this.kind || !width || !height) return null;
    const scale = Math.min(1, MAX_WIDTH / width);
    return { width: Math.round(width * scale), height: Math.round(height * scale) };
  }

  /** Where the picture sits in the camera view (object-fit: contain), in client pixels. */
  contentRect() {
    const size = this.frameSize;
    const box = this.element.getBoundingClientRect();
    if (!size || !box.width) return null;
    const scale = Math.min(box.width / size.width, box.height / size.height);
    const width = size.width * scale;
    const height = size.height * scale;
    return {
      left: box.left + (box.width - width) / 2,
      top: box.top + (box.height - height) / 2,
      width,
      height,
      scale,
    };
  }

  /** Client coordinates to frame pixels; null outside the picture. */
  toFrame(clientX, clientY) {
    const rect = this.contentRect();
    if (!rect) return null;
    const x = (clientX - rect.left) / rect.scale;
    const y = (clientY - rect.top) / rect.scale;
    const size = this.frameSize;
    if (x < 0 || y < 0 || x >= size.width || y >= size.height) return null;
    return { x: Math.round(x), y: Math.round(y) };
  }

  /** The current picture as JPEG bytes; null without a source. */
  async capture(quality = 0.85) {
    const size = this.frameSize;
    if (!size) return null;
    this.canvas.width = size.width;
    this.canvas.height = size.height;
    this.canvas.getContext("2d").drawImage(this.element, 0, 0, size.width, size.height);
    const blob = await new Promise((resolve) => this.canvas.toBlob(resolve, "image/jpeg", quality));
    return blob ? blob.arrayBuffer() : null;
  }
}
