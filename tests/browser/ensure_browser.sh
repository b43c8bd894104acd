#!/bin/sh
# Install what the browser tests need on a Debian machine: the system Chromium
# (Playwright drives /usr/bin/chromium; it never downloads a browser) and CJK
# fonts, so that Chinese pages render, print and photograph as readers see them.
# Idempotent and quiet: does nothing when both are present. When it cannot
# install (not root, no apt-get, apt fails) it only warns: the browser tests
# then fail with a clear message, unless SUNSHINE_SKIP_BROWSER=1 is set.
set -u

if [ "${SUNSHINE_SKIP_BROWSER:-}" = "1" ]; then
  echo "SUNSHINE_SKIP_BROWSER=1: 不安装浏览器，跳过浏览器测试 (browser tests skipped)"
  exit 0
fi

have_fonts() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]
}

if [ -x /usr/bin/chromium ] && have_fonts; then
  exit 0
fi

warn() {
  echo "警告：无法安装浏览器测试所需的 chromium 和 fonts-noto-cjk（$1），浏览器测试将失败。" >&2
  echo "Warning: cannot install chromium and fonts-noto-cjk for the browser tests ($1); they will fail." >&2
  echo "请以 root 在 Debian 上运行，或手动安装；设置 SUNSHINE_SKIP_BROWSER=1 可明确跳过。" >&2
  exit 0
}

[ "$(id -u)" = "0" ] || warn "not root"
command -v apt-get >/dev/null 2>&1 || warn "no apt-get"

echo "安装浏览器测试所需的 chromium 和 fonts-noto-cjk (apt-get) ..."
log=$(mktemp)
if DEBIAN_FRONTEND=noninteractive apt-get -qq update >"$log" 2>&1 \
   && DEBIAN_FRONTEND=noninteractive apt-get -qq install -y chromium fonts-noto-cjk >>"$log" 2>&1; then
  rm -f "$log"
else
  tail -n 20 "$log" >&2
  rm -f "$log"
  warn "apt-get failed"
fi
