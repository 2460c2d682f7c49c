#!/usr/bin/env python3
"""Makes the reference-image fixtures under Fixtures/image with OpenCV (and ffmpeg for a palette PNG).

Each file exists to exercise one decoder path, one measurement or one rule. The pictures are
synthetic but photo-like (smooth shading, edges, fine texture) so that sharpness is meaningful.
JPEG qualities are libjpeg's (OpenCV's IMWRITE_JPEG_QUALITY), which the quality estimate must
recover exactly. Usage: scripts/make-image-fixtures.py [Fixtures/image]
"""
import json, os, struct, subprocess, sys, tempfile
import cv2
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "Fixtures/image"
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261128)


def scene(width, height, seed):
    """A deterministic photo-like BGR picture: shaded background, shapes with hard edges, texture."""
    local = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    image = np.zeros((height, width, 3), np.float32)
    image[..., 0] = 90 + 60 * np.sin(x / 97.0) + 30 * np.cos(y / 53.0)
    image[..., 1] = 110 + 50 * np.cos((x + y) / 131.0)
    image[..., 2] = 130 + 70 * np.sin(y / 71.0)
    for _ in range(40):
        color = tuple(int(c) for c in local.integers(0, 256, 3))
        center = (int(local.integers(0, width)), int(local.integers(0, height)))
        cv2.circle(image, center, int(local.integers(8, max(9, width // 6))), color, -1, lineType=cv2.LINE_AA)
    for _ in range(30):
        color = tuple(int(c) for c in local.integers(0, 256, 3))
        p1 = (int(local.integers(0, width)), int(local.integers(0, height)))
        p2 = (int(local.integers(0, width)), int(local.integers(0, height)))
        cv2.line(image, p1, p2, color, int(local.integers(1, 4)), lineType=cv2.LINE_AA)
    image += local.normal(0, 3, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def with_exif_orientation(jpeg_bytes, orientation):
    """Inserts an APP1 Exif segment holding only IFD0 tag 0x0112 right after SOI."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg_bytes[:2] + segment + jpeg_bytes[2:]


def write_jpeg(name, image, quality, progressive=False, orientation=None):
    params = [cv2.IMWRITE_JPEG_QUALITY, quality]
    if progressive:
        params += [cv2.IMWRITE_JPEG_PROGRESSIVE, 1]
    ok, data = cv2.imencode(".jpg", image, params)
    assert ok
    data = data.tobytes()
    if orientation:
        data = with_exif_orientation(data, orientation)
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


manifest = {}

# Reference image as a phone stores it: 1536x1024 pixels, EXIF orientation 6 → shown 1024x1536.
write_jpeg("ref-portrait-exif6.jpg", scene(1536, 1024, 1), 92, orientation=6)
manifest["ref-portrait-exif6.jpg"] = {"jpegQuality": 92, "orientation": 6}

# JPEGs at known libjpeg qualities (small: only the tables matter).
base = scene(256, 256, 2)
for quality in (25, 50, 60, 75, 90, 100):
    write_jpeg(f"quality-{quality}.jpg", base, quality)
    manifest[f"quality-{quality}.jpg"] = {"jpegQuality": quality}
write_jpeg("progressive.jpg", scene(512, 384, 3), 85, progressive=True)
manifest["progressive.jpg"] = {"jpegQuality": 85}
write_jpeg("grayscale.jpg", cv2.cvtColor(scene(512, 384, 4), cv2.COLOR_BGR2GRAY), 88)
manifest["grayscale.jpg"] = {"jpegQuality": 88}

# Focus: a sharp subject on a blurred background passes; the same picture blurred everywhere fails.
sharp = scene(1024, 1024, 5)
background = cv2.GaussianBlur(sharp, (0, 0), 12)
portrait = background.copy()
portrait[288:736, 288:736] = sharp[288:736, 288:736]  # the subject: a fifth of the frame
write_jpeg("shallow-depth-of-field.jpg", portrait, 92)
write_jpeg("blurred-everywhere.jpg", cv2.GaussianBlur(sharp, (0, 0), 4), 92)
write_jpeg("sharp-1024.jpg", sharp, 92)
write_jpeg("small-900.jpg", scene(900, 900, 6), 90)
write_jpeg("heavy-compression-1024.jpg", sharp, 35)
for name, quality in (("shallow-depth-of-field.jpg", 92), ("blurred-everywhere.jpg", 92), ("sharp-1024.jpg", 92),
                      ("small-900.jpg", 90), ("heavy-compression-1024.jpg", 35)):
    manifest[name] = {"jpegQuality": quality}

# PNG in every layout the decoder path must handle.
picture = scene(200, 150, 7)
cv2.imwrite(os.path.join(out, "rgb8.png"), picture)
cv2.imwrite(os.path.join(out, "gray8.png"), cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY))
alpha = np.dstack([picture, np.linspace(0, 255, 200 * 150).reshape(150, 200).astype(np.uint8)])
cv2.imwrite(os.path.join(out, "rgba8.png"), alpha)
cv2.imwrite(os.path.join(out, "gray16.png"), cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY).astype(np.uint16) * 257
            + rng.integers(0, 200, (150, 200)).astype(np.uint16))
cv2.imwrite(os.path.join(out, "rgb16.png"), picture.astype(np.uint16) * 256 + rng.integers(0, 256, picture.shape).astype(np.uint16))
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", os.path.join(out, "rgb8.png"),
                    "-vf", "split[a][b];[a]palettegen=max_colors=64:reserve_transparent=0[p];[b][p]paletteuse=dither=none",
                    os.path.join(out, "palette.png")], check=True)

# Other containers: WebP (lossy and lossless), TIFF, BMP.
cv2.imwrite(os.path.join(out, "lossy.webp"), picture, [cv2.IMWRITE_WEBP_QUALITY, 80])
cv2.imwrite(os.path.join(out, "lossless.webp"), picture, [cv2.IMWRITE_WEBP_QUALITY, 101])
cv2.imwrite(os.path.join(out, "rgb.tiff"), picture)
cv2.imwrite(os.path.join(out, "rgb.bmp"), picture)

# The focus score's parity fixture: a lossless 700×600 gray picture (short side over 512, so the
# area reduction runs with a fractional factor), sharp shapes and texture on the left, the same
# blurred on the right. PNG: OpenCV and FFmpeg decode identical pixels, so the NumPy reference
# (scripts/focus_reference.py) and preflight must agree to 1e-6.
rng = np.random.default_rng(2026)
focus = np.full((600, 700), 128, np.float64)
for _ in range(60):
    x, y = int(rng.integers(0, 650)), int(rng.integers(0, 560))
    w, h = int(rng.integers(8, 80)), int(rng.integers(8, 80))
    focus[y:y + h, x:x + w] = rng.integers(20, 235)
focus += rng.normal(0, 12, focus.shape)
focus = np.clip(focus, 0, 255).astype(np.uint8)
focus[:, 350:] = cv2.GaussianBlur(focus, (0, 0), 3)[:, 350:]
cv2.imwrite(os.path.join(out, "focus-parity.png"), focus)

# A 1-bit PNG (FFmpeg decodes it as monob): white is 255 for OpenCV, so it must be for preflight
# too — a 1-bit sample shifted to 8 bits is 128, and the Laplacian's variance a quarter of OpenCV's.
rng = np.random.default_rng(1)
bilevel = np.zeros((150, 200), np.uint8)
for _ in range(25):
    x, y, w, h = (int(v) for v in (rng.integers(0, 180), rng.integers(0, 130), rng.integers(4, 60), rng.integers(4, 60)))
    bilevel[y:y + h, x:x + w] = 255 - bilevel[y:y + h, x:x + w]
cv2.imwrite(os.path.join(out, "bilevel.png"), bilevel, [cv2.IMWRITE_PNG_BILEVEL, 1])

# Bad input: a cut-off JPEG and text named .png.
with open(os.path.join(out, "sharp-1024.jpg"), "rb") as f:
    data = f.read()
with open(os.path.join(out, "truncated.jpg"), "wb") as f:
    f.write(data[: len(data) // 2])
with open(os.path.join(out, "text-named.png"), "w") as f:
    f.write("not an image\n")

with open(os.path.join(out, "saved-with.json"), "w") as f:
    json.dump(manifest, f, indent=1, sort_keys=True)
    f.write("\n")
print("made", len(os.listdir(out)), "files in", out)
