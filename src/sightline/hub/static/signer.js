// The device's confirmation key: an ECDSA P-256 key pair made by WebCrypto, NON-extractable
// (the page can sign with it but never read it), kept in IndexedDB. Its public key is
// registered at pairing; confirmation cards are signed over the bytes of docs/protocol.md,
// "Signed confirmations" (what glasses do in their secure element).

const DB = "sightline-device";
const STORE = "keys";
const SLOT = "confirm";
const ALGORITHM = { name: "ECDSA", namedCurve: "P-256" };
const DOMAIN = "sightline-confirm/1";

function database() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function stored(mode, act) {
  const db = await database();
  try {
    return await new Promise((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

function base64(bytes) {
  let text = "";
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text);
}

function base64url(bytes) {
  return base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The signed message: each field as a 4-byte big-endian length and its UTF-8 bytes. */
export function signedBytes(cardId, offer, modality) {
  const fields = [DOMAIN, cardId, offer.kind, offer.payee, offer.amount, offer.currency,
    offer.challenge, modality].map((f) => new TextEncoder().encode(String(f)));
  const out = new Uint8Array(fields.reduce((n, f) => n + 4 + f.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const field of fields) {
    view.setUint32(at, field.length);
    out.set(field, at + 4);
    at += 4 + field.length;
  }
  return out;
}

export class Signer {
  constructor() {
    this.pair = null;
  }

  /** The key pair, from IndexedDB (made on first use). */
  async keys() {
    if (!this.pair) this.pair = (await stored("readonly", (s) => s.get(SLOT))) || (await this.renew());
    return this.pair;
  }

  /** A fresh key pair (at pairing: a newly paired device gets a new key), stored. */
  async renew() {
    const pair = await crypto.subtle.generateKey(ALGORITHM, false, ["sign", "verify"]);
    await stored("readwrite", (s) => s.put(pair, SLOT));
    this.pair = pair;
    return pair;
  }

  /** The public key to register: base64 DER SubjectPublicKeyInfo. */
  async publicKey() {
    const { publicKey } = await this.keys();
    return base64(await crypto.subtle.exportKey("spki", publicKey));
  }

  /** The `confirm_signature` message for a confirmation card's offer. */
  async sign(cardId, offer, modality) {
    const { privateKey } = await this.keys();
    const signature = await crypto.subtle.sign(
      { name: "ECDSA", hash: "SHA-256" }, privateKey, signedBytes(cardId, offer, modality),
    ); // r‖s, 64 bytes (IEEE P1363), as the hub expects
    return { type: "confirm_signature", card_id: cardId, modality, signature: base64url(signature) };
  }
}
