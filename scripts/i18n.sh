#!/usr/bin/env bash
# Refresh the message catalogues from the code and templates, then compile them.
# Usage: bash scripts/i18n.sh [extract|compile]   (both when no argument)
set -euo pipefail
cd "$(dirname "$0")/../src/accord"
ACCORD=${ACCORD:-accord}
if [ "${1:-all}" != compile ]; then
  "$ACCORD" manage makemessages --no-obsolete -l zh_Hans -l ru --ignore "*/migrations/*" --ignore "*/vendor/*" --no-location
fi
if [ "${1:-all}" != extract ]; then
  "$ACCORD" manage compilemessages
fi
