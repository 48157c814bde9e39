#!/bin/sh
# Runs a test against a real Secret Service that is not the user's: a private D-Bus
# session (dbus-run-session) with a throwaway gnome-keyring whose login keyring is
# created and unlocked with a known password, in a temporary HOME/XDG_* that is removed
# afterwards. The daemon exits with the session bus. Exit 77 (ctest: skipped) when the
# tools are missing; packaging/bootstrap.sh test installs them.
set -eu
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-secret-service: $tool is not installed (Debian: dbus-daemon, gnome-keyring)" >&2
    exit 77
  fi
done
scratch="$(mktemp -d "${TMPDIR:-/tmp}/pulseboard-keyring.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/data" "$scratch/config" "$scratch/cache" "$scratch/run"
chmod 700 "$scratch/run"
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run" PULSEBOARD_TEST_KEYCHAIN=1
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
# An empty password would make the daemon ask a (graphical) prompter; a known one does not.
dbus-run-session -- sh -c '
  printf "pulseboard-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null ||
    { echo "with-secret-service: gnome-keyring-daemon did not start" >&2; exit 1; }
  exec "$@"' sh "$@"
