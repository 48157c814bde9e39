#!/usr/bin/env bash
# Packaging checks, driven by tests/packaging/CMakeLists.txt. Modes:
#   install  - `cmake --install` the build into a temporary prefix, then check that every
#              file is where packaging/CMakeLists.txt says, that the installed binary runs
#              (--version prints the project version), that each PNG icon really has its
#              nominal size, and that the .desktop file, the icons and the AppStream
#              metainfo name one another consistently.
#   validate - desktop-file-validate and `appstreamcli validate --no-net` on the shipped
#              files (exit 77 = skipped when a tool is not installed).
#   qmldeps  - run qmlimportscanner over qml/, map every QML module it finds (transitive
#              imports included) to its Debian package with dpkg -S, and require each one
#              in CPACK_DEBIAN_PACKAGE_DEPENDS (exit 77 when dpkg is not available).
# Prints "N passed, N failed" at the end; exit 0 only if nothing failed.
set -uo pipefail

mode="${1:-}"; shift || true
src="" build="" version="" scanner="" qmldir="" prefix=""
while (($#)); do
  case "$1" in
    --source) src="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --scanner) scanner="$2"; shift 2 ;;
    --qml-dir) qmldir="$2"; shift 2 ;;
    *) echo "tst_packaging: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ -n "$mode" && -d "$src" && -d "$build" && -n "$version" ]] || {
  echo "usage: $0 install|validate|qmldeps --source DIR --build DIR --version X.Y.Z [--scanner EXE --qml-dir DIR]" >&2
  exit 2
}

app_id=org.pulseboard.Pulseboard
icon_sizes=(16 32 48 64 128 256)
passed=0 failed=0

pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check "description" command...
  local what="$1"; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit $?
}

# Value of KEY in the [Desktop Entry] group of a .desktop file.
desktop_value() {
  awk -F= -v key="$2" '
    /^\[/ { group = $0; next }
    group == "[Desktop Entry]" && $1 == key { sub(/^[^=]*=/, ""); print; exit }' "$1"
}

# Width and height from a PNG's IHDR chunk; fails if the file is not a PNG.
png_size() {
  local sig
  sig=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
  [[ "$sig" == 89504e470d0a1a0a ]] || return 1
  od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4 "x" $5*16777216 + $6*65536 + $7*256 + $8 }'
}

mode_install() {
  local log
  prefix=$(mktemp -d "${TMPDIR:-/tmp}/pulseboard-install.XXXXXX")
  trap 'rm -rf "$prefix"' EXIT
  log="$prefix.log"
  if ! cmake --install "$build" --prefix "$prefix" >"$log" 2>&1; then
    cat "$log"
    fail "cmake --install succeeds (is the pulseboard target built?)"
    rm -f "$log"
    finish
  fi
  rm -f "$log"
  pass "cmake --install succeeds"

  local exe="$prefix/bin/pulseboard"
  check "bin/pulseboard is installed and executable" test -x "$exe"
  local out
  out=$("$exe" --version 2>&1)
  check "installed pulseboard --version prints 'pulseboard $version' (got: $out)" \
    grep -q "^pulseboard $version " <<<"$out"

  local desktop="$prefix/share/applications/$app_id.desktop"
  local metainfo="$prefix/share/metainfo/$app_id.metainfo.xml"
  local svg="$prefix/share/icons/hicolor/scalable/apps/$app_id.svg"
  check "share/applications/$app_id.desktop installed" test -f "$desktop"
  check "share/metainfo/$app_id.metainfo.xml installed" test -f "$metainfo"
  check "scalable icon installed and is an SVG" grep -q "<svg" "$svg"
  local size got
  for size in "${icon_sizes[@]}"; do
    got=$(png_size "$prefix/share/icons/hicolor/${size}x${size}/apps/$app_id.png" 2>/dev/null)
    check "hicolor ${size}x${size} PNG installed with its nominal size (got '${got:-not a PNG}')" \
      test "$got" == "${size}x${size}"
  done

  if [[ -f "$desktop" ]]; then
    local exec_cmd icon
    exec_cmd=$(desktop_value "$desktop" Exec)
    icon=$(desktop_value "$desktop" Icon)
    check "desktop Exec ('$exec_cmd') runs the installed binary" test -x "$prefix/bin/${exec_cmd%% *}"
    check "desktop Icon ('$icon') is the application id" test "$icon" == "$app_id"
    check "desktop Name is Pulseboard" test "$(desktop_value "$desktop" Name)" == "Pulseboard"
    check "desktop GenericName is 'Real-time dashboard'" \
      test "$(desktop_value "$desktop" GenericName)" == "Real-time dashboard"
    check "desktop Type is Application" test "$(desktop_value "$desktop" Type)" == "Application"
  fi
  if [[ -f "$metainfo" ]]; then
    check "metainfo <id> is $app_id" grep -q "<id>$app_id</id>" "$metainfo"
    check "metainfo launchable is $app_id.desktop" \
      grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo"
    check "metainfo provides binary pulseboard" grep -q "<binary>pulseboard</binary>" "$metainfo"
    local newest
    newest=$(grep -o '<release version="[^"]*"' "$metainfo" | head -n1 | cut -d'"' -f2)
    check "newest metainfo release ('$newest') is the project version $version" \
      test "$newest" == "$version"
  fi
  finish
}

mode_validate() {
  local missing=()
  command -v desktop-file-validate >/dev/null || missing+=("desktop-file-validate (Debian: desktop-file-utils)")
  command -v appstreamcli >/dev/null || missing+=("appstreamcli (Debian: appstream)")
  if ((${#missing[@]})); then
    echo "SKIP: not installed: ${missing[*]}"
    exit 77
  fi
  local desktop="$src/packaging/linux/$app_id.desktop"
  local metainfo="$src/packaging/linux/$app_id.metainfo.xml"
  # desktop-file-validate exits 0 on hints; errors and warnings fail it.
  local out
  out=$(desktop-file-validate "$desktop" 2>&1)
  local rc=$?
  [[ -n "$out" ]] && echo "$out"
  check "desktop-file-validate $app_id.desktop" test $rc -eq 0
  check "desktop file has no validation errors or warnings" \
    test -z "$(grep -E ': (error|warning):' <<<"$out")"
  out=$(appstreamcli validate --no-net "$metainfo" 2>&1)
  rc=$?
  echo "$out"
  check "appstreamcli validate --no-net $app_id.metainfo.xml" test $rc -eq 0
  finish
}

mode_qmldeps() {
  command -v dpkg >/dev/null || { echo "SKIP: dpkg not available (not a Debian system)"; exit 77; }
  [[ -x "$scanner" && -d "$qmldir" ]] || { fail "qmlimportscanner ('$scanner') and the Qt QML dir ('$qmldir') exist"; finish; }
  local cpack="$build/CPackConfig.cmake"
  local depends
  depends=$(sed -n 's/^set(CPACK_DEBIAN_PACKAGE_DEPENDS "\(.*\)")$/\1/p' "$cpack")
  check "CPackConfig.cmake sets CPACK_DEBIAN_PACKAGE_DEPENDS" test -n "$depends"

  local json
  json=$("$scanner" -rootPath "$src/qml" -importPath "$qmldir" 2>&1) || {
    echo "$json"; fail "qmlimportscanner runs"; finish
  }
  # Each module found on disk has a "path"; our own module (Pulseboard) is compiled in.
  local paths
  paths=$(grep -o '"path": "[^"]*"' <<<"$json" | cut -d'"' -f4 | sort -u)
  check "qmlimportscanner finds the QtQuick module (sanity)" grep -qx "$qmldir/QtQuick" <<<"$paths"
  # A module the app imports directly must be installed here, or the scanner cannot
  # say which package provides it (transitive ones may be optional, so only noted).
  local uri
  while IFS= read -r uri; do
    [[ -z "$uri" || "$uri" == Pulseboard* ]] && continue
    check "QML module $uri imported by qml/ is installed here (else: install it, add its package to Depends)" \
      test -f "$qmldir/${uri//.//}/qmldir"
  done < <(grep -rhoE '^[[:space:]]*import[[:space:]]+[A-Za-z][A-Za-z0-9_.]*' "$src/qml" --include='*.qml' --include='*.js' \
             | awk '{ print $2 }' | sort -u)
  # One dpkg -S for all modules (it costs about half a second per call).
  local files=() path owners pkg
  while IFS= read -r path; do
    [[ -n "$path" && -f "$path/qmldir" ]] && files+=("$path/qmldir")
  done <<<"$paths"
  owners=$(dpkg -S "${files[@]}" 2>/dev/null)
  declare -A seen=()
  for path in "${files[@]}"; do
    pkg=$(awk -F': ' -v f="$path" '$2 == f { sub(/:.*/, "", $1); print $1; exit }' <<<"$owners")
    if [[ -z "$pkg" ]]; then
      fail "QML module ${path%/qmldir} belongs to no Debian package"
      continue
    fi
    [[ -n "${seen[$pkg]:-}" ]] && continue
    seen[$pkg]=1
    path=${path%/qmldir}
    check "QML package $pkg (for ${path#"$qmldir"/}) is in CPACK_DEBIAN_PACKAGE_DEPENDS" \
      grep -qE "(^|, )$pkg( |,|$)" <<<"$depends"
  done
  finish
}

case "$mode" in
  install) mode_install ;;
  validate) mode_validate ;;
  qmldeps) mode_qmldeps ;;
  *) echo "tst_packaging: unknown mode '$mode'" >&2; exit 2 ;;
esac
