#!/usr/bin/env bash
# Publishes the small embeddable runtime, NativeAOT, for each RID given (default: linux-x64 linux-arm64):
#   .cache/wren-run/RID/wren-run     the executable (src/Wren.Run)
#   .cache/wren-run/RID/libwren.so   the shared library with the C API (src/Wren.Native, include/wren.h)
# ($WREN_RUN_OUT instead of .cache/wren-run). ./test.sh runs this before the suite and sets WREN_RUN_DIR, so the tests
# (tests/Wren.Cli.Tests/Run) compare the builds with wren generate, compile the C example with cc and run it, and run
# the linux-arm64 builds under qemu. Prints the seconds each publish took and the sizes.
#
# linux-arm64 on an x64 machine is a NativeAOT cross-compile: ILC emits arm64 code, and clang links it for
# --target=aarch64-linux-gnu with the GNU cross toolchain's libc and crt files (Debian: clang, gcc-aarch64-linux-gnu,
# libc6-dev-arm64-cross, binutils-aarch64-linux-gnu for the symbol-stripping objcopy).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${WREN_RUN_OUT:-.cache/wren-run}
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64)
host=$(uname -m)

clang_name() { # clang, or the newest clang-NN on the PATH
  command -v clang >/dev/null 2>&1 && { echo clang; return; }
  compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -t- -k2 -n | tail -n 1
}

for rid in "${rids[@]}"; do
  cross=()
  if [ "$rid" = linux-arm64 ] && [ "$host" != aarch64 ]; then
    cc=$(clang_name)
    [ -n "$cc" ] || { echo "wren-run.sh: cross-compiling for linux-arm64 needs clang (apt-get install clang)" >&2; exit 2; }
    command -v aarch64-linux-gnu-objcopy >/dev/null || { echo "wren-run.sh: cross-compiling for linux-arm64 needs apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross" >&2; exit 2; }
    cross=(-p:CppCompilerAndLinker="$cc" -p:ObjCopyName=aarch64-linux-gnu-objcopy)
  fi
  for project in src/Wren.Run src/Wren.Native; do
    started=$SECONDS
    dotnet publish "$project" -c Release -r "$rid" -o "$out/$rid" -v q -nologo "${cross[@]}"
    echo "wren-run.sh: $project for $rid published in $((SECONDS - started)) s"
  done
  rm -f "$out/$rid"/*.pdb
  echo "wren-run.sh: $rid: wren-run $(stat -c %s "$out/$rid/wren-run") bytes, libwren.so $(stat -c %s "$out/$rid/libwren.so") bytes"
done
