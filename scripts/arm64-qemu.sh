#!/usr/bin/env bash
# The linux-arm64 check, on an x64 machine: publishes the runtime test suite and the wren CLI self-contained for
# linux-arm64 and runs them under qemu-user, where AdvSimd and SDOT report supported, so the 128-bit kernels run.
#   1. Wren.Runtime.Tests, all of it, in one emulated process (its own in-process xunit runner: `run-tests`);
#   2. `wren generate --greedy --json` on every transformers reference prompt, ids compared with x64's
#      (GenerateCommandArm64Tests in Wren.Cli.Tests, which runs the arm64 build under qemu).
# Needs: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
# Timings under emulation mean nothing (tens of times slower than native); only the results count.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${WREN_ARM64_OUT:-.cache/arm64}   # inside the repository, so the tests find tests/peers above their folder
qemu=(qemu-aarch64-static -L /usr/aarch64-linux-gnu)
command -v qemu-aarch64-static >/dev/null || { echo "arm64: qemu-aarch64-static is not installed" >&2; exit 2; }

dotnet publish tests/Wren.Runtime.Tests -c Release -r linux-arm64 --self-contained -o "$out/runtime-tests" -v q -nologo
dotnet publish src/Wren.Cli -c Release -r linux-arm64 --self-contained -o "$out/wren" -v q -nologo

# No arm64 ICU here: invariant globalization. .NET's W^X double mapping of JIT code misbehaves under qemu-user
# (wrong stubs, crashes), so it is off; it changes nothing the tests check. Both for the emulated processes only.
arm64_env=(env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableWriteXorExecute=0)
# The NFC and Qwen2 pre-tokenizer cases normalize to NFC, which needs ICU (invariant mode leaves the text as it is).
variants=Wren.Runtime.Tests.Tokenization.PreTokenizerVariantTests.The_variant_encodes_like_huggingface_tokenizers
WREN_TEST_EMULATOR="${qemu[*]}" "${arm64_env[@]}" "${qemu[@]}" "$out/runtime-tests/Wren.Runtime.Tests" run-tests \
  --exclude "$variants(variant: \"nfc\")" --exclude "$variants(variant: \"qwen2\")"
WREN_ARM64_WREN="$PWD/$out/wren/wren" dotnet test tests/Wren.Cli.Tests --filter "FullyQualifiedName~GenerateCommandArm64Tests" --nologo
