# Native AOT needs a C toolchain and zlib to link (.ci/after/30-aot-quickstart.sh, 35-aot-web.sh); the web check posts
# with curl. Sourced by .ci/run.
if ! command -v clang >/dev/null 2>&1 || ! dpkg -s zlib1g-dev >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev curl >/dev/null
fi
