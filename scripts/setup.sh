#!/usr/bin/env bash
# Set up everything from scratch on a fresh machine: a virtualenv in .venv with qa installed.
#   bash scripts/setup.sh          # to run the app and the CLI
#   bash scripts/setup.sh test     # also the test tools and Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
# The CPU build of torch, pinned: an unpinned torch pulls gigabytes of CUDA packages.
.venv/bin/pip install --quiet torch==2.13.0
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
# Tesseract with English and French reads scanned PDF pages (OCR), in both modes.
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx fra; then
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra >/dev/null
fi
if [ "${1:-}" = "test" ]; then
  # the ray extra too, so the distributed build's tests run in CI instead of being skipped
  .venv/bin/pip install --quiet -e '.[test,ray]'
  if ! command -v chromium >/dev/null 2>&1; then
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  # axe-core: the accessibility rules the browser tests inject into the page (into the ignored .cache/npm)
  if ! command -v npm >/dev/null 2>&1; then
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq npm >/dev/null
  fi
  npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@4
else
  .venv/bin/pip install --quiet -e .
fi
echo "setup done: $(.venv/bin/python -c 'import qa; print("qa", qa.__version__)')"
