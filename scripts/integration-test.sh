#!/usr/bin/env bash
# Integration checks that `make test` runs after the Swift tests, with the real tools a user has:
#   1. the README's CI recipe: linted (GitHub's workflow schema via check-jsonschema, zizmor's
#      audits) and its `preflight` commands run against a small asset repository;
#   2. the pre-commit hook end to end: real `pre-commit` (PyPI) installs the hook from a clone of
#      this repository (it builds it with `swift build -c release`), blocks a failing clip and lets
#      a passing one be committed;
#   3. the HTML reports in a real browser (Debian's Chromium and chromedriver, Selenium from PyPI):
#      scripts/html-report-check.py; a screenshot is left at .build/report-screenshot.png.
# Needs: a release build at .build/release/preflight, git, python3 with venv, chromium and
# chromium-driver (the Makefile's test-deps install them), network to PyPI.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/.build/test-tools"
PREFLIGHT="$ROOT/.build/release/preflight"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "integration-test: FAILED: $*" >&2; exit 1; }
step() { echo "integration-test: $*" >&2; }

[ -x "$PREFLIGHT" ] || fail "no release build at $PREFLIGHT (run swift build -c release)"
if ! "$TOOLS/bin/python" -c 'import pre_commit, check_jsonschema, selenium' 2>/dev/null || [ ! -x "$TOOLS/bin/zizmor" ]; then
  step "installing pre-commit, check-jsonschema, zizmor and selenium into $TOOLS"
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q "pre-commit==4.7.0" "check-jsonschema==0.39.0" "zizmor==1.32.0" "selenium==4.27.1"
fi

# --- 1. The README's CI recipe -------------------------------------------------------------
step "linting the README's CI recipe"
python3 - "$ROOT/README.md" "$WORK/media.yml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("# .github/workflows/media.yml")
open(sys.argv[2], "w").write(text[start:text.index("```", start)])
PY
"$TOOLS/bin/check-jsonschema" --builtin-schema vendor.github-workflows "$WORK/media.yml" >/dev/null \
  || fail "the README's workflow does not match GitHub's workflow schema"
mkdir -p "$WORK/lint/.github/workflows" && cp "$WORK/media.yml" "$WORK/lint/.github/workflows/"
"$TOOLS/bin/zizmor" --offline --quiet --config "$ROOT/scripts/zizmor.yml" "$WORK/lint/.github/workflows/media.yml" >/dev/null \
  || fail "zizmor finds problems in the README's workflow"

step "running the recipe's preflight commands"
ASSETS="$WORK/assets"
mkdir -p "$ASSETS/media" "$ASSETS/.preflight/.build/release"
git -C "$ASSETS" init -q
ln -s "$PREFLIGHT" "$ASSETS/.preflight/.build/release/preflight"
cp "$ROOT/Fixtures/video/clip-h264-aac.mp4" "$ROOT/Fixtures/video/too-long-12s.mp4" "$ROOT/Fixtures/image/sharp-1024.jpg" "$ASSETS/media/"
grep -E '^ *- run: \.preflight/\.build/release/preflight ' "$WORK/media.yml" | sed -E 's/^ *- run: //' > "$WORK/commands"
[ "$(wc -l < "$WORK/commands")" -ge 2 ] || fail "expected the recipe's preflight commands"
statuses=""
for shard in 1 2; do
  while IFS= read -r command; do
    command=${command//'${{ matrix.shard }}'/$shard}
    set +e
    (cd "$ASSETS" && PREFLIGHT_CACHE="$WORK/cache" GITHUB_STEP_SUMMARY="$WORK/summary.md" bash -c "$command" >"$WORK/out" 2>"$WORK/err")
    status=$?
    set -e
    [ "$status" -le 1 ] || { cat "$WORK/err" >&2; fail "exit $status from: $command"; }
    statuses="$statuses$status"
    if [[ "$command" == *"--format sarif"* ]]; then
      python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]=="2.1.0"' "$ASSETS/preflight.sarif" \
        || fail "the recipe's SARIF step wrote no SARIF"
    fi
  done < "$WORK/commands"
done
[[ "$statuses" == *1* ]] || fail "the 12 s clip fails in one of the shards: expected exit 1 somewhere, got $statuses"
grep -q "too-long-12s.mp4" "$WORK/summary.md" || fail "the job summary names every file"

# --- 2. The pre-commit hook, end to end ------------------------------------------------------
step "pre-commit: installing the hook from a clone of this repository (builds it in release mode)"
REV=$(git -C "$ROOT" rev-parse HEAD)
REPO="$WORK/repo"
mkdir -p "$REPO/media"
git -C "$REPO" init -q
git -C "$REPO" config user.email test@example.com
git -C "$REPO" config user.name "integration test"
cat > "$REPO/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $ROOT
    rev: $REV
    hooks:
      - id: preflight
YAML
export PRE_COMMIT_HOME="$ROOT/.build/pre-commit-home"
(cd "$REPO" && "$TOOLS/bin/pre-commit" install >/dev/null && "$TOOLS/bin/pre-commit" install-hooks >/dev/null) \
  || fail "pre-commit could not install the hook"
git -C "$REPO" add .pre-commit-config.yaml
(cd "$REPO" && git commit -q -m config >/dev/null) || fail "committing the config alone"

cp "$ROOT/Fixtures/video/too-long-12s.mp4" "$REPO/media/take.mp4"
git -C "$REPO" add media/take.mp4
set +e
(cd "$REPO" && git commit -q -m "a 12 s clip" >"$WORK/hook.out" 2>&1)
status=$?
set -e
[ "$status" -ne 0 ] || fail "the hook let a 12 s clip be committed"
grep -q "video.duration" "$WORK/hook.out" || { cat "$WORK/hook.out" >&2; fail "the hook's output does not name video.duration"; }
[ "$(git -C "$REPO" rev-list --count HEAD)" = 1 ] || fail "a commit was made despite the hook"

git -C "$REPO" rm -q --cached media/take.mp4 && rm "$REPO/media/take.mp4"
cp "$ROOT/Fixtures/video/clip-h264-aac.mp4" "$REPO/media/take.mp4"
git -C "$REPO" add media/take.mp4
(cd "$REPO" && git commit -q -m "a 4 s clip" >"$WORK/hook.out" 2>&1) || { cat "$WORK/hook.out" >&2; fail "the hook blocked a passing clip"; }
[ "$(git -C "$REPO" rev-list --count HEAD)" = 2 ] || fail "the passing clip was not committed"
step "passed: recipe linted and run (exits $statuses), hook installed at $REV, blocked the 12 s clip, let the 4 s clip through"

# --- 3. The HTML reports in a real browser ---------------------------------------------------
step "opening the HTML reports in Chromium"
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || fail "chromium and chromium-driver are needed (make test-deps installs them)"
REPORTS="$WORK/reports"
mkdir -p "$REPORTS"
cp "$ROOT/Fixtures/image/sharp-1024.jpg" "$ROOT/Fixtures/image/shallow-depth-of-field.jpg" "$ROOT/Fixtures/image/rgb8.png" \
   "$ROOT/Fixtures/image/small-900.jpg" "$REPORTS/"
cat > "$REPORTS/job.yml" <<'YAML'
profile: kling-o1
mode: video
duration: 5
prompt: "The woman from @Image1 walks past @Image2 at night, camera tracking alongside her"
inputs:
  reference-image: [sharp-1024.jpg, shallow-depth-of-field.jpg]
  start-frame: rgb8.png
  end-frame: small-900.jpg
YAML
for format in html json; do
  "$PREFLIGHT" check "$ROOT/Fixtures" --no-cache --format "$format" --output "$REPORTS/check.$format" || [ $? -eq 1 ] || fail "check --format $format"
  "$PREFLIGHT" job "$REPORTS/job.yml" --format "$format" --output "$REPORTS/job.$format" || [ $? -eq 1 ] || fail "job --format $format"
done
"$TOOLS/bin/python" "$ROOT/scripts/html-report-check.py" "$REPORTS/check.html" "$REPORTS/check.json" "$REPORTS/job.html" \
  "$REPORTS/job.json" "$ROOT/.build/report-screenshot.png" || fail "the HTML reports do not work in the browser"
step "passed: HTML reports ($(du -k "$REPORTS/check.html" | cut -f1) KB for $(ls "$ROOT"/Fixtures/*/* "$ROOT"/Fixtures/image/formats/* | wc -l) paths) render, filter and toggle, with and without JavaScript"

# --- 4. The release link order ---------------------------------------------------------------
# What `make build` ships: the shared libraries in lookup order, kept only when every symbol
# binds where the first link bound it (scripts/link-order.sh). Runs last: it relinks the
# release binary the steps above used.
step "deriving the release link order (make link-order)"
rm -f "$ROOT"/.build/link-order-*.flags
make -C "$ROOT" --no-print-directory link-order >"$WORK/link-order.out" 2>&1 || { cat "$WORK/link-order.out" >&2; fail "make link-order"; }
grep -q "linked in lookup order" "$WORK/link-order.out" || { cat "$WORK/link-order.out" >&2; fail "no link order was kept"; }
libraries=$(tr ' ' '\n' < "$(ls "$ROOT"/.build/link-order-*.flags)" | grep -c '^/')
[ "$libraries" -ge 100 ] || fail "the link order names $libraries libraries; Debian's FFmpeg loads over 100"
"$PREFLIGHT" check "$ROOT/Fixtures/video/clip-h264-aac.mp4" --no-cache >/dev/null || [ $? -eq 1 ] || fail "the relinked preflight does not run"
step "passed: $libraries libraries in lookup order, every symbol binding where it did"
