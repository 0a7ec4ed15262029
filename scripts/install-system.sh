#!/usr/bin/env bash
# System packages the full test suite uses, from Debian's archive: Chromium (browser
# tests), CJK fonts (so pages render Chinese), PostgreSQL (the second database the
# suite runs on), libsodium (ristretto255 for private set intersection). Needs root; prints what it skips otherwise. Safe to run again.
set -euo pipefail

need=()
command -v python3 >/dev/null || need+=(python3)
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'noto sans cjk' || need+=(fonts-noto-cjk)
command -v pg_ctlcluster >/dev/null || command -v pg_ctl >/dev/null || need+=(postgresql)
ldconfig -p 2>/dev/null | grep -q 'libsodium.so.23' || need+=(libsodium23)   # ristretto255 for PSI

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-system: not root, skipping apt-get install ${need[*]} (tests needing them will skip)" >&2
    exit 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
fi
