#!/usr/bin/env bash
# Builds the server if needed and runs the demo: in-memory state, the simulated PBX in-process,
# simulated agents taking calls, and three agents left for you. Open the printed URLs.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=cti-server/target/cti-server.jar
if [ ! -f "$jar" ] || [ -n "$(find . -path ./bench -prune -o -newer "$jar" \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -print -quit)" ]; then
  mvn -B -ntp -q -DskipTests install
fi
exec java -jar "$jar" demo "$@"
