#!/usr/bin/env bash
# Pulseboard set-up for Debian 12 / Ubuntu 24.04: installs what is missing (apt-get,
# with sudo when not root), builds, then either launches the app on its embedded demo
# ("demo") or runs every test through ctest ("test"). Used by the README and .ci/run.
set -euo pipefail

mode="${1:-demo}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${PULSEBOARD_BUILD_DIR:-$root/build}"
build_type="${PULSEBOARD_BUILD_TYPE:-RelWithDebInfo}"

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-charts-dev
  qt6-declarative-dev qt6-declarative-dev-tools libqt6sql6-sqlite libgl-dev libssl-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml
  qml6-module-qtqml-workerscript qml6-module-qtcharts qml6-module-qttest
  qml6-module-qtquick-dialogs qml6-module-qt-labs-settings qml6-module-qt-labs-platform
  qml6-module-qtqml-models qt6-qpa-plugins
  qtkeychain-qt6-dev libsecret-1-0
  zlib1g-dev
  libnats-dev
)
if [[ "$mode" == "test" ]]; then
  # Real peers for the end-to-end tests: Python websockets (Debian) and Node ws (npm).
  packages+=(python3 python3-websockets openssl desktop-file-utils appstream)
  # An HTTP CONNECT proxy for the feed client's proxy tests (tests/net/tst_feedproxy).
  packages+=(tinyproxy)
  # A real NATS server (JetStream) for the hub bridge test (tests/bridge/tst_natsbridge).
  packages+=(nats-server)
  # A real Secret Service for tests/workspace/tst_keychain (private D-Bus session + keyring).
  packages+=(gnome-keyring dbus-daemon)
  # A real browser for tests/web/tst_browserpeers (driven by puppeteer-core from tests/peers).
  packages+=(chromium)
  # Node may come from Debian (nodejs + npm) or from elsewhere (e.g. NodeSource's nodejs,
  # which bundles npm and conflicts with Debian's npm): only install when the command is missing.
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
  # Sanitizer and fuzz stages (tests/sanitizers/stages.sh): clang + libFuzzer runtime.
  [[ "${PULSEBOARD_SANITIZERS:-1}" == 0 ]] || packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "pulseboard: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

peers_missing=0
for m in ws socket.io @mcap/core puppeteer-core; do
  [[ -d "$root/tests/peers/node_modules/$m" ]] || peers_missing=1
done
if [[ "$mode" == "test" && $peers_missing == 1 ]]; then
  (cd "$root/tests/peers" && npm install --no-audit --no-fund --silent)
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$build_type"
cmake --build "$build" -j"$(nproc)"

case "$mode" in
  demo)
    exec "$build/app/pulseboard" "${@:2}"
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    cd "$build"
    # By default the fuzz stage (each tests/fuzz target for 30 s, its own build directory:
    # tests/sanitizers/stages.sh); with PULSEBOARD_SANITIZERS=1 also the ASan+UBSan and TSan
    # stages (not by default until one full run of each is seen green: neither has finished on
    # the shared development VM, see tests/fuzz/README.md); =0 skips every stage. Then the
    # normal suite, last, so the run ends with ctest's summary.
    stages_status=0
    if [[ "${PULSEBOARD_SANITIZERS:-}" != 0 ]]; then
      [[ "${PULSEBOARD_SANITIZERS:-}" == 1 ]] || export PULSEBOARD_SKIP_STAGES="${PULSEBOARD_SKIP_STAGES:-asan tsan}"
      bash "$root/tests/sanitizers/stages.sh" "$root" /dev/null || stages_status=1
      (( stages_status == 0 )) || echo "pulseboard: a fuzz or sanitizer stage failed (its summary is above)" >&2
      echo "==== pulseboard: the normal test suite ($build) ===="
    fi
    ctest_status=0
    ctest --output-on-failure --timeout 300 -j"$(nproc)" "${@:2}" || ctest_status=$?
    exit $(( ctest_status != 0 ? ctest_status : stages_status ))
    ;;
  *)
    echo "usage: $0 demo|test [extra args]" >&2
    exit 2
    ;;
esac
