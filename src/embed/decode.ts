/**
 * Decode an image once (createImageBitmap, off the JS thread in Chromium) and
 * derive from that one decode everything the engine needs: the model's input
 * tensor, a small RGBA copy for hashes and pixel quality, and a thumbnail.
 * Runs in a worker (OffscreenCanvas).
 */
import type { InputSpec } from '../contract/vectorizers.js';
import { shownSize, sniffImage, type ImageFormat } from './sniff.js';
import { blurEffect, toLuma, type BlurEffect } from '../core/image/index.js';

export interface DecodeOptions {
  input: InputSpec;
  /** Longest side of the stored thumbnail, px. @defaultValue 160 */
  thumbnailSize?: number;
  /** Longest side of the RGBA copy used for hashes and quality, px. @defaultValue 256 */
  analysisSize?: number;
  /** Images with more pixels are refused before decoding (memory safety). @defaultValue 100_000_000 */
  maxPixels?: number;
}

export interface DecodedImage {
  format: ImageFormat;
  width: number;
  height: number;
  /** Model input for one image: height × width × 3 (NHWC) or 3 × height × width (NCHW), normalised. */
  tensor: Float32Array;
  /** RGBA, longest side ≤ analysisSize, aspect kept. */
  analysis: { data: Uint8ClampedArray; width: number; height: number };
  /** Blur effect measured on the working-size decode (≤ 448 px for the default model), finer than the analysis copy. */
  blur: BlurEffect;
  thumbnail: Blob;
}

/** Why a file could not be used; the message is shown to users as the failure reason. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

function hasEndMarker(format: ImageFormat, bytes: Uint8Array): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 4096));
  if (format === 'jpeg') {
    for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
    return false;
  }
  if (format === 'png') {
    for (let i = tail.length - 8; i >= 0; i--) {
      if (tail[i] === 0x49 && tail[i + 1] === 0x45 && tail[i + 2] === 0x4e && tail[i + 3] === 0x44) return true;
    }
    return false;
  }
  return true;
}

function fit(w: number, h: number, side: number): [number, number] {
  const s = Math.min(1, side / Math.max(w, h));
  return [Math.max(1, Math.round(w * s)), Math.max(1, Math.round(h * s))];
}

function context(w: number, h: number): OffscreenCanvasRenderingContext2D {
  const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new DecodeError('no 2D canvas in this context');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  return ctx;
}

/** Draw the bitmap into the model's input size per the manifest's resize rule; returns RGBA. */
function drawForModel(bmp: ImageBitmap, spec: InputSpec): Uint8ClampedArray {
  const { width: W, height: H } = spec;
  const ctx = context(W, H);
  const [r, g, b] = spec.background ?? [255, 255, 255];
  ctx.fillStyle = `rgb(${r},${g},${b})`;
  ctx.fillRect(0, 0, W, H);
  const bw = bmp.width, bh = bmp.height;
  if (spec.resize === 'stretch') ctx.drawImage(bmp, 0, 0, W, H);
  else if (spec.resize === 'center-crop') {
    const s = Math.max(W / bw, H / bh);
    const sw = W / s, sh = H / s;
    ctx.drawImage(bmp, (bw - sw) / 2, (bh - sh) / 2, sw, sh, 0, 0, W, H);
  } else {
    const s = Math.min(W / bw, H / bh);
    const dw = bw * s, dh = bh * s;
    ctx.drawImage(bmp, (W - dw) / 2, (H - dh) / 2, dw, dh);
  }
  return ctx.getImageData(0, 0, W, H).data;
}

/** RGBA bytes → normalised float tensor in the manifest's layout. */
export function toTensor(rgba: Uint8ClampedArray, spec: InputSpec): Float32Array {
  const n = spec.width * spec.height;
  const out = new Float32Array(n * 3);
  const { scale, mean, std } = spec;
  const nchw = spec.layout === 'NCHW';
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) {
      const v = (rgba[p * 4 + c] * scale - mean[c]) / std[c];
      out[nchw ? c * n + p : p * 3 + c] = v;
    }
  }
  return out;
}

/**
 * Decode one image; throws DecodeError with a user-facing reason.
 * Pass `bytes` when the caller already read the file (to hash it) to avoid a second read.
 */
export async function decodeImage(blob: Blob, options: DecodeOptions, bytes?: Uint8Array): Promise<DecodedImage> {
  const { input, thumbnailSize = 160, analysisSize = 256, maxPixels = 100_000_000 } = options;
  if (blob.size === 0) throw new DecodeError('empty file (0 bytes)');
  bytes ??= new Uint8Array(await blob.arrayBuffer());
  // The whole file: a JPEG's size can sit behind large APP segments, and refusing a huge image must not need a decode.
  const sniffed = sniffImage(bytes);
  if (!sniffed) throw new DecodeError('not a supported image (JPEG, PNG, WebP, GIF, BMP, AVIF)');
  // Sizes as shown: a portrait photo stored landscape with an EXIF rotation is portrait everywhere.
  const [sw, sh] = shownSize(sniffed);
  if (sw * sh > maxPixels) {
    throw new DecodeError(`too large: ${sw}×${sh} is over the ${Math.round(maxPixels / 1e6)} MP limit`);
  }
  if (!hasEndMarker(sniffed.format, bytes)) throw new DecodeError(`truncated ${sniffed.format.toUpperCase()} (no end marker)`);
  let bmp: ImageBitmap;
  try {
    // Decode straight to a working size that covers every derived image: for big
    // photos the decoder can then skip most of the full-resolution work.
    const side = Math.max(2 * Math.max(input.width, input.height), analysisSize, thumbnailSize);
    const [rw, rh] = sw && sh ? fit(sw, sh, side) : [0, 0];
    bmp = rw && (rw < sw || rh < sh)
      ? await createImageBitmap(blob, { resizeWidth: rw, resizeHeight: rh, resizeQuality: 'high', imageOrientation: 'from-image' })
      : await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch (e) {
    throw new DecodeError(`corrupt ${sniffed.format.toUpperCase()}: ${(e as Error).message || 'the browser could not decode it'}`);
  }
  try {
    const width = sw || bmp.width, height = sh || bmp.height;
    if (width * height > maxPixels) throw new DecodeError(`too large: ${width}×${height} is over the ${Math.round(maxPixels / 1e6)} MP limit`);
    const tensor = toTensor(drawForModel(bmp, input), input);
    const [aw, ah] = fit(bmp.width, bmp.height, analysisSize);
    const actx = context(aw, ah);
    actx.drawImage(bmp, 0, 0, aw, ah);
    const analysis = { data: actx.getImageData(0, 0, aw, ah).data, width: aw, height: ah };
    // Blur is judged on the working-size bitmap: a 3 px blur at 1024 px is still visible
    // at 448 px and mostly gone at the 256 px analysis size (measured: bench:flags).
    const bctx = context(bmp.width, bmp.height);
    bctx.drawImage(bmp, 0, 0);
    const blur = blurEffect(toLuma(bctx.getImageData(0, 0, bmp.width, bmp.height).data, bmp.width, bmp.height), bmp.width, bmp.height);
    const [tw, th] = fit(bmp.width, bmp.height, thumbnailSize);
    const tcanvas = new OffscreenCanvas(tw, th);
    const tctx = tcanvas.getContext('2d');
    if (!tctx) throw new DecodeError('no 2D canvas in this context');
    tctx.imageSmoothingQuality = 'high';
    tctx.drawImage(bmp, 0, 0, tw, th);
    const thumbnail = await tcanvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
    return { format: sniffed.format, width, height, tensor, analysis, blur, thumbnail };
  } finally {
    bmp.close();
  }
}
