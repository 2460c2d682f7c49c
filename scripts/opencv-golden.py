#!/usr/bin/env python3
"""Writes Fixtures/image/expected-opencv.json: OpenCV's sharpness numbers for each image fixture.

laplacianVariance is cv2.Laplacian(gray, cv2.CV_64F).var() — kernel [0 1 0; 1 -4 1; 0 1 0],
BORDER_REFLECT_101 (OpenCV's default), population variance. The gray picture is what preflight
measures:
  - JPEG: cv2.imread(path, cv2.IMREAD_GRAYSCALE) — libjpeg's Y channel (the decoded luma plane);
  - everything else: cv2.imread(path, cv2.IMREAD_UNCHANGED), 16-bit samples >> 8, alpha dropped,
    then cv2.cvtColor(BGR2GRAY) = (4899 R + 9617 G + 1868 B + 8192) >> 14.
  - lossy WebP is stored as YUV; OpenCV converts it to BGR first, so its number is only close to
    preflight's Y-plane value ("exact": false).
focusScore and noiseSigma re-implement preflight's focus measure independently with NumPy
(scripts/focus_reference.py; definition in docs/focus.md).
Usage: scripts/opencv-golden.py [Fixtures/image]
"""
import json, math, os, sys
import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from focus_reference import measure  # noqa: E402

folder = sys.argv[1] if len(sys.argv) > 1 else "Fixtures/image"


def gray_of(path):
    if path.lower().endswith((".jpg", ".jpeg")):
        return cv2.imread(path, cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION)
    image = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if image is None:
        return None
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    if image.ndim == 3 and image.shape[2] == 4:
        image = image[:, :, :3]
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return image


cv2.setNumThreads(1)
expected = {"opencv": cv2.__version__, "files": {}}
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    if name.endswith(".json") or name.startswith(("truncated", "text-named")):
        continue
    gray = gray_of(path)
    if gray is None:
        continue
    laplacian = cv2.Laplacian(gray, cv2.CV_64F)
    score, sigma, _, _, _ = measure(gray)
    expected["files"][name] = {
        "width": int(gray.shape[1]), "height": int(gray.shape[0]),
        "laplacianVariance": float(laplacian.var()),
        "focusScore": score,
        "noiseSigma": sigma,
        "exact": not name.endswith(".webp") or name.startswith("lossless"),
    }
with open(os.path.join(folder, "expected-opencv.json"), "w") as out:
    json.dump(expected, out, indent=1, sort_keys=True)
    out.write("\n")
print(f"wrote OpenCV values for {len(expected['files'])} images")
