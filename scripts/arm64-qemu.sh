#!/usr/bin/env bash
# The linux-arm64 check, on an x64 machine: the runtime test suite published self-contained for linux-arm64 and run
# under qemu-user, where AdvSimd and SDOT report supported, so the 128-bit kernels run.
#   scripts/arm64-qemu.sh publish   publish it into $WREN_ARM64_OUT (default .cache/arm64)
#   scripts/arm64-qemu.sh run       Wren.Runtime.Tests in one emulated process (its own in-process xunit runner,
#                                   `run-tests`); prints "N passed, N failed, N skipped"
#   scripts/arm64-qemu.sh           both
# ./test.sh publishes it, then runs it in the background beside the main suite. `generate --greedy --json` under qemu is
# checked against x64's wren by the main suite on the NativeAOT linux-arm64 wren-run (scripts/wren-run.sh, WrenRunTests):
# the same verb, so no arm64 build of the whole wren CLI is published.
# Needs: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
# Timings under emulation mean nothing (tens of times slower than native); only the results count.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${WREN_ARM64_OUT:-.cache/arm64}   # inside the repository, so the tests find tests/peers above their folder
step=${1:-all}
qemu=(qemu-aarch64-static -L /usr/aarch64-linux-gnu)
command -v qemu-aarch64-static >/dev/null || { echo "arm64: qemu-aarch64-static is not installed" >&2; exit 2; }

if [ "$step" = publish ] || [ "$step" = all ]; then
  dotnet publish tests/Wren.Runtime.Tests -c Release -r linux-arm64 --self-contained -o "$out/runtime-tests" -v q -nologo
fi
if [ "$step" = run ] || [ "$step" = all ]; then
  # No arm64 ICU here: invariant globalization. .NET's W^X double mapping of JIT code misbehaves under qemu-user
  # (wrong stubs, crashes), so it is off; it changes nothing the tests check. Both for the emulated processes only.
  arm64_env=(env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableWriteXorExecute=0)
  # The NFC and Qwen2 pre-tokenizer cases normalize to NFC, which needs ICU (invariant mode leaves the text as it is).
  variants=Wren.Runtime.Tests.Tokenization.PreTokenizerVariantTests.TheVariantEncodesLikeHuggingfaceTokenizers
  # The hub client hashes downloads (SHA-256) and its loopback hub is ASP.NET Core: both load OpenSSL, which the
  # arm64 cross packages do not ship (the process aborts: "No usable version of libssl was found"). It is network
  # code with no arm64-specific path; the x64 suite runs it.
  # Prefault's checks read what is resident from /proc/self/smaps after madvise(MADV_POPULATE_*): qemu-user answers both
  # itself, not with the host kernel's pages; the call has no arm64-specific path, and the x64 suite runs them. So does the
  # GGUF loader's check that the q/k rows it copies leave the mapping's resident set (MADV_DONTNEED, read back from smaps).
  started=$SECONDS
  status=0
  WREN_TEST_EMULATOR="${qemu[*]}" "${arm64_env[@]}" "${qemu[@]}" "$out/runtime-tests/Wren.Runtime.Tests" run-tests \
    --exclude "$variants(variant: \"nfc\")" --exclude "$variants(variant: \"qwen2\")" --exclude "Wren.Runtime.Tests.Hub." \
    --exclude "Wren.Runtime.Tests.Tensors.PrefaultTests." \
    --exclude "Wren.Runtime.Tests.Models.GgufModelLoadTests.TheQueryAndKeyRowsItCopiesAreNotAlsoHeldInTheMapping" || status=$?
  echo "arm64: the emulated runtime suite took $((SECONDS - started)) s"
  exit "$status"
fi
