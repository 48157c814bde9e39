#!/usr/bin/env bash
# The sanitizer and fuzz stages of `packaging/bootstrap.sh test`, run before the normal
# ctest (a normal ctest log may be given as $2 for the summary; /dev/null = none). Each stage has its own build directory next to the
# normal one and prints ctest's summary line; the last lines sum up every stage.
#   1. ASan+UBSan: the whole test suite (build-asan, -O1 -g1, every report fatal).
#   2. TSan: the tests whose code crosses threads (ingest threads, hub writer threads,
#      the alert sink): build-tsan, only those targets.
#   3. libFuzzer: each tests/fuzz target for 30 s on its seed corpus (build-fuzz, clang).
# Suppressions (tests/sanitizers/*.supp) cover Qt's own code only, each with a reason.
# Skip a stage with PULSEBOARD_SKIP_STAGES="asan tsan fuzz" (any of them). Exit 1 if any failed.
set -uo pipefail

root="$1"
normal_log="$2"
base="${PULSEBOARD_SANITIZER_BUILD_BASE:-$root}"
skip=" ${PULSEBOARD_SKIP_STAGES:-} "
jobs="$(nproc)"
supp="$root/tests/sanitizers"
fuzz_seconds="${PULSEBOARD_FUZZ_SECONDS:-30}"
status=0
summary=()
[[ -s "$normal_log" ]] && summary+=("normal      $(grep -E 'tests passed' "$normal_log" | tail -1)")

banner() { printf '\n==== pulseboard %s ====\n' "$*"; }
elapsed() { printf '%dm%02ds' $(( $1 / 60 )) $(( $1 % 60 )); }

# What the sanitizers read at run time. Reports are fatal (a test with one fails).
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=0:strict_string_checks=0"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
# TSan with Qt as installed (not built with -sanitize thread): ignore_noninstrumented_modules
# keeps interceptors called from inside Qt from recording accesses (Qt Test's watchdog waits
# in pthread_cond_wait on a condition that qRun deletes after a handoff under Qt's futex
# QMutex, which TSan cannot see); die_after_fork=0 because QProcess starts children with
# clone(CLONE_VM|CLONE_VFORK), which TSan takes for a fork of a threaded process and then
# kills the parent at its next new thread (the child only execs). Our own code is checked.
export TSAN_OPTIONS="suppressions=$supp/tsan.supp:halt_on_error=0:exitcode=66:second_deadlock_stack=1:ignore_noninstrumented_modules=1:die_after_fork=0"

run_ctest() {   # dir log [ctest args...]: ctest in dir, its output in log, returns its status
    local dir="$1" log="$2"
    shift 2
    (cd "$dir" && ctest --output-on-failure --timeout 600 -j"$jobs" "$@") 2>&1 | tee "$log"
    return "${PIPESTATUS[0]}"
}

if [[ "$skip" != *" asan "* ]]; then
    banner "stage 2/4: ASan+UBSan, whole test suite ($base/build-asan)"
    start=$SECONDS
    san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    if cmake -S "$root" -B "$base/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS="$san" -DPULSEBOARD_TEST_TIMEOUT_SCALE=4 \
            -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null \
        && cmake --build "$base/build-asan" -j"$jobs"; then
        built=$SECONDS
        run_ctest "$base/build-asan" "$base/build-asan/ctest-asan.log" || status=1
        line="$(grep -E 'tests passed' "$base/build-asan/ctest-asan.log" | tail -1)"
        summary+=("asan+ubsan  ${line:-no summary (ctest failed to run)}  [build $(elapsed $((built - start))), tests $(elapsed $((SECONDS - built)))]")
    else
        status=1
        summary+=("asan+ubsan  BUILD FAILED")
    fi
fi

if [[ "$skip" != *" tsan "* ]]; then
    banner "stage 3/4: TSan, the tests that cross threads ($base/build-tsan)"
    start=$SECONDS
    tsan_tests=(tst_headless tst_messagelog tst_seriesstore tst_hubfanout tst_alertservice tst_seriesexport)
    if cmake -S "$root" -B "$base/build-tsan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS="-fsanitize=thread" -DPULSEBOARD_TEST_TIMEOUT_SCALE=8 \
            -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null \
        && cmake --build "$base/build-tsan" -j"$jobs" --target pulseboard "${tsan_tests[@]}"; then
        built=$SECONDS
        regex="^($(IFS='|'; echo "${tsan_tests[*]}"))\$"
        run_ctest "$base/build-tsan" "$base/build-tsan/ctest-tsan.log" -R "$regex" || status=1
        line="$(grep -E 'tests passed' "$base/build-tsan/ctest-tsan.log" | tail -1)"
        summary+=("tsan        ${line:-no summary (ctest failed to run)}  [build $(elapsed $((built - start))), tests $(elapsed $((SECONDS - built)))]")
    else
        status=1
        summary+=("tsan        BUILD FAILED")
    fi
fi

if [[ "$skip" != *" fuzz "* ]]; then
    banner "stage 4/4: libFuzzer, each target ${fuzz_seconds} s ($base/build-fuzz)"
    start=$SECONDS
    clangxx="$(command -v clang++-14 || command -v clang++ || true)"
    if [[ -z "$clangxx" ]]; then
        status=1
        summary+=("fuzz        NOT RUN: no clang++ (install clang-14 libclang-rt-14-dev)")
    elif cmake -S "$root/tests/fuzz" -B "$base/build-fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_COMPILER="$clangxx" >/dev/null \
        && cmake --build "$base/build-fuzz" -j"$jobs" --target fuzz; then
        built=$SECONDS
        ran=0 failed=()
        for exe in "$base"/build-fuzz/fuzz_*; do
            [[ -x "$exe" && -f "$exe" ]] || continue
            name="$(basename "$exe")"
            # A scratch copy of the seeds: new inputs found in CI are not written into the repo.
            work="$base/build-fuzz/corpus-run/$name"
            rm -rf "$work" && mkdir -p "$work" "$base/build-fuzz/crashes"
            cp -r "$root/tests/fuzz/corpus/$name/." "$work/" 2>/dev/null
            echo "-- $name"
            dict=()
            [[ "$name" =~ ^fuzz_(jsontape|profile|alertrules|hubenvelope|discovery)$ ]] && dict=(-dict="$root/tests/fuzz/json.dict")
            [[ "$name" =~ ^fuzz_(wsupgrade|wshandshake|httpfeed)$ ]] && dict=(-dict="$root/tests/fuzz/http.dict")
            if "$exe" "${dict[@]}" -max_total_time="$fuzz_seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
                    -artifact_prefix="$base/build-fuzz/crashes/$name-" "$work" 2>"$base/build-fuzz/$name.log"; then
                grep -E '^stat::number_of_executed_units|^Done' "$base/build-fuzz/$name.log" | tr '\n' ' '
                echo
            else
                failed+=("$name")
                tail -40 "$base/build-fuzz/$name.log"
            fi
            ran=$((ran + 1))
        done
        if ((${#failed[@]})); then
            status=1
            summary+=("fuzz        ${#failed[@]} of $ran targets crashed: ${failed[*]} (inputs in $base/build-fuzz/crashes)")
        else
            summary+=("fuzz        $ran targets x ${fuzz_seconds} s, 0 crashes  [build $(elapsed $((built - start))), runs $(elapsed $((SECONDS - built)))]")
        fi
    else
        status=1
        summary+=("fuzz        BUILD FAILED")
    fi
fi

banner "summary"
printf '%s\n' "${summary[@]}"
exit "$status"
