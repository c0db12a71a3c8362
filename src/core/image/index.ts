/**
 * core/image — pixel work on decoded RGBA: perceptual and pixel hashes, quality scores and flags, colour/layout statistics.
 * Exports what the other layers and curatekit/core use; everything else stays inside the folder.
 */
export { type Hash64, hashHalves, hashToHex, hexToHash, phash, pixelHash, popcount32, dhash, hamming64 } from './hash.js';
export { pixelQuality, type PixelQuality, type PixelQualityOptions, TINY_SIDE, BLUR_EFFECT, DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from './quality.js';
export { blurEffect, type BlurEffect } from './blur.js';
export { toLuma } from './gray.js';
export { pixelStats, statsMatrix, PIXEL_STAT_NAMES } from './stats.js';
