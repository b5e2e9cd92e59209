#!/usr/bin/env python3
"""img.py — the few image operations the field and fullscreen tests need,
without ImageMagick: read PNG (8-bit RGB/RGBA, as cairo and grim write them)
and XWD (ZPixmap, 24/32 bits per pixel, as `xwd -root` writes it).

  img.py size FILE                      prints "W H"
  img.py diff A B [--ignore X,Y,W,H]... prints "N M": N of M pixels differ
                                        (sizes must match, else exit 2)
  img.py colours FILE                   distinct colours (up to 1000)
  img.py topng FILE.xwd OUT.png         for a person to look at the grab
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError(f"{path}: PNG type {ctype}/{depth} bits not handled")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = w * bpp
    out = bytearray(w * h * 3)
    prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif f == 3:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((a + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                c = prev[i - bpp] if i >= bpp else 0
                b = prev[i]
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        prev = line
        if bpp == 3:
            out[y * w * 3:(y + 1) * w * 3] = line
        else:
            row = out[y * w * 3:(y + 1) * w * 3]
            row[0::3], row[1::3], row[2::3] = line[0::4], line[1::4], line[2::4]
            out[y * w * 3:(y + 1) * w * 3] = row
    return w, h, bytes(out)


def read_xwd(path):
    data = open(path, "rb").read()
    hdr = struct.unpack(">25I", data[:100])
    (hsize, version, fmt, depth, w, h, _, order, _, _, _, bits, bpl, _, rmask, gmask,
     bmask, _, _, ncolors) = hdr[:20]
    if version != 7 or fmt != 2 or bits not in (24, 32):
        raise ValueError(f"{path}: XWD v{version} format {fmt} {bits} bpp not handled")
    pos = hsize + ncolors * 12
    shift = lambda m: (m & -m).bit_length() - 1
    rs, gs, bs = shift(rmask), shift(gmask), shift(bmask)
    step = bits // 8
    endian = "little" if order == 0 else "big"
    out = bytearray(w * h * 3)
    for y in range(h):
        row = data[pos + y * bpl:pos + y * bpl + w * step]
        for x in range(w):
            v = int.from_bytes(row[x * step:(x + 1) * step], endian)
            o = (y * w + x) * 3
            out[o] = (v & rmask) >> rs
            out[o + 1] = (v & gmask) >> gs
            out[o + 2] = (v & bmask) >> bs
    return w, h, bytes(out)


def read(path):
    with open(path, "rb") as f:
        magic = f.read(8)
    return read_png(path) if magic.startswith(b"\x89PNG") else read_xwd(path)


def write_png(path, w, h, rgb):
    raw = b"".join(b"\x00" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))
    chunk = lambda k, b: struct.pack(">I", len(b)) + k + b + struct.pack(
        ">I", zlib.crc32(k + b) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def main(argv):
    if len(argv) >= 2 and argv[0] == "size":
        w, h, _ = read(argv[1])
        print(w, h)
        return 0
    if len(argv) == 2 and argv[0] == "colours":
        _, _, px = read(argv[1])
        seen = set()
        for i in range(0, len(px), 3 * 97):  # a sample is enough to tell
            seen.add(px[i:i + 3])
            if len(seen) >= 1000:
                break
        print(len(seen))
        return 0
    if len(argv) == 3 and argv[0] == "topng":
        write_png(argv[2], *read(argv[1]))
        return 0
    if len(argv) >= 3 and argv[0] == "diff":
        aw, ah, a = read(argv[1])
        bw, bh, b = read(argv[2])
        if (aw, ah) != (bw, bh):
            print(f"size differs: {aw}x{ah} vs {bw}x{bh}")
            return 2
        ignore = [tuple(int(v) for v in r.split(",")) for r in argv[4::2]
                  if argv[3::2][argv[4::2].index(r)] == "--ignore"]
        bad = total = 0
        for y in range(ah):
            skip = [(x0, x0 + rw) for x0, y0, rw, rh in ignore if y0 <= y < y0 + rh]
            ra, rb = a[y * aw * 3:(y + 1) * aw * 3], b[y * aw * 3:(y + 1) * aw * 3]
            if ra == rb and not skip:
                total += aw
                continue
            for x in range(aw):
                if any(s <= x < e for s, e in skip):
                    continue
                total += 1
                if ra[x * 3:x * 3 + 3] != rb[x * 3:x * 3 + 3]:
                    bad += 1
        print(bad, total)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
