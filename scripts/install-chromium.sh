#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (tests/Browser.Tests).
# Playwright cannot download its own browsers here, so the tests drive /usr/bin/chromium.
# Safe to run again: it does nothing when Chromium is already installed.
set -euo pipefail

chromium_path=/usr/bin/chromium

if [[ -x "$chromium_path" ]]; then
  echo "Chromium is already installed: $("$chromium_path" --version 2>/dev/null || echo "$chromium_path")"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
else
  echo "error: $chromium_path is missing and installing it needs root; run this script as root or install sudo" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" apt-get install -y --no-install-recommends chromium

if [[ ! -x "$chromium_path" ]]; then
  echo "error: apt-get installed the chromium package but $chromium_path is still missing" >&2
  exit 1
fi

echo "Installed $("$chromium_path" --version)"
