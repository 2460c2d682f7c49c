#!/bin/sh
# Linker flags that list the shared libraries preflight loads in the order that shortens the
# dynamic loader's work at start-up (used by `make build`; prints nothing where it does not apply).
#
#   scripts/link-order.sh BINARY                    flags for relinking BINARY (a release build)
#   scripts/link-order.sh --valid FILE              succeeds when FILE exists and names only
#                                                   libraries that exist (empty: no order applies)
#   scripts/link-order.sh --same-bindings OLD NEW   succeeds when every symbol reference of the two
#                                                   builds binds to the same library (LD_DEBUG)
#
# Why: Debian's FFmpeg loads about 135 libraries, all bound at load time (-z now). Each of their
# ~25,000 symbol references is looked up in the libraries in load order — breadth-first from the
# executable — until one defines it, so a reference to libcrypto or libstdc++, 60–80 places down,
# costs 60–80 probes. Naming the libraries that define the most referenced symbols first, right
# after the executable's own dependencies, halves the loader's instructions (callgrind: 85 M to
# 46 M for a program that only links FFmpeg) and takes 3–4 ms off every start.
#
# Nothing that resolves changes: where several libraries define the same symbol (C++ template
# copies, libbsd's MD5 wrappers over libmd's), the one that defines it first today stays ahead of
# the others, so every reference binds where it bound before. Needs ldd, nm and readelf (binutils);
# without them, or off Linux, it prints nothing and the link stays as it was.
set -u

if [ "${1:-}" = --valid ]; then
    [ -f "${2:-}" ] || exit 1
    for word in $(cat "$2"); do
        case $word in /*) [ -e "$word" ] || exit 1 ;; esac
    done
    exit 0
fi

if [ "${1:-}" = --same-bindings ]; then
    # "referencing object, symbol, defining object" for every binding, all made at load time
    # (LD_BIND_NOW: the program binds its own lazily, as its threads happen to run).
    bindings() {
        LD_BIND_NOW=1 LD_DEBUG=bindings "$1" --version 2>&1 >/dev/null \
            | sed -n 's/.*binding file \([^ ]*\) \[[0-9]*\] to \([^ ]*\) \[[0-9]*\]: normal symbol `\([^'"'"']*\).*/\1 \3 \2/p' \
            | sed "s|^$1 |program |"
    }
    { bindings "$2" | sed 's/^/old /'; bindings "$3" | sed 's/^/new /'; } | awk '
        $1 == "old" { old[$2 " " $3] = $4; count++; next }
        { new[$2 " " $3] = $4 }
        END {
            for (key in old) {
                if (key in new) { if (old[key] != new[key]) exit 1 }
                else exit 1  # a reference the new build no longer makes
            }
            # The relinked program may bind a few runtime helpers (__divti3) in libgcc_s that
            # it took from libgcc.a before: the same code. The libraries bind exactly as before.
            for (key in new) if (!(key in old) && key !~ /^program /) exit 1
            if (count == 0) exit 1
        }'
    exit
fi

binary=${1:?usage: scripts/link-order.sh BINARY | --valid FILE}
[ "$(uname -s)" = Linux ] || exit 0
for tool in ldd nm readelf; do command -v "$tool" >/dev/null 2>&1 || exit 0; done

# Load order (ldd lists the link map breadth-first, as the loader searches it) and the
# executable's direct dependencies, which stay first, in their order.
loaded=$(ldd "$binary" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $1 "=" $3 }
                                          $1 ~ /^\// { name = $1; sub(/.*\//, "", name); print name "=" $1 }') || exit 0
direct=$(readelf -d "$binary" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
[ -n "$loaded" ] || exit 0

index=0
for entry in $loaded; do
    index=$((index + 1))
    path=${entry#*=}
    echo "L $index ${entry%%=*} $path"
    nm -D --defined-only "$path" 2>/dev/null | awk -v i="$index" 'NF >= 3 && $2 != "A" { sub(/@.*/, "", $NF); print "D", i, $NF }'
    # Every relocation that names a symbol is a lookup, also those of the library's own symbols.
    readelf -rW "$path" 2>/dev/null | awk -v i="$index" 'NF >= 5 && $3 ~ /^R_/ { sub(/@.*/, "", $5); print "U", i, $5 }'
done | awk -v direct=" $direct " '
    $1 == "L" { count = $2; soname[$2] = $3; path[$2] = $4; next }
    $1 == "D" {
        if (!($3 in winner)) winner[$3] = $2
        else if (winner[$3] != $2) {
            # The first definer must stay ahead of every later one.
            edge = winner[$3] SUBSEP $2
            if (!(edge in edges)) { edges[edge] = 1; waits[$2]++; after[winner[$3]] = after[winner[$3]] " " $2 }
        }
        next
    }
    $1 == "U" { references[$3]++ }
    END {
        for (symbol in references) if (symbol in winner) weight[winner[symbol]] += references[symbol]
        placed = 0
        # The link names some of them after these flags (libc, libgcc_s): listed first, in their order.
        for (k = 1; k <= count; k++)
            if (index(direct, " " soname[k] " ")) { done[k] = 1; release(k); placed++; flags = flags " -Xlinker " path[k] }
        while (placed < count) {
            best = 0
            for (k = 1; k <= count; k++)
                if (!done[k] && waits[k] <= 0 && (best == 0 || weight[k] > weight[best])) best = k
            if (best == 0) exit 1  # cannot happen: the load order itself satisfies every constraint
            done[best] = 1; release(best); placed++
            flags = flags " -Xlinker " path[best]
        }
        if (flags != "") print "-Xlinker --no-as-needed" flags
    }
    function release(k,    list, n, j) { n = split(after[k], list, " "); for (j = 1; j <= n; j++) waits[list[j]]-- }
'
