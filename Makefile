# preflight — two commands for a new user on Debian/Ubuntu: `make run` and `make test`.
SWIFT    ?= swift
PREFIX   ?= /usr/local
FIXTURES := Fixtures
RELEASE  := .build/release/preflight
# Release builds carry the Swift runtime inside the binary: it starts faster and runs where no
# Swift toolchain is installed.
RELEASE_FLAGS := -c release --static-swift-stdlib

# FFmpeg's development files, found through pkg-config (see Package.swift).
FFMPEG_PC   := libavformat libavcodec libavutil libswscale
FFMPEG_DEBS := libavformat-dev libavcodec-dev libavutil-dev libswscale-dev pkg-config
# Reference tools the benchmarks, fixture scripts and oracles compare against.
PEER_DEBS   := ffmpeg mediainfo python3 python3-pip python3-venv
PYTHON_ENV  := .build/python
PYTHON      := $(PYTHON_ENV)/bin/python3

.PHONY: all deps peer-deps build test run bench fixtures install uninstall clean help

all: build

help:
	@echo "make run        install FFmpeg dev packages if missing, build, check the bundled fixtures"
	@echo "make test       build and run the test suite"
	@echo "make bench      side-by-side benchmarks against mediainfo, ffprobe and OpenCV"
	@echo "make fixtures   regenerate Fixtures/ and their expected values (needs ffmpeg, OpenCV)"
	@echo "make install    install the binary to PREFIX (default /usr/local)"

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
	@if ! command -v git >/dev/null 2>&1 || ! { python3 -c 'import jsonschema' 2>/dev/null || /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; }; then \
	  $(MAKE) --no-print-directory test-debs; fi

test-debs:
	$(call apt_install,git python3 python3-jsonschema)

.PHONY: peer-debs
peer-debs:
	$(call apt_install,$(PEER_DEBS))

build: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product preflight

# The tests validate SARIF with Python's jsonschema and drive git for --staged.
test: deps test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

run: build
	@echo "== preflight check $(FIXTURES) (exit status 1 is expected: some fixtures are made to fail)"
	-$(RELEASE) check $(FIXTURES)

bench: build peer-deps
	$(SWIFT) build $(RELEASE_FLAGS) --product preflight-bench
	PREFLIGHT=$(RELEASE) PYTHON=$(PYTHON) python3 scripts/bench.py

fixtures: peer-deps
	scripts/make-video-fixtures.sh $(FIXTURES)/video
	python3 scripts/expected-probe.py $(FIXTURES)/video
	$(PYTHON) scripts/make-image-fixtures.py $(FIXTURES)/image
	$(PYTHON) scripts/opencv-golden.py $(FIXTURES)/image

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 $(RELEASE) "$(DESTDIR)$(PREFIX)/bin/preflight"
	@if [ -d .build/release/preflight_PreflightRules.resources ]; then \
	  install -d "$(DESTDIR)$(PREFIX)/bin/preflight_PreflightRules.resources/Profiles"; \
	  install -m 0644 .build/release/preflight_PreflightRules.resources/Profiles/* \
	    "$(DESTDIR)$(PREFIX)/bin/preflight_PreflightRules.resources/Profiles/"; fi

uninstall:
	rm -rf "$(DESTDIR)$(PREFIX)/bin/preflight" "$(DESTDIR)$(PREFIX)/bin/preflight_PreflightRules.resources"

clean:
	rm -rf .build
