"""Hostile-input benchmark (section `hostile` of scripts/bench.py): the worst peak memory and the
worst time past `--timeout` over crafted files (tables that claim millions of samples, a PNG that
claims 4 billion squared pixels, 1 GB files) and a seeded mutation corpus of the fixtures.
Each file is probed by its own `preflight probe --timeout 1 --jobs 1` process, measured with wait4.
"""
import os, random, shutil, struct, subprocess, time, zlib

TIMEOUT = 1.0


def box(kind, payload):
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def patched(data, kind, fields):
    data = bytearray(data)
    start = data.find(kind)
    for offset, value in fields:
        struct.pack_into(">I", data, start + offset, value)
    return bytes(data)


def crafted(root, folder):
    clip = open(os.path.join(root, "Fixtures/video/clip-h264-aac.mp4"), "rb").read()
    files = {
        "stsz-constant-80M.mp4": patched(clip, b"stsz", [(8, 1), (12, 80_000_000)]),
        "stsz-table-80M.mp4": patched(clip, b"stsz", [(8, 0), (12, 80_000_000)]),
        "stts-runs-80M.mp4": patched(clip, b"stts", [(12, 80_000_000)]),
        "trun-80M.mp4": box(b"ftyp", b"isom\0\0\0\0isomiso5")
            + box(b"moof", box(b"mfhd", bytes(4) + struct.pack(">I", 1))
                  + box(b"traf", box(b"tfhd", struct.pack(">II", 0, 1)) + box(b"trun", struct.pack(">II", 0, 80_000_000))))
            + box(b"mdat", bytes(800)),
    }
    ihdr = struct.pack(">IIBBBBB", 0xFFFFFFFF, 0xFFFFFFFF, 8, 2, 0, 0, 0)
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    files["ihdr-4G-squared.png"] = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")
    for name, data in files.items():
        open(os.path.join(folder, name), "wb").write(data)
    # 1 GB files, sparse: zeros named like a clip, and the real clip followed by a 1 GB mdat.
    with open(os.path.join(folder, "zeros-1GB.mp4"), "wb") as out:
        out.truncate(1 << 30)
    with open(os.path.join(folder, "clip-plus-1GB-mdat.mp4"), "wb") as out:
        out.write(clip)
        out.write(struct.pack(">I", 1) + b"mdat" + struct.pack(">Q", (1 << 30) + 16))
        out.truncate(len(clip) + (1 << 30) + 16)


def mutants(root, folder, count=300, seed=20261128):
    rng = random.Random(seed)
    sources = [os.path.join(root, "Fixtures", kind, name) for kind in ("video", "image")
               for name in sorted(os.listdir(os.path.join(root, "Fixtures", kind)))
               if not name.endswith(".json") and os.path.isfile(os.path.join(root, "Fixtures", kind, name))]
    for index in range(count):
        source = rng.choice(sources)
        data = bytearray(open(source, "rb").read())
        how = rng.choice(["flip", "truncate", "zero", "ones"])
        if how == "flip":
            for _ in range(rng.randint(1, 16)):
                position = rng.randrange(min(len(data), 4096))
                data[position] ^= 1 << rng.randrange(8)
        elif how == "truncate":
            data = data[:rng.randrange(1, len(data))]
        else:
            start = rng.randrange(len(data))
            length = rng.randint(1, 256)
            data[start:start + length] = (b"\0" if how == "zero" else b"\xff") * len(data[start:start + length])
        open(os.path.join(folder, f"mutant-{index:03d}{os.path.splitext(source)[1]}"), "wb").write(data)


def measure(preflight, path):
    start = time.perf_counter()
    process = subprocess.Popen([preflight, "probe", "--timeout", str(TIMEOUT), "--jobs", "1", "--", path],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def bench_hostile(root, data, preflight):
    folder = os.path.join(data, "hostile")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    crafted(root, folder)
    mutants(root, folder)
    names = sorted(os.listdir(folder))
    results = [(name, *measure(preflight, os.path.join(folder, name))) for name in names]
    crashed = [(name, code) for name, _, _, code in results if code not in (0, 1)]
    worst_memory = max(results, key=lambda r: r[2])
    worst_time = max(results, key=lambda r: r[1])
    print(f"== 5. hostile inputs: {len(names)} files ({len(names) - 300} crafted, 300 seeded mutants), "
          f"one `probe --timeout {TIMEOUT:g}` process each")
    print(f"  worst peak memory: {worst_memory[2]:.1f} MiB ({worst_memory[0]})   [target < 256 MiB]")
    print(f"  worst wall time: {worst_time[1] * 1000:.0f} ms ({worst_time[0]}); "
          f"overrun past the timeout: {max(0.0, worst_time[1] - TIMEOUT) * 1000:.0f} ms   [target < 1000 ms]")
    for name in sorted(n for n in names if not n.startswith("mutant-")):
        row = next(r for r in results if r[0] == name)
        print(f"    {name:28s} {row[1] * 1000:7.0f} ms {row[2]:7.1f} MiB  exit {row[3]}")
    print(f"  crashes (exit other than 0/1): {len(crashed)} {crashed[:5]}")
    shutil.rmtree(folder, ignore_errors=True)
