#!/usr/bin/env python3
"""Writes the seed corpora for `make fuzz` under Fuzz/corpus/TARGET from the fixtures and docs.

Seeds are small real inputs for each parser: JPEG headers (up to the first scan), EXIF segments in
both byte orders, avcC/hvcC records from the MP4 fixtures, the first bytes of every image, the
built-in profiles, configurations, manifests and prompts. Usage: scripts/make-fuzz-seeds.py
"""
import glob, os, struct, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "Fuzz", "corpus")


def write(target, name, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def jpeg_header(data):
    """Bytes up to and including the start-of-scan marker segment."""
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker, length = data[at + 1], struct.unpack(">H", data[at + 2:at + 4])[0]
        at += 2 + length
        if marker == 0xDA:
            break
    return data[:at]


def boxes(data, wanted):
    """Payloads of every box named `wanted`, found by scanning (good enough for seeds)."""
    found, at = [], data.find(wanted)
    while at >= 4:
        size = struct.unpack(">I", data[at - 4:at])[0]
        if 8 <= size <= 4096:
            found.append(data[at + 4:at - 4 + size])
        at = data.find(wanted, at + 4)
    return found


for path in sorted(glob.glob(os.path.join(root, "Fixtures/image/*.jpg")))[:8]:
    data = open(path, "rb").read()
    write("jpeg", os.path.basename(path), jpeg_header(data))
for order, tiff in (("le", b"II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x00\x00\x00\x00"),
                    ("be", b"MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")):
    write("exif", f"orientation-{order}", b"Exif\x00\x00" + tiff)
for path in sorted(glob.glob(os.path.join(root, "Fixtures/video/*.mp4")) + glob.glob(os.path.join(root, "Fixtures/video/*.mov"))):
    data = open(path, "rb").read()
    for index, payload in enumerate(boxes(data, b"avcC") + boxes(data, b"hvcC")):
        write("codec-config", f"{os.path.basename(path)}-{index}", payload)
for path in sorted(glob.glob(os.path.join(root, "Fixtures/image/*"))):
    if not path.endswith(".json"):
        write("image-header", os.path.basename(path), open(path, "rb").read()[:64])
for path in sorted(glob.glob(os.path.join(root, "Sources/PreflightRules/Profiles/*.yaml"))):
    write("profile", os.path.basename(path), open(path, "rb").read())
write("config", "starter.yml", "profile: kling-o1\nexclude: [\"**/drafts/**\"]\nroles:\nrules:\n")
write("config", "full.yml", """profile: short
include: ["media/**"]
exclude: ["**/drafts/**"]
roles:
  "media/clips/**": edit/source-video
  "media/refs/*.jpg": [video/reference-image, edit/reference-image]
rules:
  image.focus: {min: 150}
  video.codec: {severity: error}
profiles:
  - id: short
    extends: kling-o1
    rules:
      video.duration: {max: 8}
""")
write("manifest", "edit.yml", """mode: edit
prompt: "Keep everything else unchanged, change the background to a sunny beach"
inputs:
  source-video: clips/hero.mp4
  reference-image: [refs/face.jpg, refs/outfit.png]
  motion-reference: clips/dolly.mov
""")
write("manifest", "video.yml", """profile: kling-o1
mode: video
duration: 5
prompt: "The woman from @Image1 walks, camera tracking alongside her"
inputs:
  reference-image: refs/face.jpg
  start-frame: frames/a.png
  end-frame: frames/b.png
""")
for index, prompt in enumerate([
        "Keep everything else unchanged, modify the jacket to the one in @Image2",
        "Change the sky to sunset and add birds and remove the car <<<image_3>>> @Video1 @Element2",
        "A slow dolly in on a lighthouse at dusk, handheld, moody",
        "Keep the rest as is, turn day into night"]):
    write("prompt", f"prompt-{index}", prompt)
print("seeds written to", out)
