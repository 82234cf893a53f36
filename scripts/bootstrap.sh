#!/usr/bin/env bash
# Creates .venv with requirements.txt; idempotent and quick once done (a stamp holds the requirements' hash).
# --system-site-packages reuses matching packages already installed; pinned versions win inside the venv.
# On a bare Debian (no venv/ensurepip), installs python3-venv first when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$python" -m venv --system-site-packages .venv >/dev/null 2>&1; then
    rm -rf .venv
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      apt-get update -qq && apt-get install -y -qq python3-venv python3-pip >/dev/null
    else
      echo "bootstrap: '$python -m venv' failed; install python3-venv (sudo apt-get install python3-venv)" >&2
      exit 1
    fi
    "$python" -m venv --system-site-packages .venv
  fi
fi
stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
  echo "$wanted" > "$stamp"
fi
