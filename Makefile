# preflight — two commands for a new user on Debian/Ubuntu: `make run` and `make test`.
SWIFT    ?= swift
PREFIX   ?= /usr/local
FIXTURES := Fixtures
RELEASE  := .build/release/preflight
# Release builds carry the Swift runtime inside the binary: it starts faster and runs where no
# Swift toolchain is installed.
RELEASE_FLAGS := -c release --static-swift-stdlib

# FFmpeg's development files, found through pkg-config (see Package.swift).
FFMPEG_PC   := libavformat libavcodec libavfilter libavutil libswscale
FFMPEG_DEBS := libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev pkg-config
# Reference tools the benchmarks, fixture scripts and oracles compare against.
PEER_DEBS   := ffmpeg mediainfo python3 python3-pip python3-venv
PYTHON_ENV  := .build/python
PYTHON      := $(PYTHON_ENV)/bin/python3

.PHONY: all deps peer-deps build test run bench fixtures install uninstall clean help fuzz sanitize fuzz-seeds focus-eval

all: build

help:
	@echo "make run        install FFmpeg dev packages if missing, build, check the bundled fixtures"
	@echo "make test       build and run the test suite"
	@echo "make bench      side-by-side benchmarks against mediainfo, ffprobe and OpenCV"
	@echo "make fixtures   regenerate Fixtures/ and their expected values (needs ffmpeg, OpenCV)"
	@echo "make focus-eval the focus score's evaluation set and report (scikit-image photos, blurred)"
	@echo "make install    install the binary, completions and man page under PREFIX (default /usr/local)"
	@echo "make fuzz       run every libFuzzer harness for FUZZ_SECONDS (default 60) each"
	@echo "make sanitize   run the test suite under AddressSanitizer and ThreadSanitizer"

# Installs what is missing, with apt-get as root or through sudo.
define apt_install
	@if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	else echo "preflight: missing packages: $(1)" >&2; \
	     echo "Install them as root (apt-get install $(1)) and run make again." >&2; exit 1; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	     echo "preflight: no apt-get here; install these with your package manager: $(1)" >&2; \
	     echo "(macOS: brew install ffmpeg pkg-config mediainfo)" >&2; exit 1; fi; \
	echo "Installing $(1)…" >&2; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null
endef

deps:
	@if pkg-config --exists $(FFMPEG_PC) 2>/dev/null; then :; else $(MAKE) --no-print-directory ffmpeg-dev; fi

.PHONY: ffmpeg-dev
ffmpeg-dev:
	$(call apt_install,$(FFMPEG_DEBS))

peer-deps: deps
	@missing=""; for tool in ffmpeg ffprobe mediainfo python3; do command -v $$tool >/dev/null 2>&1 || missing=1; done; \
	python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing=1; \
	if [ -n "$$missing" ]; then $(MAKE) --no-print-directory peer-debs; fi
	@if ! $(PYTHON) -c 'import cv2, numpy, jsonschema' >/dev/null 2>&1; then \
	  echo "Installing OpenCV and jsonschema into $(PYTHON_ENV)…" >&2; \
	  python3 -m venv $(PYTHON_ENV) && $(PYTHON) -m pip install -q "opencv-python-headless<5" numpy jsonschema; fi

.PHONY: test-deps test-debs
test-deps:
	@if ! command -v git >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null 2>&1 || ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ] || ! { python3 -c 'import jsonschema' 2>/dev/null || /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; } \
	  || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory test-debs; fi

test-debs:
	$(call apt_install,git ffmpeg chromium chromium-driver python3 python3-jsonschema python3-venv python3-pip)

.PHONY: peer-debs
peer-debs:
	$(call apt_install,$(PEER_DEBS))

# The release binary names the ~135 shared libraries Debian's FFmpeg loads in the order that
# shortens the dynamic loader's symbol lookups: 3–4 ms less at every start (scripts/link-order.sh).
# The order is derived once per FFmpeg version from a first link, and kept only when the relinked
# binary binds every symbol where the first one did.
LINK_ORDER = .build/link-order-$(shell pkg-config --modversion libavformat 2>/dev/null).flags

build: deps
	@scripts/link-order.sh --valid $(LINK_ORDER) || $(MAKE) --no-print-directory link-order
	$(SWIFT) build $(RELEASE_FLAGS) --product preflight $$(cat $(LINK_ORDER))

.PHONY: link-order
link-order: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product preflight
	cp $(RELEASE) .build/preflight-first-link
	scripts/link-order.sh $(RELEASE) > $(LINK_ORDER).new || : > $(LINK_ORDER).new
	@if [ -s $(LINK_ORDER).new ] && $(SWIFT) build $(RELEASE_FLAGS) --product preflight $$(cat $(LINK_ORDER).new) \
	   && scripts/link-order.sh --same-bindings .build/preflight-first-link $(RELEASE); then \
	  mv $(LINK_ORDER).new $(LINK_ORDER); echo "preflight: shared libraries linked in lookup order" >&2; \
	else rm -f $(LINK_ORDER).new; : > $(LINK_ORDER); $(SWIFT) build $(RELEASE_FLAGS) --product preflight; \
	  echo "preflight: link order left as it is (not Linux, no binutils, the relink failed or a symbol would bind elsewhere)" >&2; fi
	@rm -f .build/preflight-first-link

# The tests validate SARIF with Python's jsonschema and drive git for --staged. The release build
# of every product is what pre-commit runs for the hook (`language: swift`): it must not break.
# scripts/integration-test.sh then lints and runs the README's CI recipe and installs the hook
# with the real pre-commit (from PyPI, into .build/test-tools), which blocks and allows commits,
# and opens the HTML reports in Chromium (Selenium; a screenshot at .build/report-screenshot.png).
test: deps test-deps
	$(SWIFT) build -c release
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/integration-test.sh

run: build
	@echo "== preflight check $(FIXTURES) (exit status 1 is expected: some fixtures are made to fail)"
	-$(RELEASE) check $(FIXTURES)

bench: build peer-deps
	$(SWIFT) build $(RELEASE_FLAGS) --product preflight-bench
	PREFLIGHT=$(RELEASE) PYTHON=$(PYTHON) python3 scripts/bench.py

fixtures: peer-deps
	@command -v avifenc >/dev/null && command -v jpegtran >/dev/null || $(MAKE) --no-print-directory fixture-debs
	@$(PYTHON) -c 'import PIL, pillow_heif' 2>/dev/null || $(PYTHON) -m pip install -q pillow pillow-heif
	scripts/make-video-fixtures.sh $(FIXTURES)/video
	python3 scripts/expected-probe.py $(FIXTURES)/video
	$(PYTHON) scripts/make-image-fixtures.py $(FIXTURES)/image
	$(PYTHON) scripts/make-format-fixtures.py $(FIXTURES)/image/formats
	$(PYTHON) scripts/opencv-golden.py $(FIXTURES)/image

.PHONY: fixture-debs
fixture-debs:
	$(call apt_install,libavif-bin libjpeg-turbo-progs)

# libFuzzer harnesses for our own parsers (Sources/preflight-fuzz): instrumented with coverage and
# AddressSanitizer, linked with lld; new inputs go to .build-fuzz/corpus, seeds stay in Fuzz/corpus.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := jpeg exif codec-config image-header profile config manifest prompt
FUZZ_FLAGS := --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address \
	-Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp -Xswiftc -use-ld=lld \
	-Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver -Xlinker --undefined=LLVMFuzzerRunDriver
fuzz: deps
	$(SWIFT) build --product preflight-fuzz $(FUZZ_FLAGS)
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$target .build-fuzz/findings; \
	  echo "== fuzzing $$target for $(FUZZ_SECONDS) s"; \
	  .build-fuzz/debug/preflight-fuzz $$target -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1 \
	    -artifact_prefix=.build-fuzz/findings/$$target- .build-fuzz/corpus/$$target Fuzz/corpus/$$target \
	    2> .build-fuzz/$$target.log || { tail -40 .build-fuzz/$$target.log; exit 1; }; \
	  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" .build-fuzz/$$target.log | tr '\n' ' '; echo; \
	done

fuzz-seeds:
	python3 scripts/make-fuzz-seeds.py

# The whole test suite under AddressSanitizer, then ThreadSanitizer (separate build folders).
# Leak detection is off: LeakSanitizer cannot follow Swift's tagged enum payload pointers and reports
# globals as leaks. PREFLIGHT_SANITIZER tells the memory test that the sanitizer's allocator holds
# freed memory in quarantine.
sanitize: deps test-deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 PREFLIGHT_SANITIZER=address $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS=halt_on_error=1 PREFLIGHT_SANITIZER=thread $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan

# A stripped, self-contained binary (profiles compiled in), shell completions (profile ids and
# MODE/ROLE values included) and a man page, in the usual places under PREFIX.
MANPAGE := .build/plugins/GenerateManual/outputs/preflight/preflight.1
SHARE    = $(DESTDIR)$(PREFIX)/share
install: build
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(SHARE)/bash-completion/completions" "$(SHARE)/zsh/site-functions" \
	  "$(SHARE)/fish/vendor_completions.d" "$(SHARE)/man/man1"
	install -m 0755 -s $(RELEASE) "$(DESTDIR)$(PREFIX)/bin/preflight"
	$(RELEASE) --generate-completion-script bash > "$(SHARE)/bash-completion/completions/preflight"
	$(RELEASE) --generate-completion-script zsh > "$(SHARE)/zsh/site-functions/_preflight"
	$(RELEASE) --generate-completion-script fish > "$(SHARE)/fish/vendor_completions.d/preflight.fish"
	$(SWIFT) package generate-manual >/dev/null
	install -m 0644 $(MANPAGE) "$(SHARE)/man/man1/preflight.1"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/preflight" "$(SHARE)/bash-completion/completions/preflight" \
	  "$(SHARE)/zsh/site-functions/_preflight" "$(SHARE)/fish/vendor_completions.d/preflight.fish" \
	  "$(SHARE)/man/man1/preflight.1"

clean:
	rm -rf .build

# The focus score's thresholds rest on this report (docs/focus.md).
focus-eval: peer-deps
	$(SWIFT) build $(RELEASE_FLAGS) --product preflight
	@$(PYTHON) -c 'import skimage' 2>/dev/null || $(PYTHON) -m pip install -q scikit-image
	PREFLIGHT=$(RELEASE) $(PYTHON) scripts/focus-eval.py --error 6 --warning 15
