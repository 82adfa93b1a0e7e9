#!/usr/bin/env bash
# Installs what is missing (Debian/Ubuntu), builds `report`, and renders the example report.
set -euo pipefail
cd "$(dirname "$0")"
packages=(libcairo2-dev libpango1.0-dev libfontconfig1-dev zlib1g-dev libssl-dev poppler-utils qpdf pkg-config python3-jsonschema python3-venv)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
command -v swift >/dev/null || { echo "Swift 6 is needed: https://www.swift.org/install/linux/" >&2; exit 1; }
# For the test suite's accessibility checks (a venv in .build; not needed to run report).
bash .ci/install-pdfua || echo "pdfua could not be installed; the accessibility tests will skip" >&2
swift build -c release
# Put `report` on the PATH: /usr/local/bin as root, else ~/.local/bin (or $PREFIX/bin). The
# binary carries its fonts, so the copy works from any folder.
if [ -n "${PREFIX:-}" ]; then bin="$PREFIX/bin"
elif [ "$(id -u)" -eq 0 ]; then bin=/usr/local/bin
else bin="$HOME/.local/bin"; fi
mkdir -p "$bin"
install -m 755 .build/release/report "$bin/report"
echo "Installed $bin/report"
case ":$PATH:" in
  *":$bin:"*) report=report ;;
  *) report="$bin/report"
     echo "$bin is not on your PATH; add it with: export PATH=\"$bin:\$PATH\"" ;;
esac
"$report" render Reports/raqqa-2017/report.json
echo "Open Reports/raqqa-2017/out/raqqa-brief.pdf"
