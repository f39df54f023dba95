#!/usr/bin/env bash
# The self-contained tinyp2p (issue 20), run by `mvn package` right after the shaded jar:
#   TARGET/tinyp2p/                         an app image in jpackage's layout: launcher bin/tinyp2p (launcher.sh),
#                                           lib/app/tinyp2p.jar, its own jlink'd runtime in lib/runtime/
#   TARGET/tinyp2p/lib/app/tinyp2p.aot      an ahead-of-time cache (JEP 483/514) from a training run
#   TARGET/tinyp2p-VERSION-linux-ARCH.tar.gz the image, for friends to unpack
#   TARGET/tinyp2p_VERSION_ARCH.deb         where dpkg-deb is present
# It needs a JDK 25 (jlink, the AOT cache); without one it says so in one line and the build goes on
# with the jar alone. Where it looks, first match wins:
#   $JDK25_HOME; every <jdkHome> of $JDK25_TOOLCHAINS (default ~/.m2/toolchains.xml); $JAVA_HOME;
#   every folder in $JDK25_SEARCH (default "/usr/lib/jvm /opt/java /usr/java").
# A folder counts when its `release` file says JAVA_VERSION="25..." and it has bin/jlink.
#
# usage: image.sh TARGET_DIR PROJECT_VERSION
set -euo pipefail

target=$(cd "$1" && pwd)
version=$2
jar=$target/tinyp2p.jar
name=tinyp2p
# What the jar needs, from `jdeps --print-module-deps` of our own classes (java.base, java.xml,
# jdk.httpserver) plus java.logging, which commons-logging inside xmlrpc falls back to. jdeps of the whole
# shaded jar also names java.naming and java.sql: only BouncyCastle's LDAP certificate stores and DANE fetcher
# use them, which tinyp2p never loads. Since JDK 22 the EC and XDH code TLS 1.3 uses lives in java.base.
modules=java.base,java.logging,java.xml,jdk.httpserver
# as in launcher.sh
java_options=(-Xlog:aot*=off -Xlog:cds*=off -Xmx512m)

say() { echo "[image] $*"; }

release_version() { # the JAVA_VERSION of a JDK folder, or nothing
    sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$1/release" 2>/dev/null || true
}

is_jdk25() {
    [[ -n "$1" && -x "$1/bin/jlink" ]] || return 1
    local v
    v=$(release_version "$1")
    [[ "$v" == 25 || "$v" == 25.* ]]
}

find_jdk25() {
    local candidates=() home
    [[ -n "${JDK25_HOME:-}" ]] && candidates+=("$JDK25_HOME")
    local toolchains=${JDK25_TOOLCHAINS-$HOME/.m2/toolchains.xml}
    if [[ -f "$toolchains" ]]; then
        while IFS= read -r home; do candidates+=("$home"); done < <(
            sed -n 's:.*<jdkHome>[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*</jdkHome>.*:\1:p' "$toolchains")
    fi
    [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
    local dir
    for dir in ${JDK25_SEARCH-/usr/lib/jvm /opt/java /usr/java}; do
        [[ -d "$dir" ]] || continue
        # newest 25 first when a folder holds several
        while IFS= read -r home; do candidates+=("$home"); done < <(
            for home in "$dir"/*/; do echo "$(release_version "$home") ${home%/}"; done | sort -rV | cut -d' ' -f2-)
    done
    for home in "${candidates[@]}"; do
        if is_jdk25 "$home"; then
            echo "$home"
            return
        fi
    done
}

jdk=$(find_jdk25)
if [[ -z "$jdk" ]]; then
    # an image left from an earlier build would no longer match the jar
    rm -rf "$target/$name" "$target/image-work" "$target/$name"-*.tar.gz "$target/$name"_*.deb
    say "skipped: no JDK 25 found (looked at \$JDK25_HOME, ${JDK25_TOOLCHAINS-~/.m2/toolchains.xml}, \$JAVA_HOME and in ${JDK25_SEARCH-/usr/lib/jvm /opt/java /usr/java}); set JDK25_HOME to build target/$name/"
    exit 0
fi

app=$target/$name
work=$target/image-work
case "$(uname -m)" in
    x86_64) arch=x64 deb_arch=amd64 ;;
    aarch64) arch=aarch64 deb_arch=arm64 ;;
    *) arch=$(uname -m) deb_arch=$arch ;;
esac
tarball=$target/$name-$version-linux-$arch.tar.gz

# Nothing to do when the jar's entries, these scripts and the JDK are those of the last image. Entries, not the
# jar's bytes: the shade plugin writes the same entries in a varying order.
jar_entries() {
    if command -v unzip > /dev/null; then unzip -v "$jar" | grep -E '^ *[0-9]+ +(Stored|Defl)' | sort; else sha256sum "$jar"; fi
}
stamp=$( (jar_entries; cat "$0" "$(dirname "$0")/launcher.sh" | sha256sum; echo "$jdk $(release_version "$jdk")") | sha256sum | cut -d' ' -f1)
if [[ -f "$work/stamp" && "$(cat "$work/stamp")" == "$stamp" && -x "$app/bin/$name" && -f "$tarball" ]]; then
    say "up to date: $app (JDK $(release_version "$jdk") at $jdk)"
    exit 0
fi

started=$SECONDS
say "building $app with JDK $(release_version "$jdk") at $jdk"
rm -rf "$work" "$app" "$tarball" "$target"/${name}_*.deb
mkdir -p "$work"

"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$work/runtime" > "$work/jlink.log" 2>&1 || { cat "$work/jlink.log"; exit 1; }

# jpackage's app-image layout (bin/, lib/app/, lib/runtime/), but our own launcher: see launcher.sh.
mkdir -p "$app/bin" "$app/lib/app"
mv "$work/runtime" "$app/lib/runtime"
cp -p "$jar" "$app/lib/app/"
install -m 755 "$(dirname "$0")/launcher.sh" "$app/bin/$name"

# Training: a real server and a real client on loopback, the client recording what it loads and links. The
# client is what a user starts again and again; the server shares most of its classes (TLS, the password
# exchange, XML-RPC, picocli). The classpath is the launcher's (lib/app/tinyp2p.jar), which the cache checks.
java=$app/lib/runtime/bin/java
classpath=$app/lib/app/tinyp2p.jar
mkdir -p "$work/train/share/sub" "$work/train/fetch"
head -c 4096 /dev/urandom > "$work/train/share/one.bin"
head -c 300000 /dev/urandom > "$work/train/share/sub/two.bin"
server=
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; wait 2>/dev/null || true' EXIT
for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    "$java" "${java_options[@]}" -cp "$classpath" org.tinyp2p.cli.Main --dir "$work/train/share" \
        training server 127.0.0.1 "$port" > "$work/train/server.log" 2>&1 &
    server=$!
    for _ in $(seq 300); do
        grep -q "Started a new network" "$work/train/server.log" && break
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    grep -q "Started a new network" "$work/train/server.log" && break
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
    grep -q "in use" "$work/train/server.log" || { cat "$work/train/server.log"; exit 1; }
done
[[ -n "$server" ]] || { say "no free port for the training server"; exit 1; }
"$java" "${java_options[@]}" "-XX:AOTCacheOutput=$app/lib/app/$name.aot" -cp "$classpath" org.tinyp2p.cli.Main \
    --dir "$work/train/fetch" training client "http://127.0.0.1:$port" '' > "$work/train/client.log" 2>&1 \
    || { cat "$work/train/client.log" "$work/train/server.log"; exit 1; }
kill "$server"
wait "$server" 2>/dev/null || true
server=
cmp -s "$work/train/share/sub/two.bin" "$work/train/fetch/sub/two.bin" \
    || { say "training client did not fetch its files"; cat "$work/train/client.log"; exit 1; }

# The launcher must map the cache: with AOTMode=on a JVM that cannot use it refuses to start.
if ! JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$app/bin/$name" --version > "$work/check.log" 2>&1; then
    say "the launcher does not use its AOT cache:"
    cat "$work/check.log"
    exit 1
fi

# Time stamps are kept: the cache remembers the jar's, and a jar with another one makes the cache unused.
tar -C "$target" --sort=name --owner=0 --group=0 --numeric-owner -czf "$tarball" "$name"

# The .deb is made with dpkg-deb itself rather than jpackage --type deb, which copies the files with new time
# stamps (so its cache would never be used), wants its own launcher and puts nothing on PATH; this one
# installs the image as /opt/tinyp2p and links /usr/bin/tinyp2p to its launcher.
if command -v dpkg-deb > /dev/null; then
    deb_version=${version//-/\~} # 1.0.0~SNAPSHOT sorts before 1.0.0
    root=$work/deb
    mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin"
    cp -a "$app" "$root/opt/$name"
    ln -s "/opt/$name/bin/$name" "$root/usr/bin/$name"
    cat > "$root/DEBIAN/control" <<CONTROL
Package: $name
Version: $deb_version
Architecture: $deb_arch
Maintainer: tinyp2p <tinyp2p@localhost>
Installed-Size: $(du -sk "$root/opt" | cut -f1)
Depends: libc6
Section: net
Priority: optional
Description: share a folder with friends who know a password
 A Java clone of Ed Felten's TinyP2P over TLS 1.3, with its own Java runtime.
CONTROL
    deb=$target/${name}_${deb_version}_$deb_arch.deb
    dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" > "$work/deb.log" 2>&1 || { cat "$work/deb.log"; exit 1; }
    rm -rf "$root"
else
    deb="no .deb: dpkg-deb is missing"
fi

echo "$stamp" > "$work/stamp"
say "built $app ($(du -sh "$app" | cut -f1)), $(basename "$tarball") ($(du -h "$tarball" | cut -f1)), ${deb##*/} in $((SECONDS - started)) s"
