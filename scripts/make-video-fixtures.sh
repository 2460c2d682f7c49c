#!/usr/bin/env bash
# Makes the small video fixtures under Fixtures/video from FFmpeg's lavfi test sources.
# Each clip exists to exercise one probe field or one rule; keep the set a few MB in all.
# Run through `make fixtures`; the outputs are committed, so tests do not need this script.
set -euo pipefail
out="${1:-Fixtures/video}"
mkdir -p "$out"
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
x264=(-c:v libx264 -preset veryfast -crf 38 -pix_fmt yuv420p -x264-params threads=1)
src() { echo "testsrc2=size=$1:rate=$2:duration=$3"; }

# MP4 (isom brand) with an AAC track, index at the front (+faststart): the edit-mode happy path.
ff -f lavfi -i "$(src 1280x720 30 4)" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=4" \
   "${x264[@]}" -c:a aac -b:a 64k -ac 2 -movflags +faststart "$out/clip-h264-aac.mp4"
# QuickTime (qt brand) — the same demuxer as MP4, told apart by the ftyp major brand.
ff -f lavfi -i "$(src 1280x720 25 3)" "${x264[@]}" -f mov "$out/clip-quicktime.mov"
# Matroska and WebM: no per-sample index, frame count by demuxing.
ff -f lavfi -i "$(src 640x360 24 2)" "${x264[@]}" "$out/clip-matroska.mkv"
ff -f lavfi -i "$(src 640x360 30 2)" -c:v libvpx-vp9 -b:v 200k -deadline realtime -cpu-used 8 "$out/clip-vp9.webm"
# Portrait clips: stored 1280x720, displayed 720x1280. FFmpeg 5.1 drops the rotate tag when
# encoding, so encode first and set it while remuxing. Its muxer writes the tag's display matrix
# mirrored: rotate=90 gives [0 -1; 1 0], shown turned 270° clockwise (ffprobe: rotation 90);
# rotate=270 gives a phone's [0 1; -1 0], shown turned 90° clockwise (ffprobe: -90, exiftool: 90).
tmp=$(mktemp --suffix=.mp4); trap 'rm -f "$tmp"' EXIT
ff -f lavfi -i "$(src 1280x720 30 3)" "${x264[@]}" "$tmp"
ff -i "$tmp" -c copy -metadata:s:v:0 rotate=90 "$out/rotated-portrait.mp4"
ff -i "$tmp" -c copy -metadata:s:v:0 rotate=270 "$out/phone-portrait.mp4"
# Variable frame rate: 1 s at 30 fps, then 2 s at 10 fps — the header still looks constant.
ff -f lavfi -i "$(src 1280x720 30 4)" -vf "select='lt(n\,30)+not(mod(n\,3))',setpts='if(lt(N\,30),N/30,1+(N-30)/10)/TB'" \
   -fps_mode passthrough "${x264[@]}" -video_track_timescale 30000 "$out/variable-rate.mp4"
# NTSC film rate 24000/1001 — below fal's 24.0 minimum.
ff -f lavfi -i "$(src 1280x720 24000/1001 3.5)" "${x264[@]}" "$out/ntsc-film.mp4"
# 10-bit HEVC in MP4 (hvc1 tag, as Apple devices write it).
ff -f lavfi -i "$(src 640x360 30 1)" -c:v libx265 -preset ultrafast -crf 35 -pix_fmt yuv420p10le \
   -x265-params log-level=error:pools=1:frame-threads=1 -tag:v hvc1 "$out/hevc-10bit.mp4"
# Anamorphic PAL: 720x576 stored, sample aspect 16:15.
ff -f lavfi -i "$(src 720x576 25 2)" -vf setsar=16/15 "${x264[@]}" "$out/anamorphic-pal.mp4"
# Interlaced, top field first.
ff -f lavfi -i "$(src 720x576 25 2)" -vf setfield=tff -flags +ildct+ilme -c:v libx264 -preset veryfast -crf 38 \
   -pix_fmt yuv420p -x264-params threads=1:tff=1 "$out/interlaced-tff.mp4"
# Too long for edit mode: 12 s.
ff -f lavfi -i "$(src 1280x720 24 12)" "${x264[@]}" -crf 45 "$out/too-long-12s.mp4"
# Not a video at all: text with a video extension.
printf 'this is a text file, not a video\n' > "$out/not-a-video.mp4"
ls -l "$out"
# Not truncation: audio or subtitles that outlast the video, and a one-frame clip.
ff -f lavfi -i "$(src 320x240 24 2)" -f lavfi -i "sine=duration=5" "${x264[@]}" -c:a libopus -b:a 24k "$out/audio-outlasts-video.mkv"
printf '1\n00:00:00,000 --> 00:00:06,000\nhello\n' > "$tmp.srt"
ff -f lavfi -i "$(src 320x240 24 2)" -i "$tmp.srt" "${x264[@]}" -c:s srt "$out/subtitle-outlasts-video.mkv"
rm -f "$tmp.srt"
ff -f lavfi -i "$(src 320x240 24 1)" -frames:v 1 "${x264[@]}" "$out/one-frame.mp4"
# Fragmented MP4 with a sidx: FFmpeg's index holds the first fragment only (48 of 864 frames).
ff -f lavfi -i "$(src 96x64 24 36)" -c:v libx264 -preset veryfast -crf 45 -pix_fmt yuv420p -x264-params threads=1:keyint=48 \
   -movflags frag_keyframe+empty_moov+global_sidx+default_base_moof "$out/fragmented-sidx.mp4"
# A 1 s clip whose mvhd duration is the 0xFFFFFFFF "unknown" marker (ffprobe: 4294967.295 s).
ff -f lavfi -i "$(src 160x120 30 1)" "${x264[@]}" "$tmp"
python3 - "$tmp" "$out/unknown-duration.mp4" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.find(b"mvhd")
struct.pack_into(">I", data, at + 4 + 4 + 8 + 4, 0xFFFFFFFF)  # version 0: flags, times, timescale, duration
open(sys.argv[2], "wb").write(data)
PY
# Decode times that vary while presentation times are steady (as some phone encoders write B-frame
# clips): stts alternates short and long deltas, ctts (version 1, signed) keeps every presentation
# time. moov follows mdat, so growing it moves no sample. preflight: constant 30 fps.
ff -f lavfi -i "$(src 320x240 30 2)" -c:v libx264 -preset veryfast -crf 38 -pix_fmt yuv420p \
   -x264-params threads=1:bframes=2:b-pyramid=none -video_track_timescale 15360 "$tmp"
python3 - "$tmp" "$out/irregular-dts.mp4" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())

def boxes(start, end):
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        yield at, size, kind.decode("latin-1")
        at += size

def find(path, start=0, end=None):
    end = len(data) if end is None else end
    for at, size, kind in boxes(start, end):
        if kind == path[0]:
            if len(path) == 1: return [(at, size)]
            inner = find(path[1:], at + 8, at + size)
            if inner: return [(at, size)] + inner
    return None

chain = find(["moov", "trak", "mdia", "minf", "stbl"])
stbl_at, stbl_size = chain[-1]
tables = {kind: (at, size) for at, size, kind in boxes(stbl_at + 8, stbl_at + stbl_size)}
def per_sample(kind, layout):
    """stts/ctts entries (count, value) expanded to one value per sample."""
    at, _ = tables[kind]
    values = []
    for i in range(struct.unpack_from(">I", data, at + 12)[0]):
        n, value = struct.unpack_from(layout, data, at + 16 + 8 * i)
        values += [value] * n
    return values

# Decode timestamps and composition offsets of every sample.
deltas = per_sample("stts", ">II")
offsets = per_sample("ctts", ">Ii")
dts = [sum(deltas[:i]) for i in range(len(deltas))]
pts = [d + o for d, o in zip(dts, offsets)]
# New decode deltas alternate short and long (same average): decode times look 150 fps and 17 fps
# by turns, while the composition offsets are rewritten so that every presentation time is unchanged.
step = deltas[0]
new_deltas = [step // 5 if i % 2 == 0 else step * 2 - step // 5 for i in range(len(deltas) - 1)] + [step]
new_dts = [sum(new_deltas[:i]) for i in range(len(new_deltas))]
new_offsets = [p - d for p, d in zip(pts, new_dts)]
stts = struct.pack(">I4sBBBBI", 16 + 8 * len(new_deltas), b"stts", 0, 0, 0, 0, len(new_deltas)) + b"".join(struct.pack(">II", 1, d) for d in new_deltas)
ctts = struct.pack(">I4sBBBBI", 16 + 8 * len(new_offsets), b"ctts", 1, 0, 0, 0, len(new_offsets)) + b"".join(struct.pack(">Ii", 1, o) for o in new_offsets)
# Replace the later box first so the earlier offset stays valid; moov is last, so no chunk moves.
grow = 0
for kind, body in sorted([("stts", stts), ("ctts", ctts)], key=lambda item: -tables[item[0]][0]):
    at, size = tables[kind]
    data[at:at + size] = body
    grow += len(body) - size
for at, size in chain:
    struct.pack_into(">I", data, at, size + grow)
assert find(["mdat"])[0][0] < chain[0][0], "moov must follow mdat"
open(sys.argv[2], "wb").write(data)
PY
# Fragmented MP4 with audio: FFmpeg averages the video over a span the audio lengthens
# (ffprobe avg_frame_rate 614400/20599 = 29.83) though every frame is 512/15360 s apart: 30/1.
ff -f lavfi -i "$(src 160x120 30 4)" -f lavfi -i "sine=duration=4" -c:v libx264 -preset ultrafast -crf 45 -c:a aac -b:a 32k \
   -movflags frag_keyframe+empty_moov+global_sidx+default_base_moof "$out/fragmented-audio.mp4"
# Byte edits of the one-frame clip: an unknown sample entry ('zzzz': FFmpeg knows no such codec;
# preflight: codec null, codecTag "zzzz"), and a sample entry whose size (240x320) is not the
# SPS's (320x240: what the decoder shows, and what preflight reports).
python3 - "$out/one-frame.mp4" "$out/unknown-codec.mp4" "$out/sample-entry-size.mp4" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
entry = data.find(b"avc1", data.find(b"stsd"))
unknown = bytearray(data); unknown[entry:entry + 4] = b"zzzz"
open(sys.argv[2], "wb").write(unknown)
size_at = entry + 4 + 6 + 2 + 2 + 2 + 12  # VisualSampleEntry: past reserved, data ref, pre_defined
width, height = struct.unpack_from(">HH", data, size_at)
swapped = bytearray(data); struct.pack_into(">HH", swapped, size_at, height, width)
open(sys.argv[3], "wb").write(swapped)
PY
# VP8 in WebM: FFmpeg has no profile names for VP8; ffprobe prints the number ("0").
ff -f lavfi -i "$(src 160x120 30 0.5)" -c:v libvpx -b:v 100k "$out/clip-vp8.webm"
# MPEG-TS (H.264 + AAC): no header states the picture format; preflight decodes the first keyframe
# while demuxing, and its AAC parameters come from the first packets.
ff -f lavfi -i "$(src 320x240 25 1)" -f lavfi -i "sine=duration=1" "${x264[@]}" -c:a aac -b:a 32k "$out/clip-mpegts.ts"
# Three keyframes (one a second) in containers without a keyframe index, where a seek lands by
# timestamp and not on a keyframe: MPEG-TS (H.264 with B-frames + AAC), MPEG-PS (MPEG-2 video,
# a GOP of 12, + MP2) and FLV (H.264 + AAC). The decode proof decodes the last keyframe as it
# passes; seeking to it failed every such file as "undecodable".
ff -f lavfi -i "$(src 320x240 25 3)" -f lavfi -i "sine=duration=3" -c:v libx264 -preset veryfast -crf 40 -pix_fmt yuv420p \
   -x264-params threads=1:keyint=25:min-keyint=25:scenecut=0:bframes=2 -c:a aac -b:a 24k "$out/keyframes-mpegts.ts"
ff -f lavfi -i "$(src 320x240 25 3)" -f lavfi -i "sine=duration=3" -c:v mpeg2video -q:v 20 -g 12 -c:a mp2 -b:a 64k \
   -f vob "$out/keyframes-mpeg2.mpg"
ff -f lavfi -i "$(src 320x240 25 3)" -f lavfi -i "sine=duration=3" -c:v libx264 -preset veryfast -crf 40 -pix_fmt yuv420p \
   -x264-params threads=1:keyint=25:min-keyint=25:scenecut=0 -c:a aac -b:a 24k -ar 44100 "$out/keyframes.flv"
# WebM written to a pipe, as browsers' MediaRecorder writes it: no Cues (seek index), no duration.
# preflight reads it from the start again after FFmpeg's analysis: every frame is counted.
ff -f lavfi -i "$(src 160x120 30 1)" -f lavfi -i "sine=duration=1" -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 100k \
   -c:a libopus -f webm - > "$out/no-cues.webm"
# 1920x1200 (WUXGA), 24 fps, 3 s: within every Kling O1 edit limit but above its 1080p output, so
# it only warns (video.output-resolution) — the warning case of the report and exit-code tests.
ff -f lavfi -i "$(src 1920x1200 24 3)" "${x264[@]}" "$out/wuxga-1200p.mp4"
# An edit list: a stream-copy cut at 1.5 s (ffmpeg -ss 1.5 -c copy, as lossless trimmers and
# passthrough exports write) keeps the samples from the keyframe before the cut — here the clip's
# only one, at 0 s — and an edit list hides them. Players show 2.5 s and 75 frames (ffprobe: 2.5 s,
# 75 frames decoded, 120 packets); the hidden keyframe is decoded but not shown.
ff -f lavfi -i "$(src 320x240 30 4)" -f lavfi -i "sine=duration=4" -c:v libx264 -preset veryfast -crf 38 -pix_fmt yuv420p \
   -x264-params threads=1:keyint=300 -c:a aac -b:a 32k "$tmp"
ff -ss 1.5 -i "$tmp" -c copy "$out/edit-list-cut.mp4"
# A video track that starts 0.6 s after the audio (an empty edit), Constrained Baseline as phones and
# screen recorders write: its first packet lies past FFmpeg's analysis window, so profile and field
# order come from the SPS (ffprobe: Constrained Baseline, progressive; 3.0 s from the audio).
ff -f lavfi -i "$(src 320x240 30 2)" -c:v libx264 -preset veryfast -crf 38 -profile:v baseline -pix_fmt yuv420p \
   -x264-params threads=1 "$tmp"
ff -f lavfi -i "sine=duration=3" -c:a aac -b:a 32k "$tmp.m4a"
ff -itsoffset 0.6 -i "$tmp" -i "$tmp.m4a" -map 0 -map 1 -c copy "$out/delayed-baseline.mp4"
rm -f "$tmp.m4a"
# AVI (MPEG-4 Part 2 + MP3, as cameras and old editors write) and ASF/WMV: their headers state the
# whole file's length (RIFF size; File Properties' File Size), which a copy cut short keeps while
# the rest still opens and plays to the cut. The tests cut them and expect `truncated`.
ff -f lavfi -i "$(src 320x240 25 2)" -f lavfi -i "sine=duration=2" -c:v mpeg4 -q:v 20 -c:a libmp3lame -b:a 32k \
   "$out/clip-mpeg4.avi"
ff -f lavfi -i "$(src 320x240 25 2)" -f lavfi -i "sine=duration=2" -c:v wmv2 -q:v 20 -c:a wmav2 -b:a 32k \
   "$out/clip-wmv2.wmv"
# Periodic intra refresh (x264 intra-refresh; hardware encoders in low-latency mode, screen and game
# capture): one IDR picture, then a keyframe a second that is a recovery point — a P picture whose
# picture is complete a refresh later. 3 s at 25 fps, keyframes at 0, 1 and 2 s (ffprobe: 75
# frames, all decoded). The decoder held a lone recovery point back, and check called the file damaged.
ff -f lavfi -i "$(src 320x240 25 3)" -c:v libx264 -preset veryfast -crf 38 -pix_fmt yuv420p -bf 0 \
   -x264-params threads=1:intra-refresh=1:keyint=25 "$out/intra-refresh.mp4"
# Display matrices that mirror (front cameras, editors' flip): the track header's matrix edited in
# place. mirrored.mp4 is a left–right mirror [-1 0; 0 1]; mirrored-portrait.mp4 a transpose
# [0 1; 1 0] (a mirror, then a 270° turn: shown 240×320). ffprobe 5.1 reads both as turns (−180,
# −90); players show them mirrored, and a copy put upright must be the picture they show.
ff -f lavfi -i "$(src 320x240 25 2)" "${x264[@]}" "$tmp"
python3 - "$tmp" "$out" <<'PY'
import sys
source, out = sys.argv[1], sys.argv[2]
data = open(source, "rb").read()
identity = bytes.fromhex("00010000" + "00000000" * 3 + "00010000" + "00000000" * 3 + "40000000")
at = data.find(identity, data.find(b"tkhd"))
assert at > 0, "no identity matrix in the track header"
for name, matrix in [("mirrored.mp4", "FFFF0000" + "00000000" * 3 + "00010000"),
                     ("mirrored-portrait.mp4", "00000000" + "00010000" + "00000000" + "00010000" + "00000000")]:
    edited = bytearray(data)
    edited[at:at + 20] = bytes.fromhex(matrix)
    open(f"{out}/{name}", "wb").write(edited)
PY
# Two video tracks, the second flagged default and the first not: `ffmpeg -i` maps the second
# (its automatic choice: the largest picture, 5 megapixels extra for the default flag), as players
# show it. Track 0 is 320×180 for 1 s, track 1 160×90 for 2 s, both at 10 fps. preflight judged
# the first video track (10 frames of 320×180) while fix and the thumbnails took another.
ff -f lavfi -i "$(src 320x180 10 1)" -f lavfi -i "$(src 160x90 10 2)" -map 0 -map 1 "${x264[@]}" \
   -disposition:v:0 0 -disposition:v:1 default "$out/two-video-tracks.mp4"
