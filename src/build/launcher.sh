#!/bin/sh
# tinyp2p's launcher in the self-contained image (src/build/image.sh puts it at bin/tinyp2p): the image's own
# Java runtime, its ahead-of-time cache, the jar. A shell script rather than jpackage's native launcher, which
# asks rpm and dpkg on every start which package owns it (a quarter of a second and more, measured here).
# The cache is quiet: one that does not match (files copied without their time stamps, another GC) costs only
# start-up speed, and the JVM would otherwise print its complaint on stdout. The heap is capped: by default
# the JVM takes a quarter of the machine's memory and grows into it with garbage (a run of 100,000 small files
# reached 1.9 GB of RSS on a 24 GB machine with 110 MB live); 512 MiB holds what a client or server keeps.
self=$(readlink -f "$0") || exit 1
app=${self%/bin/*}
exec "$app/lib/runtime/bin/java" "-XX:AOTCache=$app/lib/app/tinyp2p.aot" '-Xlog:aot*=off' '-Xlog:cds*=off' -Xmx512m \
    "-Djpackage.app-path=$self" -cp "$app/lib/app/tinyp2p.jar" org.tinyp2p.cli.Main "$@"
