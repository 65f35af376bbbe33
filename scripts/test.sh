#!/usr/bin/env bash
# Run mailpub's whole test suite, set-up included.
#
# On Debian as root it installs the system packages the tests need; elsewhere
# it says what is missing. It makes a virtualenv in .venv (Python >= 3.11),
# installs mailpub with its dev extras, runs ruff and mypy, then pytest.
# Extra arguments go to pytest: scripts/test.sh -k draft
set -euo pipefail
cd "$(dirname "$0")/.."

# command the tests run -> the Debian package that provides it
declare -A NEEDED=(
    [git]=git
    [hugo]=hugo
    [jekyll]=jekyll           # the rendering tests build real sites (tests/test_render_sites.py)
    [chromium]=chromium       # ... and take a screenshot headless
    [node]=nodejs             # WordPress's block parser runs under Node.js
    [npm]=npm
    [dovecot]=dovecot-imapd   # the IMAP tests start their own Dovecot on loopback
    [openssl]=openssl         # ... with a test CA and certificate made by openssl
)

missing=()
packages=()
for tool in "${!NEEDED[@]}"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        missing+=("$tool")
        packages+=("${NEEDED[$tool]}")
    fi
done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "test.sh: installing ${packages[*]} with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
    else
        echo "test.sh: missing: ${missing[*]} (Debian packages: ${packages[*]})" >&2
        exit 1
    fi
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "test.sh: mailpub needs Python >= 3.11; set PYTHON=/path/to/python3.11" >&2
    exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"

# WordPress's block parser for tests/test_render_wordpress.py (pinned by package-lock.json)
echo "test.sh: npm ci in tests/js"
(cd tests/js && npm ci --no-audit --no-fund --silent)

echo "test.sh: ruff"
.venv/bin/ruff check mailpub tests benchmarks
echo "test.sh: mypy"
.venv/bin/mypy
echo "test.sh: pytest"
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [[ $status == 5 ]]; then
    echo "test.sh: pytest collected no tests" >&2
fi
exit $status
