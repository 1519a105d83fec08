#!/usr/bin/env bash
# Installs what the tests need that a fresh Debian machine lacks: headless Chromium and its driver
# for the browser tests, a CJK font so Chinese renders in screenshots. Java 17 and Maven are expected.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
fc-list 2>/dev/null | grep -qiE 'wenquanyi|wqy|noto sans cjk' || need+=(fonts-wqy-microhei)
command -v mvn >/dev/null || need+=(maven)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)

if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q "${need[@]}" fontconfig
fi
