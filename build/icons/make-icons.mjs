// Draws Crewdesk's icon (a planning board on a red tile) and writes every format
// the installers need, with no tools and no network:
//   icon.png (1024), png/NxN.png (Linux), icon.ico (Windows), icon.icns (macOS).
// Run: node build/icons/make-icons.mjs  (the outputs are committed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = resolve(fileURLToPath(import.meta.url), '..');

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** RGBA pixels → PNG bytes. */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Signed distance to a rounded rectangle (centre cx,cy, half sizes hw,hh, radius r). */
function roundRect(px, py, cx, cy, hw, hh, r) {
  const qx = Math.abs(px - cx) - hw + r;
  const qy = Math.abs(py - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** The icon at `size` px, drawn in a 0..1 square. */
export function drawIcon(size) {
  const px = new Float64Array(size * size * 4);
  const aa = 1 / size; // one pixel, for anti-aliasing
  const cover = (d) => Math.min(1, Math.max(0, 0.5 - d / aa));
  // Three columns of cards: a planning board.
  const cards = [
    [0.3, 0.36, 0.09, 0.055], [0.3, 0.5, 0.09, 0.055], [0.3, 0.64, 0.09, 0.055],
    [0.5, 0.36, 0.09, 0.055], [0.5, 0.5, 0.09, 0.055],
    [0.7, 0.36, 0.09, 0.055],
  ];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const tile = cover(roundRect(u, v, 0.5, 0.5, 0.44, 0.44, 0.1));
      // Red to warm orange, top to bottom.
      const t = v;
      let r = 200 + 30 * t, g = 16 + 60 * t, b = 46 - 20 * t;
      let white = 0;
      for (const [cx, cy, hw, hh] of cards) white = Math.max(white, cover(roundRect(u, v, cx, cy, hw, hh, 0.02)));
      // A broadcast dot in the empty corner.
      white = Math.max(white, cover(Math.hypot(u - 0.7, v - 0.6) - 0.06));
      r = r * (1 - white) + 255 * white;
      g = g * (1 - white) + 255 * white;
      b = b * (1 - white) + 255 * white;
      const i = (y * size + x) * 4;
      px.set([r, g, b, 255 * tile], i);
    }
  }
  return Buffer.from(Uint8ClampedArray.from(px));
}

/** A classic ICO image (BITMAPINFOHEADER + bottom-up BGRA + AND mask): what every Windows tool, NSIS included, reads. */
export function icoBitmap(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR + AND masks
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const xor = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      xor[to] = rgba[from + 2];
      xor[to + 1] = rgba[from + 1];
      xor[to + 2] = rgba[from];
      xor[to + 3] = rgba[from + 3];
    }
  }
  const andMask = Buffer.alloc((Math.ceil(size / 32) * 4) * size); // all zero: alpha decides
  return Buffer.concat([header, xor, andMask]);
}

export function icoFile(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(([size, png], i) => {
    const e = 6 + i * 16;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(([, png]) => png)]);
}

const ICNS_TYPES = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
export function icnsFile(pngs) {
  const entries = pngs
    .filter(([size]) => ICNS_TYPES[size])
    .map(([size, png]) => {
      const head = Buffer.alloc(8);
      head.write(ICNS_TYPES[size], 0, 'ascii');
      head.writeUInt32BE(png.length + 8, 4);
      return Buffer.concat([head, png]);
    });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sizes = [16, 32, 48, 64, 128, 256, 512, 1024];
  const pngs = sizes.map((s) => [s, encodePng(s, drawIcon(s))]);
  mkdirSync(join(here, 'png'), { recursive: true });
  for (const [s, png] of pngs) if (s <= 512) writeFileSync(join(here, 'png', `${s}x${s}.png`), png);
  writeFileSync(join(here, 'icon.png'), pngs.find(([s]) => s === 1024)[1]);
  // Bitmaps up to 48 px, PNG above (as Windows' own icons do).
  const ico = sizes.filter((s) => s <= 256).map((s) => [s, s <= 48 ? icoBitmap(s, drawIcon(s)) : pngs.find(([p]) => p === s)[1]]);
  writeFileSync(join(here, 'icon.ico'), icoFile(ico));
  writeFileSync(join(here, 'icon.icns'), icnsFile(pngs));
  console.log(`icons written to ${here}`);
}
