#!/usr/bin/env python3
"""The focus score's evaluation set and report (`make focus-eval`).

Builds a labelled set from the photographs scikit-image ships (no download), each at its own
resolution (none is upscaled: an upscaled photo is soft) and saved as JPEG q95, then
  sharp (should pass):   as is; JPEG q50; with sensor-like noise σ = 5; upscaled 2× (the
                         same photo at another size must score alike); "bokeh" — a disk blur of radius 12 outside a central ellipse (the
                         subject) covering about a third of the picture;
  blurred (should not):  defocus disks of radius 4, 8, 12; linear motion of 15 and 31 px at 0°,
                         45° and 90°; defocus 8 and motion 31 px with noise σ = 5; defocus 8 at JPEG q50.
Every file is probed by preflight itself (`probe --format json`); the report prints, per class,
the share refused (score under the error threshold) and the share passing with no focus finding
(score at or over the warning threshold), and the AUC of sharp against blurred — for the focus
score and, for comparison, for the previous measure (90th percentile of 64 px tile variances of
the full-resolution Laplacian, threshold 100), computed here with OpenCV.
Usage: scripts/focus-eval.py [--error 20] [--warning 60]   (PREFLIGHT: the binary to run)
"""
import json, math, os, subprocess, sys
import cv2
import numpy as np
import skimage.data

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, ".build", "focus-eval")
PREFLIGHT = os.environ.get("PREFLIGHT", os.path.join(ROOT, ".build/release/preflight"))
PHOTOS = ["astronaut", "camera", "chelsea", "coffee", "rocket", "moon", "coins", "immunohistochemistry",
          "hubble_deep_field", "retina", "stereo_motorcycle", "cell", "brick", "gravel"]


def argument(name, default):
    return float(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def photo(name):
    image = getattr(skimage.data, name)()
    image = image[0] if isinstance(image, tuple) else image
    if image.ndim == 2:
        image = cv2.cvtColor(image.astype(np.uint8), cv2.COLOR_GRAY2BGR)
    else:
        image = cv2.cvtColor(image[:, :, :3].astype(np.uint8), cv2.COLOR_RGB2BGR)
    return image


def scaled(image, short):
    height, width = image.shape[:2]
    factor = short / min(width, height)
    return cv2.resize(image, (round(width * factor), round(height * factor)), interpolation=cv2.INTER_LANCZOS4)


def disk(radius):
    size = 2 * radius + 1
    y, x = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    kernel = (x * x + y * y <= radius * radius).astype(np.float64)
    return kernel / kernel.sum()


def motion(length, angle):
    kernel = np.zeros((length, length))
    centre = length // 2
    for step in np.linspace(-centre, centre, length * 4):
        x = int(round(centre + step * math.cos(math.radians(angle))))
        y = int(round(centre - step * math.sin(math.radians(angle))))
        kernel[y, x] = 1
    return kernel / kernel.sum()


def blur(image, kernel):
    return cv2.filter2D(image, -1, kernel, borderType=cv2.BORDER_REFLECT_101)


def noisy(image, sigma, seed):
    rng = np.random.default_rng(seed)
    return np.clip(image.astype(np.float64) + rng.normal(0, sigma, image.shape), 0, 255).astype(np.uint8)


def bokeh(image):
    height, width = image.shape[:2]
    y, x = np.mgrid[0:height, 0:width]
    subject = ((x - width / 2) / (0.33 * width)) ** 2 + ((y - height / 2) / (0.42 * height)) ** 2 <= 1
    soft = blur(image, disk(max(4, min(width, height) // 60)))
    return np.where(subject[:, :, None], image, soft)


def variants(image, seed):
    yield "sharp", "sharp", image, 95
    yield "sharp", "sharp-q50", image, 50
    yield "sharp", "sharp-noise5", noisy(image, 5, seed), 95
    yield "sharp", "sharp-2x", scaled(image, 2 * min(image.shape[:2])), 95
    yield "sharp", "bokeh", bokeh(image), 95
    for radius in (4, 8, 12):
        yield "blurred", f"defocus-{radius}", blur(image, disk(radius)), 95
    for length in (15, 31):
        for angle in (0, 45, 90):
            yield "blurred", f"motion-{length}-{angle}", blur(image, motion(length, angle)), 95
    yield "blurred", "defocus-8-noise5", noisy(blur(image, disk(8)), 5, seed + 1), 95
    yield "blurred", "motion-31-0-noise5", noisy(blur(image, motion(31, 0)), 5, seed + 2), 95
    yield "blurred", "defocus-8-q50", blur(image, disk(8)), 50


def previous_measure(path):
    """The focus score before this change: tiles of ~64 px, variance of the full-resolution
    Laplacian, 90th percentile (nearest rank)."""
    gray = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    laplacian = cv2.Laplacian(gray, cv2.CV_64F)
    height, width = laplacian.shape
    columns, rows = max(1, width // 64), max(1, height // 64)
    xs = [i * width // columns for i in range(columns + 1)]
    ys = [i * height // rows for i in range(rows + 1)]
    values = sorted(float(laplacian[ys[r]:ys[r + 1], xs[c]:xs[c + 1]].var()) for r in range(rows) for c in range(columns))
    return values[min(max(math.ceil(0.9 * len(values)), 1), len(values)) - 1]


def auc(positives, negatives):
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def main():
    error, warning = argument("--error", 20), argument("--warning", 60)
    os.makedirs(OUT, exist_ok=True)
    labels = {}
    for index, name in enumerate(PHOTOS):
        base = photo(name)
        for label, kind, image, quality in variants(base, index * 10):
            path = os.path.join(OUT, f"{name}--{kind}.jpg")
            if not os.path.exists(path):
                cv2.imwrite(path, image, [cv2.IMWRITE_JPEG_QUALITY, quality])
            labels[path] = (label, kind)
    run = subprocess.run([PREFLIGHT, "probe", "--format", "json", "--", *labels], capture_output=True, text=True)
    scores = {f["path"]: (f.get("image") or {}).get("focusScore") for f in json.loads(run.stdout)["files"]}
    previous = {path: previous_measure(path) for path in labels}
    kinds = sorted({kind for _, kind in labels.values()}, key=lambda k: (labels[next(p for p in labels if labels[p][1] == k)][0] != "sharp", k))
    print(f"== focus score on {len(labels)} images from {len(PHOTOS)} photographs; thresholds: error < {error:g}, warning < {warning:g}")
    print(f"   {'class':22} {'n':>3}  {'median':>8}  {'refused':>8}  {'no finding':>10}   previous (threshold 100): refused / passing")
    for kind in kinds:
        paths = [p for p in labels if labels[p][1] == kind]
        values = [scores[p] for p in paths]
        old = [previous[p] for p in paths]
        print(f"   {kind:22} {len(paths):3}  {np.median(values):8.1f}  {sum(v < error for v in values) / len(values):8.0%}"
              f"  {sum(v >= warning for v in values) / len(values):10.0%}   {sum(v < 100 for v in old) / len(old):5.0%} / {sum(v >= 100 for v in old) / len(old):4.0%}")
    sharp = [scores[p] for p in labels if labels[p][0] == "sharp"]
    blurred = [scores[p] for p in labels if labels[p][0] == "blurred"]
    noisy_blurred = [scores[p] for p in labels if labels[p][0] == "blurred" and "noise" in labels[p][1]]
    print(f"   AUC sharp vs blurred: {auc(sharp, blurred):.3f} (previous measure: "
          f"{auc([previous[p] for p in labels if labels[p][0] == 'sharp'], [previous[p] for p in labels if labels[p][0] == 'blurred']):.3f})")
    print(f"   sharp refused (< {error:g}): {sum(v < error for v in sharp) / len(sharp):.1%}   target <= 2 %")
    print(f"   blurred passing with no finding (>= {warning:g}): {sum(v >= warning for v in blurred) / len(blurred):.1%}   target <= 10 %")
    print(f"   blurred + noise passing with no finding: {sum(v >= warning for v in noisy_blurred) / len(noisy_blurred):.1%}   target <= 10 %")
    ordered_sharp = sorted(sharp)
    print(f"   sharp 2nd percentile: {ordered_sharp[max(0, math.ceil(0.02 * len(sharp)) - 1)]:.1f}; "
          f"blurred 90th percentile: {sorted(blurred)[math.ceil(0.9 * len(blurred)) - 1]:.1f}")


if __name__ == "__main__":
    main()
