#!/usr/bin/env python3
"""Writes Fixtures/video/expected-ffprobe.json: what ffprobe says about each video fixture.

The Swift tests compare `preflight probe` against these values (the truthfulness oracle).
Keys are ffprobe's own; only the fields preflight reports are kept. nb_read_frames (decoded, so
shown) differs from nb_read_packets where an edit list hides samples: the frame count is the former.
ffmpeg_maps_video is the stream `ffmpeg -i` maps, the video preflight judges.
Usage: scripts/expected-probe.py [Fixtures/video]
"""
import json, os, re, subprocess, sys

folder = sys.argv[1] if len(sys.argv) > 1 else "Fixtures/video"
STREAM_KEYS = ["codec_type", "codec_name", "codec_tag_string", "profile", "pix_fmt", "width", "height", "sample_aspect_ratio",
               "avg_frame_rate", "r_frame_rate", "field_order", "bit_rate", "nb_read_packets", "nb_read_frames",
               "channels", "sample_rate"]
expected = {}
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    if name.startswith("expected") or not os.path.isfile(path):
        continue
    run = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-count_packets", "-count_frames",
                          "-of", "json", path], capture_output=True, text=True)
    if run.returncode != 0:
        expected[name] = {"error": run.stderr.strip().splitlines()[-1]}
        continue
    data = json.loads(run.stdout)
    fmt = data["format"]
    streams = []
    for s in data["streams"]:
        kept = {k: s[k] for k in STREAM_KEYS if k in s}
        for side in s.get("side_data_list", []):
            if "rotation" in side:
                kept["rotation"] = side["rotation"]
            if "displaymatrix" in side:
                # ffprobe prints the 3x3 matrix as three labelled rows; a negative determinant of
                # its 2x2 part mirrors the picture (ffprobe's rotation then reads the mirror as a turn).
                numbers = [int(word) for line in side["displaymatrix"].strip().splitlines() for word in line.split()[1:]]
                kept["mirrored"] = numbers[0] * numbers[4] - numbers[1] * numbers[3] < 0
        streams.append(kept)
    # The video stream `ffmpeg -i` maps when told nothing else (its "Stream mapping" line).
    mapping = subprocess.run(["ffmpeg", "-hide_banner", "-i", path, "-an", "-sn", "-dn", "-frames:v", "1", "-f", "null", "-"],
                             capture_output=True, text=True).stderr
    mapped = re.search(r"Stream #0:(\d+) -> #0:0", mapping)
    expected[name] = {
        "ffmpeg_maps_video": int(mapped.group(1)) if mapped else None,
        "format_name": fmt["format_name"],
        "major_brand": fmt.get("tags", {}).get("major_brand"),
        "duration": float(fmt["duration"]) if "duration" in fmt else None,
        "size": int(fmt["size"]),
        "bit_rate": int(fmt["bit_rate"]) if "bit_rate" in fmt else None,
        "streams": streams,
    }
with open(os.path.join(folder, "expected-ffprobe.json"), "w") as out:
    json.dump(expected, out, indent=1, sort_keys=True)
    out.write("\n")
print(f"wrote expectations for {len(expected)} files")
