"""The focus score, re-implemented independently with NumPy (float64), for the golden values the
Swift tests compare against (scripts/opencv-golden.py) and for the evaluation (scripts/focus-eval.py).
Definition and reasoning: docs/focus.md.

  1. area-average the luma to a 512 px short side (pictures with a shorter side are kept);
  2. 32 px tiles of the reduced picture; per tile the mean square of the second difference along
     0°, 90°, 45° and 135° (diagonals halved), and the gradient energy G (mean square of the central
     differences (f(x+1) − f(x−1)) / 2 along 0° plus along 90°), over interior pixels;
  3. noise σ = 10th percentile (nearest rank) of the tiles' Immerkær estimates
     sqrt(π/2) / 6 · mean |[1 −2 1; −2 4 −2; 1 −2 1] * I|; v = 1.2 σ²; subtract 6v (1.5v on
     diagonals) from the second differences;
  4. a tile's value is 100 × its smallest direction / (G + 25 + 6v); the score is the tiles' 90th
     percentile.
"""
import math
import numpy as np

SHORT_SIDE, TILE = 512, 32
NOISE_MARGIN, GRADIENT_FLOOR = 1.2, 25.0


def area_matrix(source, target):
    """target × source weights: each output index averages the source interval it covers."""
    scale = source / target
    weights = np.zeros((target, source))
    for index in range(target):
        start, end = index * scale, (index + 1) * scale
        position = int(math.floor(start))
        while position < end and position < source:
            overlap = min(end, position + 1) - max(start, position)
            if overlap > 1e-12:
                weights[index, position] = overlap / scale
            position += 1
    return weights


def reduce(gray):
    height, width = gray.shape
    short = min(width, height)
    image = gray.astype(np.float64)
    if short <= SHORT_SIDE:
        return image
    new_width = max(1, int(round(width * SHORT_SIDE / short)))
    new_height = max(1, int(round(height * SHORT_SIDE / short)))
    return area_matrix(height, new_height) @ image @ area_matrix(width, new_width).T


def nearest_rank(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = math.ceil(fraction * len(ordered))
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def measure(gray):
    """(score, noise sigma, columns, rows, tile values) of an 8-bit gray picture."""
    image = reduce(gray)
    height, width = image.shape
    columns, rows = max(1, width // TILE), max(1, height // TILE)
    xs = [i * width // columns for i in range(columns + 1)]
    ys = [i * height // rows for i in range(rows + 1)]
    if width < 3 or height < 3:
        return 0.0, 0.0, columns, rows, [0.0] * (columns * rows)
    c = image[1:-1, 1:-1]
    left, right, up, down = image[1:-1, :-2], image[1:-1, 2:], image[:-2, 1:-1], image[2:, 1:-1]
    up_left, up_right, down_left, down_right = image[:-2, :-2], image[:-2, 2:], image[2:, :-2], image[2:, 2:]
    directions = [(left - 2 * c + right) ** 2, (up - 2 * c + down) ** 2,
                  ((down_left - 2 * c + up_right) / 2) ** 2, ((up_left - 2 * c + down_right) / 2) ** 2]
    gradient = ((right - left) / 2) ** 2 + ((down - up) / 2) ** 2
    mask = np.abs((up_left + up_right + down_left + down_right) - 2 * (up + down + left + right) + 4 * c)
    tiles = []  # ([energies], mean |mask|, mean gradient)
    for r in range(rows):
        y0, y1 = max(ys[r], 1) - 1, min(ys[r + 1], height - 1) - 1  # interior rows, as offsets into c
        for col in range(columns):
            x0, x1 = max(xs[col], 1) - 1, min(xs[col + 1], width - 1) - 1
            if y1 <= y0 or x1 <= x0:
                tiles.append(None)
                continue
            energies = [float(d[y0:y1, x0:x1].mean()) for d in directions]
            tiles.append((energies, float(mask[y0:y1, x0:x1].mean()), float(gradient[y0:y1, x0:x1].mean())))
    sigmas = [math.sqrt(math.pi / 2) / 6 * t[1] for t in tiles if t]
    sigma = nearest_rank(sigmas, 0.1)
    variance = NOISE_MARGIN * sigma ** 2
    noise = [6 * variance, 6 * variance, 1.5 * variance, 1.5 * variance]
    values = [100 * min(max(0.0, e - n) for e, n in zip(t[0], noise)) / (t[2] + GRADIENT_FLOOR + 6 * variance)
              if t else 0.0 for t in tiles]
    score = nearest_rank([v for v, t in zip(values, tiles) if t], 0.9)
    return score, sigma, columns, rows, values
