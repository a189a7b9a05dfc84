#!/usr/bin/env bash
# Builds the Debian package target/modem-voice_<version>_all.deb from the CLI jar with dpkg-deb
# (no Maven plugin: dpkg-deb is on every Debian and Ubuntu machine, needs nothing downloaded,
# and lintian checks its result like any package).
#
#   scripts/build-deb.sh [--jar FILE] [--version DEBIAN_VERSION] [--out DIR]
#
# --jar      the CLI jar (default target/modem-voice-cli.jar; built with `mvn -B -q -DskipTests
#            package` when it is missing; MVN_ARGS adds arguments to that mvn)
# --version  the package version (default: the jar's own version, `-SNAPSHOT` as
#            `~snapshot<commit time>`, which sorts before the release and after older snapshots)
# --out      where the .deb goes (default target/)
#
# Reproducible: file times, the man page's and the changelog's date come from SOURCE_DATE_EPOCH
# (default: the commit's time), so one commit and one jar give one byte-identical package.
# What goes where: packaging/debian/README.md.
set -euo pipefail

die() { printf 'build-deb: %s\n' "$*" >&2; exit 1; }

# --jar and --out are read from where the script was called, the rest from the repository
jar=""
version=""
out=""
while (($#)); do
  case "$1" in
    --jar) jar="$(realpath -m -- "$2")"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --out) out="$(realpath -m -- "$2")"; shift 2 ;;
    *) die "unknown argument: $1 (see the comment at the top of $0)" ;;
  esac
done
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jar="${jar:-target/modem-voice-cli.jar}"
out="${out:-target}"

for tool in dpkg-deb java gzip md5sum; do
  command -v "$tool" >/dev/null || die "$tool is needed (dpkg, gzip, coreutils and a Java 17 runtime)"
done

if [[ ! -f "$jar" ]]; then
  [[ "$jar" == target/modem-voice-cli.jar ]] || die "$jar does not exist"
  printf 'build-deb: %s is missing, building it\n' "$jar" >&2
  # shellcheck disable=SC2086 # MVN_ARGS are separate words
  mvn -B -q -DskipTests ${MVN_ARGS:-} package
fi

jar_version="$(java -jar "$jar" --version | sed -n 's/^modem-voice //p')"
[[ -n "$jar_version" ]] || die "$jar --version names no version"

if [[ -z "${SOURCE_DATE_EPOCH:-}" ]]; then
  SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || stat -c %Y "$jar")"
fi
export SOURCE_DATE_EPOCH

if [[ -z "$version" ]]; then
  case "$jar_version" in
    *-SNAPSHOT) version="${jar_version%-SNAPSHOT}~snapshot$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d%H%M%S)" ;;
    *) version="$jar_version" ;;
  esac
fi
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || die "not a native Debian version: $version"

maintainer="${DEB_MAINTAINER:-The modem-voice developers <modemvoice@users.noreply.github.com>}"
stage="$(mktemp -d "${TMPDIR:-/tmp}/modem-voice-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/root"
doc="$pkg/usr/share/doc/modem-voice"

install -d -m 0755 "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/share/modem-voice" "$pkg/lib/systemd/system" \
  "$pkg/etc/modem-voice" "$doc/examples" "$pkg/usr/share/man/man1"
install -m 0644 "$jar" "$pkg/usr/share/modem-voice/modem-voice-cli.jar"
install -m 0755 packaging/modem-voice "$pkg/usr/bin/modem-voice"
install -m 0644 packaging/modem-voice.service "$pkg/lib/systemd/system/modem-voice.service"
install -m 0644 packaging/modem-voice.conf "$pkg/etc/modem-voice/modem-voice.conf"
install -m 0644 packaging/hours.json "$doc/examples/hours.json"
install -m 0644 packaging/debian/copyright "$doc/copyright"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$pkg/DEBIAN/"
printf '/etc/modem-voice/modem-voice.conf\n' > "$pkg/DEBIAN/conffiles"

when="$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
{
  printf 'modem-voice (%s) unstable; urgency=medium\n\n' "$version"
  printf '  * modem-voice %s, from commit %s.\n' "$jar_version" "$commit"
  printf '  * Changes: https://github.com/modemvoice/modem-voice/releases\n\n'
  printf ' -- %s  %s\n' "$maintainer" "$when"
} | gzip -9n > "$doc/changelog.gz"

# --- the man page: the commands' own --help, as the jar prints it ---------------------------
help() { java -Dpicocli.usage.width=80 -jar "$jar" "$@" --help; }
roff() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
commands="$(help | sed -n '/^Commands:/,$p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')"
[[ -n "$commands" ]] || die "the jar's --help lists no commands"
{
  printf '.TH MODEM\\-VOICE 1 "%s" "modem\\-voice %s" "User Commands"\n' \
    "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)" "$(printf '%s' "$jar_version" | roff)"
  printf '.SH NAME\nmodem\\-voice \\- an answering machine on an AT\\-command voice modem\n'
  printf '.SH SYNOPSIS\n.B modem\\-voice\n.I COMMAND\n.RI [ OPTIONS ]\n'
  printf '.SH DESCRIPTION\n'
  printf 'Answers calls on a GSM/LTE module (SIMCom, Quectel) or an analog V.253 voice modem and\n'
  printf 'keeps the callers'"'"' messages. Each command below is shown with its own \\fB\\-\\-help\\fR.\n'
  printf '.PP\n.nf\n'; help | roff; printf '.fi\n'
  printf '.SH COMMANDS\n'
  for c in $commands; do
    printf '.SS %s\n.nf\n' "$c"; help "$c" | roff; printf '.fi\n'
  done
  cat <<'EOF'
.SH FILES
.TP
.I /etc/modem\-voice/modem\-voice.conf
the service's configuration: every option of \fBanswer\fR as \fIname = value\fR
.TP
.I /etc/modem\-voice/secrets.env
secrets for the service as environment variables (create it, mode 0600)
.TP
.I /var/lib/modem\-voice/messages
the service's messages (kept when the package is removed or purged)
.TP
.I /lib/systemd/system/modem\-voice.service
the systemd unit: \fBsudo systemctl enable \-\-now modem\-voice\fR
.SH ENVIRONMENT
.TP
.B MODEMVOICE_JAVA_OPTIONS
JVM options for \fB/usr/bin/modem\-voice\fR (the unit sets the service's)
.TP
.B JAVA
the java to run (default: \fBjava\fR on the PATH)
.SH EXIT STATUS
0 on success; the others follow \fBsysexits.h\fR (64 usage, 69 modem unavailable, 73 storage,
75 a message or a notification not kept or delivered, 78 configuration), as the README's
"Exit statuses" lists.
.SH SEE ALSO
\fBsystemctl\fR(1), \fBjournalctl\fR(1); https://github.com/modemvoice/modem\-voice
EOF
} | gzip -9n > "$pkg/usr/share/man/man1/modem-voice.1.gz"

# --- control and md5sums -------------------------------------------------------------------
(cd "$pkg" && find . -type f ! -path './DEBIAN/*' ! -path './etc/*' -printf '%P\n' | LC_ALL=C sort | xargs md5sum) \
  > "$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/md5sums" "$pkg/DEBIAN/conffiles"
installed_kb="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
cat > "$pkg/DEBIAN/control" <<EOF
Package: modem-voice
Version: $version
Architecture: all
Maintainer: $maintainer
Installed-Size: $installed_kb
Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser
Section: comm
Priority: optional
Homepage: https://github.com/modemvoice/modem-voice
Description: answering machine on an AT-command voice modem
 Answers calls on a SIMCom or Quectel GSM/LTE module (PCM audio on its second
 serial port) or an analog V.253 voice modem (USRobotics 5637, Conexant
 CX93001), plays a greeting and keeps the caller's message as WAV and JSON,
 surviving hang-ups, port loss and crashes. Business hours, caller screening,
 transcription, webhook, Slack and e-mail notifications, a web mailbox.
 .
 The package installs the command modem-voice, the systemd unit modem-voice
 (not enabled or started: the configuration needs the modem's ports first),
 its configuration /etc/modem-voice/modem-voice.conf and the system user
 modem-voice in group dialout; messages are kept in /var/lib/modem-voice.
EOF
chmod 0644 "$pkg/DEBIAN/control"

find "$pkg" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$out"
deb="$out/modem-voice_${version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
printf '%s\n' "$deb"
