#!/usr/bin/env bash
# Builds the base image the borg image is layered on, as a docker-archive tarball that Jib
# reads with `tar://` (no registry is reachable from where the cell is built, so no base image
# can be pulled):
#   /opt/java      a Java runtime cut from the building JDK with jlink (the modules the cell uses)
#   /lib*, /usr/lib*   the host's shared libraries that runtime links against (glibc), found with ldd
#   /bin           busybox (static): sh and the common commands, for tasks and operators
#   /etc           passwd and group with the unprivileged user borg (10001), nsswitch.conf, hosts
#   /tmp           1777; /var/lib/borg owned by borg, the replica's data directory
# One layer, root-owned but for /var/lib/borg, every time stamp 1 s after the epoch (as Jib does).
#
# Usage: build-base.sh JAVA_HOME OUT_DIR     writes OUT_DIR/base.tar; does nothing when it is
# newer than this script, the files under rootfs/ and the JDK.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java_home="$1"
out="$2"
tarball="$out/base.tar"

# The modules the cell's code and libraries use: `jdeps --list-deps` over the cli's runtime class
# path, each jar unpacked (jdeps stops at a modular jar whose requirements it is not given, and
# so missed java.security.jgss, which Tomcat's TLS needs). Also jdk.naming.dns, which gRPC's DNS
# resolver loads by name, and jdk.jcmd, so an operator can take a thread dump in a container.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming
modules+=,java.net.http,java.prefs,java.scripting,java.security.jgss,java.sql,java.xml,jdk.httpserver
modules+=,jdk.jcmd,jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported
# java.desktop's native parts that need X11 or ALSA: a headless server never loads them, and
# leaving them out keeps those libraries out of the image.
desktop_only=(libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so)
borg_uid=10001

if [ -f "$tarball" ] && [ -z "$(find "$here/build-base.sh" "$here/rootfs" "$java_home/release" -newer "$tarball" -print -quit)" ]; then
  exit 0
fi
echo "image: building the base image from $java_home and this host's glibc" >&2

work="$out/base"
rootfs="$work/rootfs"
rm -rf "$work" "$tarball"
mkdir -p "$rootfs"

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$rootfs/opt/java"
for lib in "${desktop_only[@]}"; do rm -f "$rootfs/opt/java/lib/$lib"; done

# Every shared library a runtime binary or library needs from outside the runtime, copied to the
# same path (symbolic links resolved: /lib64/ld-linux-x86-64.so.2 is one on Debian). libjvm.so
# is the runtime's own: its libraries find it through the launcher, which ldd cannot see.
mapfile -t natives < <(find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \))
ldd_out="$(ldd "${natives[@]}" 2>/dev/null || true)"  # ldd fails on a file that is not dynamic
if grep 'not found' <<<"$ldd_out" | grep -v 'libjvm.so' >&2; then
  echo "image: the runtime needs a library this host does not have (above)" >&2
  exit 1
fi
mapfile -t libs < <(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' <<<"$ldd_out" \
  | grep -v "^$rootfs" | sort -u)
# glibc loads libgcc_s at run time to unwind a cancelled or exiting thread; ldd does not list
# it. It sits beside libc.
libc="$(printf '%s\n' "${libs[@]}" | grep '/libc\.so\.6$' | head -n1)"
if [ -z "$libc" ]; then
  echo "image: ldd found no libc.so.6 for the runtime" >&2
  exit 1
fi
[ -f "$(dirname "$libc")/libgcc_s.so.1" ] && libs+=("$(dirname "$libc")/libgcc_s.so.1")
for lib in "${libs[@]}"; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done

# A shell and the common commands, from busybox (static, so it needs no more libraries): a task
# of the process runtime runs them, its self-test runs `true`, and an operator gets `sh`.
busybox="$(command -v busybox || true)"
if [ -z "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
  echo "image: needs a static busybox for /bin (Debian: apt-get install busybox-static)" >&2
  exit 1
fi
mkdir -p "$rootfs/bin"
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
  [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
done
cp -r "$here/rootfs/." "$rootfs/"
mkdir -p "$rootfs/tmp" "$rootfs/var/lib/borg"
chmod 1777 "$rootfs/tmp"
chmod 0750 "$rootfs/var/lib/borg"

# The layer: everything root's, then the data directory borg's (tar cannot say both at once).
layer="$work/layer.tar"
tar_opts=(--sort=name --mtime=@1 --numeric-owner --format=posix --pax-option=delete=atime,delete=ctime)
tar "${tar_opts[@]}" --owner=0 --group=0 --exclude=./var/lib/borg -cf "$layer" -C "$rootfs" .
tar "${tar_opts[@]}" --owner="$borg_uid" --group="$borg_uid" -rf "$layer" -C "$rootfs" ./var/lib/borg
diff_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
esac
cat >"$work/config.json" <<EOF
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"image/build-base.sh: jlink runtime, glibc, /etc"}]}
EOF
cat >"$work/manifest.json" <<EOF
[{"Config":"config.json","RepoTags":["borgcell/base:local"],"Layers":["layer.tar"]}]
EOF
tar --mtime=@1 --owner=0 --group=0 --numeric-owner -cf "$tarball" -C "$work" manifest.json config.json layer.tar
rm -rf "$rootfs" "$layer"
echo "image: base image $tarball ($(du -h "$tarball" | cut -f1))" >&2
