#!/usr/bin/env bash
# Packs the runtime tests, the .NET runtime and xunit's console runner into .cache/kernel-tests/ so
# they run on a machine without the .NET SDK (e.g. a GPU box whose Xeon has AVX-512, which the
# development machines lack): copy the folder there and run `bash run.sh` in it. It prints the
# instruction sets .NET sees, the kernel checks with AVX-512 / AVX2 / all intrinsics switched off,
# and the whole runtime test suite (the tokenizer peer tests need node and fail without it).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/.cache/kernel-tests"
runner="$repo/.cache/xunit.runner.console.2.4.1"
if [ ! -d "$runner" ]; then
  curl -sSfL -o "$runner.nupkg" https://api.nuget.org/v3-flatcontainer/xunit.runner.console/2.4.1/xunit.runner.console.2.4.1.nupkg
  mkdir -p "$runner" && unzip -q -o "$runner.nupkg" -d "$runner"
fi
dotnet build -c Release "$repo/tests/Wren.Runtime.Tests" -v q
tests="$repo/tests/Wren.Runtime.Tests/bin/Release/net10.0"
rm -rf "$out" && mkdir -p "$out"
cp "$runner"/tools/netcoreapp2.0/xunit.console.* "$runner"/tools/netcoreapp2.0/xunit.runner.* "$tests/"
(cd "$tests" && tar --exclude='./runtimes' -cf - . $(ls -d runtimes/linux-x64 2>/dev/null)) | xz -T0 -9 > "$out/tests.tar.xz"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
tar -C "$dotnet_root" -cf - dotnet host shared/Microsoft.NETCore.App | xz -T0 -9 > "$out/dotnet.tar.xz"
cat > "$out/run.sh" <<'EOS'
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; work="$(mktemp -d)"
mkdir -p "$work/dotnet" "$work/tests"
tar -C "$work/dotnet" -xJf "$here/dotnet.tar.xz"; tar -C "$work/tests" -xJf "$here/tests.tar.xz"
export DOTNET_ROOT="$work/dotnet" PATH="$work/dotnet:$PATH" DOTNET_ROLL_FORWARD=Major DOTNET_CLI_TELEMETRY_OPTOUT=1
cd "$work/tests"
grep -o 'avx512[a-z_0-9]*\|avx_vnni' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
for v in NONE DOTNET_EnableAVX512 DOTNET_EnableAVX2 DOTNET_EnableHWIntrinsic; do echo "$v=0:"; env "$v=0" dotnet Wren.Runtime.Tests.dll kernel-checks; done
dotnet xunit.console.dll Wren.Runtime.Tests.dll -noshadow -parallel none 2>&1 | grep -E '\[FAIL\]|Total' | sed 's/\x1b\[[0-9;]*m//g'
EOS
du -sh "$out"
