# Chromium for the dashboard's browser tests (tests/EventTracking.Dashboard.Tests, Microsoft.Playwright).
# Playwright cannot download its own browsers here, so the tests launch Debian's chromium by its path.
if ! command -v chromium >/dev/null 2>&1; then
  if command -v sudo >/dev/null 2>&1 && [[ $(id -u) -ne 0 ]]; then apt_get="sudo apt-get"; else apt_get="apt-get"; fi
  $apt_get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq chromium >/dev/null
fi
if command -v chromium >/dev/null 2>&1; then
  export EVENTTRACKING_CHROMIUM="$(command -v chromium)"
else
  echo "chromium could not be installed; the dashboard's browser tests will fail"
  false
fi
