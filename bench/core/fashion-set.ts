/**
 * Fashion-MNIST (Debian's dataset-fashion-mnist): 28 × 28 grayscale product photos
 * in 10 classes with clean labels, a labelled set whose classes a model can tell
 * apart (unlike emoji categories). Read from the installed package, or from a
 * folder named by FASHION_MNIST_DIR (e.g. the package unpacked with `dpkg -x`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

const DIRS = [process.env.FASHION_MNIST_DIR, '/usr/share/datasets/fashion-mnist', '.cache/fashion-mnist/usr/share/datasets/fashion-mnist'].filter((d): d is string => !!d);

/** Where the dataset is, or null with how to get it. */
export function fashionDir(): string | null {
  return DIRS.find((d) => existsSync(join(d, 't10k-images-idx3-ubyte.gz'))) ?? null;
}

export const FASHION_HOWTO = 'Fashion-MNIST not found: `apt-get install dataset-fashion-mnist` (as root), or `apt-get download dataset-fashion-mnist && dpkg -x dataset-fashion-mnist_*.deb .cache/fashion-mnist`, or set FASHION_MNIST_DIR';

/** The first `per` images of each class of the test split (10,000 images), pixels row-major. */
export function fashionByClass(per: number): { name: string; label: string; pixels: number[] }[] {
  const dir = fashionDir();
  if (!dir) throw new Error(FASHION_HOWTO);
  const images = gunzipSync(readFileSync(join(dir, 't10k-images-idx3-ubyte.gz')));
  const labels = gunzipSync(readFileSync(join(dir, 't10k-labels-idx1-ubyte.gz')));
  // idx headers: magic, count (and rows, cols for images), big-endian int32 each.
  if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049) throw new Error(`${dir}: not idx files`);
  const n = labels.readUInt32BE(4);
  const size = images.readUInt32BE(8) * images.readUInt32BE(12);
  const taken = new Array<number>(FASHION_CLASSES.length).fill(0);
  const out: { name: string; label: string; pixels: number[] }[] = [];
  for (let i = 0; i < n; i++) {
    const c = labels[8 + i];
    if (taken[c] >= per) continue;
    taken[c]++;
    out.push({ name: `fashion-${i}.png`, label: FASHION_CLASSES[c], pixels: Array.from(images.subarray(16 + i * size, 16 + (i + 1) * size)) });
  }
  return out;
}
