#!/usr/bin/env bash
# Builds the Functions deployment package (azd's prepackage hook runs it; so do the infra tests):
#   .artifacts/package/            host.json, one folder per function (<FunctionName>/function.json, flattened from
#                                  the feature folders), the self-contained linux-x64 handler named in host.json
#   .artifacts/package.zip         the same, zipped with Unix modes kept (the handler's run bit)
# Needs the .NET SDK and python3. Usage: infra/package.sh [output-dir]   (zip goes beside it: <output-dir>.zip)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/functions/QaServerless.Functions"
mkdir -p "${1:-$root/.artifacts/package}"
out="$(cd "${1:-$root/.artifacts/package}" && pwd)"
publish="$out.publish"

rm -rf "$out" "$publish" "$out.zip"
mkdir -p "$out"

# Self-contained: the Flex Consumption "custom" runtime has no .NET; single file keeps the package root readable.
dotnet publish "$project/QaServerless.Functions.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:DebugType=None -p:DebugSymbols=false \
  -o "$publish" --nologo -v quiet

# The build copies function.json files in their feature folders; the host only sees folders at the package root.
find "$publish" -name function.json -delete
find "$publish" -mindepth 1 -type d -empty -delete
cp -R "$publish"/. "$out"/
rm -rf "$publish"
cp "$root/host.json" "$out/host.json"

# Every function folder, flattened to the root by its name (the folder name is the function name).
while IFS= read -r -d '' definition; do
  name="$(basename "$(dirname "$definition")")"
  if [ -e "$out/$name" ]; then
    echo "package: '$name' appears twice (two function folders with one name, or a clash with a published file)" >&2
    exit 1
  fi
  mkdir "$out/$name"
  cp "$definition" "$out/$name/function.json"
done < <(find "$project" \( -name bin -o -name obj \) -prune -o -name function.json -print0 | sort -z)

executable="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["customHandler"]["description"]["defaultExecutablePath"])' "$out/host.json")"
if [ ! -f "$out/$executable" ]; then
  echo "package: host.json names '$executable' but the publish produced no such file" >&2
  exit 1
fi
chmod +x "$out/$executable"

python3 - "$out" "$out.zip" <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in os.walk(source):
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, source))  # keeps st_mode, so the run bit survives
PY

functions=$(find "$out" -mindepth 2 -maxdepth 2 -name function.json | wc -l)
echo "package: $out ($functions functions, $(du -sh "$out" | cut -f1)), $out.zip"
