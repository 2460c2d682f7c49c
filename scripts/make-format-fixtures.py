#!/usr/bin/env python3
"""Makes the small image fixtures for formats and metadata that real phones, cameras and media
libraries produce and FFmpeg 5.1 treats unevenly (Fixtures/image/formats). Each file reproduces one
class; the expected values sit in the tests. Needs Pillow, pillow-heif (PyPI), avifenc (libavif-bin)
and jpegtran (libjpeg-turbo-progs): `make fixtures` installs them. Outputs are committed.
Usage: scripts/make-format-fixtures.py [Fixtures/image/formats]
"""
import os, struct, subprocess, sys, tempfile
from PIL import Image, ImageDraw
import pillow_heif

pillow_heif.register_heif_opener()
out = sys.argv[1] if len(sys.argv) > 1 else "Fixtures/image/formats"
os.makedirs(out, exist_ok=True)
path = lambda name: os.path.join(out, name)


def picture(width=96, height=64):
    image = Image.new("RGB", (width, height), (40, 90, 160))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 8):
        draw.line([(x, 0), (width - x, height)], fill=(230, 200, 40), width=2)
    return image


def exif_orientation(value, prefix=b""):
    """A little-endian TIFF structure with IFD0 holding Orientation = value."""
    return prefix + b"II*\x00" + struct.pack("<IH", 8, 1) + struct.pack("<HHIHH", 0x0112, 3, 1, value, 0) + struct.pack("<I", 0)


# Complete files FFmpeg 5.1 cannot decode: unsupported-format, not "damaged".
picture().save(path("still.heic"), quality=80)                            # HEIF item (HEVC)
frames = [picture() for _ in range(3)]
for index, frame in enumerate(frames):
    ImageDraw.Draw(frame).rectangle([index * 20, 10, index * 20 + 15, 30], fill=(255, 0, 0))
frames[0].save(path("animated.webp"), save_all=True, append_images=frames[1:], duration=100, loop=0)
frames[0].save(path("animated.gif"), save_all=True, append_images=frames[1:], duration=100, loop=0)
picture().convert("LAB").save(path("cielab.tif"))
picture().save(path("bigtiff.tif"), big_tiff=True)
# JPEG-compressed strips (Compression 7: scanners, Photoshop): FFmpeg 5.1 decodes them to zeros, silently.
picture().save(path("jpeg-compressed.tif"), compression="jpeg", quality=90)
# Old-style JPEG (Compression 6, TIFF 6.0's withdrawn scheme), by editing the tag: FFmpeg has no decoder.
old_style = bytearray(open(path("jpeg-compressed.tif"), "rb").read())
tag = old_style.find(bytes([0x03, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07, 0x00]))  # 259, SHORT, 1, value 7 (little-endian)
assert tag > 0, "Compression tag not found"
old_style[tag + 8] = 6
open(path("old-jpeg.tif"), "wb").write(old_style)
# TIFF layouts and compressions FFmpeg 5.1's decoder refuses with "Invalid data found" (it decodes
# integer samples of up to 16 bits and none, CCITT, LZW, JPEG, Deflate, PackBits and LZMA).
gray = picture().convert("L")
Image.frombytes("F", gray.size, struct.pack(f"<{gray.width * gray.height}f", *[v / 255 for v in gray.getdata()])).save(path("float-gray.tif"))
Image.frombytes("I", gray.size, struct.pack(f"<{gray.width * gray.height}i", *[v * 1000 for v in gray.getdata()])).save(path("int32-gray.tif"))
picture().save(path("zstd.tif"), compression="zstd")


def float_rgb_tiff(image):
    """RGB in 32-bit float samples (HDR exports): BitsPerSample and SampleFormat hold three values
    each, stored at an offset rather than in their entries. Pillow cannot write this layout."""
    width, height = image.size
    pixels = struct.pack(f"<{width * height * 3}f", *[c / 255 for p in image.getdata() for c in p])
    entries = [(256, 3, 1, width), (257, 3, 1, height), (258, 3, 3, "bits"), (259, 3, 1, 1), (262, 3, 1, 2),
               (273, 4, 1, "data"), (277, 3, 1, 3), (278, 3, 1, height), (279, 4, 1, len(pixels)), (339, 3, 3, "format")]
    directory_size = 2 + 12 * len(entries) + 4
    bits_at = 8 + directory_size
    format_at = bits_at + 6
    data_at = format_at + 6
    directory = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = {"bits": bits_at, "format": format_at, "data": data_at}.get(value, value)
        directory += struct.pack("<HHI", tag, kind, count) + (struct.pack("<HH", value, 0) if kind == 3 and count == 1 else struct.pack("<I", value))
    body = b"II*\x00" + struct.pack("<I", 8) + directory + struct.pack("<I", 0) + struct.pack("<3H", 32, 32, 32) + struct.pack("<3H", 3, 3, 3) + pixels
    open(path("float-rgb.tif"), "wb").write(body)


float_rgb_tiff(picture(32, 24))
with tempfile.TemporaryDirectory() as folder:
    plain = os.path.join(folder, "plain.jpg")
    picture().save(plain, quality=90)
    subprocess.run(["jpegtran", "-arithmetic", "-outfile", path("arithmetic.jpg"), plain], check=True)
    png = os.path.join(folder, "big.png")
    picture(192, 128).save(png)
    subprocess.run(["avifenc", "--grid", "2x2", png, path("tiled-grid.avif")], check=True,
                   stdout=subprocess.DEVNULL)

# Stills that FFmpeg reads as one-frame videos: measured as images.
picture().save(path("one-frame.gif"))
picture().save(path("still.avif"), quality=60)

# EXIF orientation 6 (turn 90° clockwise) outside JPEG: stored 96×64, displayed 64×96.
picture().save(path("orientation-6.tif"), tiffinfo={0x0112: 6})
picture().save(path("orientation-6.png"), exif=exif_orientation(6))
picture().save(path("orientation-6.webp"), exif=exif_orientation(6, prefix=b"Exif\x00\x00"), quality=80)

# EXIF that FFmpeg complains about ("invalid TIFF header in Exif data") while the pixels are whole.
picture().save(path("bad-exif.jpg"), exif=b"Exif\x00\x00XX*\x00" + bytes(24), quality=90)
picture().save(path("bad-exif.webp"), exif=b"Exif\x00\x00XX*\x00" + bytes(24), quality=80)

# Alpha only where there is transparency.
picture().convert("CMYK").save(path("cmyk.jpg"), quality=90)               # decodes into a format with alpha
picture().quantize(16).save(path("palette-opaque.bmp"))
opaque = picture().convert("RGBA")
opaque.save(path("opaque-lossless.webp"), lossless=True)
with_index = picture().quantize(16)
with_index.info["transparency"] = 0
with_index.save(path("palette-trns.png"), transparency=0)                 # tRNS chunk: transparent
print("wrote", len(os.listdir(out)), "files to", out)
