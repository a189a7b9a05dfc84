#!/usr/bin/env bash
# Checks the Debian package on this machine, end to end: builds it (scripts/build-deb.sh),
# runs lintian, installs it with dpkg -i (apt-get install -f for the Java runtime), runs the
# installed command, the demo in a temporary directory and as the service user into the state
# directory, systemd-analyze verify on the installed unit, upgrades it over itself with an edited
# configuration, removes it (configuration and messages kept) and purges it (configuration
# gone, messages kept). Any failure stops it with "FAILED: ..." and exit status 1.
#
#   scripts/check-deb.sh [--deb FILE]     (CI: .ci/run calls it after mvn -B verify)
#
# It installs and removes a system package, so it needs root (or sudo -n), and it refuses to
# run where modem-voice is installed or its directories exist: it would mistake them for its
# own. It leaves the machine as it found it (the state directory and the user it made go too).
# Needs: dpkg-deb, lintian, java; systemd-analyze when present.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[check-deb] %s\n' "$*" >&2; }
fail() { printf '[check-deb] FAILED: %s\n' "$*" >&2; exit 1; }
trap 'fail "line $LINENO: $BASH_COMMAND exited $?"' ERR
started=$SECONDS

deb=""
while (($#)); do
  case "$1" in
    --deb) deb="$2"; shift 2 ;;
    *) fail "unknown argument: $1" ;;
  esac
done

if [[ $EUID -eq 0 ]]; then SUDO=(); else SUDO=(sudo -n); fi
as_root() { "${SUDO[@]}" "$@" </dev/null; }
export DEBIAN_FRONTEND=noninteractive

UNIT=/lib/systemd/system/modem-voice.service
CONF=/etc/modem-voice/modem-voice.conf
STATE=/var/lib/modem-voice
if dpkg -s modem-voice >/dev/null 2>&1; then
  fail "modem-voice is installed here (dpkg -s modem-voice): this check installs and purges it; run it elsewhere"
fi
for d in /etc/modem-voice "$STATE"; do
  [[ ! -e "$d" ]] || fail "$d exists: this check would remove it; run it on a machine without modem-voice"
done
user_existed=no
getent passwd modem-voice >/dev/null && user_existed=yes

work="$(mktemp -d "${TMPDIR:-/tmp}/modem-voice-check.XXXXXX")"
cleanup() {
  # a check that stopped half-way purges what it installed, so the next run starts clean
  if dpkg -s modem-voice >/dev/null 2>&1 && [[ "$(dpkg-query -W -f '${Status}' modem-voice)" != *not-installed* ]]; then
    log "purging the package left by the failed check"
    as_root dpkg -P modem-voice >/dev/null 2>&1 || true
  fi
  as_root rm -rf "$STATE" || true
  if [[ $user_existed == no ]] && getent passwd modem-voice >/dev/null; then
    as_root deluser --quiet --system modem-voice >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- build and lint --------------------------------------------------------------------------
if [[ -z "$deb" ]]; then
  deb="$(scripts/build-deb.sh --out "$work/v1")"
fi
[[ -f "$deb" ]] || fail "no package at $deb"
version="$(dpkg-deb -f "$deb" Version)"
log "package $(basename "$deb"): $(du -k "$deb" | cut -f1) KiB, installs $(dpkg-deb -f "$deb" Installed-Size) KiB"

command -v lintian >/dev/null || fail "lintian is not installed (apt-get install lintian)"
lintian_out="$(lintian --fail-on error,warning --suppress-tags-from-file packaging/debian/lintian-accepted \
  --display-info --pedantic "$deb" 2>&1 | grep -v '^running with root privileges' || true)"
printf '%s\n' "$lintian_out" | sed 's/^/[check-deb] lintian: /' >&2
if printf '%s\n' "$lintian_out" | grep -q '^[EW]: '; then
  fail "lintian reports errors or warnings (accepted ones belong in packaging/debian/lintian-accepted, with a reason)"
fi
log "ok: lintian reports no error and no warning"

# --- install ---------------------------------------------------------------------------------
install_out="$work/install.log"
if ! as_root dpkg -i "$deb" >"$install_out" 2>&1; then
  log "dpkg -i left dependencies open; apt-get install -f"
  as_root apt-get install -f -y -qq --no-install-recommends >>"$install_out" 2>&1 \
    || { cat "$install_out" >&2; fail "apt-get install -f could not install the dependencies"; }
fi
[[ "$(dpkg-query -W -f '${Status}' modem-voice)" == "install ok installed" ]] \
  || { cat "$install_out" >&2; fail "modem-voice is not installed after dpkg -i"; }
grep -q 'not started: put the modem.s ports in /etc/modem-voice/modem-voice.conf (modem-voice probe finds them), then: sudo systemctl enable --now modem-voice' \
  "$install_out" || { cat "$install_out" >&2; fail "the install did not say how to start the service"; }
log "ok: installed $version; it said: $(grep 'not started' "$install_out")"

for f in /usr/bin/modem-voice /usr/share/modem-voice/modem-voice-cli.jar "$UNIT" "$CONF" \
         /usr/share/man/man1/modem-voice.1.gz /usr/share/doc/modem-voice/copyright; do
  [[ -f "$f" ]] || fail "$f is not installed"
done
[[ "$(dpkg-query -W -f '${Conffiles}' modem-voice)" == *"$CONF"* ]] || fail "$CONF is not a conffile"
id -nG modem-voice | tr ' ' '\n' | grep -qx dialout || fail "the user modem-voice is not in group dialout"
[[ "$(stat -c '%U:%G %a' "$STATE" "$STATE/messages" | sort -u)" == "modem-voice:modem-voice 700" ]] \
  || fail "$STATE: $(stat -c '%n %U:%G %a' "$STATE" "$STATE/messages" | tr '\n' ' ') (want modem-voice:modem-voice 700)"
log "ok: files, conffile, user in dialout, $STATE 0700"

jar_version="$(java -jar /usr/share/modem-voice/modem-voice-cli.jar --version | sed -n 's/^modem-voice //p')"
[[ -n "$jar_version" && "$(modem-voice --version)" == "modem-voice $jar_version" ]] || fail "modem-voice --version said: $(modem-voice --version)"
# the service's JVM options, as the installed unit gives them to the launcher
jvm="$(sed -n '/^Environment="MODEMVOICE_JAVA_OPTIONS=/,/"$/p' "$UNIT" | tr -d '\\\n' | sed 's/.*MODEMVOICE_JAVA_OPTIONS=//; s/"$//')"
[[ -n "$jvm" ]] || fail "$UNIT sets no MODEMVOICE_JAVA_OPTIONS"
[[ "$(MODEMVOICE_JAVA_OPTIONS="$jvm" modem-voice --version)" == "modem-voice $jar_version" ]] \
  || fail "the launcher with the unit's JVM options did not run"
log "ok: modem-voice --version: modem-voice $jar_version (also with the unit's JVM options)"

# --- probe: no modem here, so it says where it looked and exits 69 ---------------------------
mkdir -p "$work/no-dev"
probe_out="$(modem-voice probe --dev-dir "$work/no-dev" 2>&1)" && probe_status=0 || probe_status=$?
[[ $probe_status -eq 69 && "$probe_out" == "No serial ports under $work/no-dev"* ]] \
  || fail "modem-voice probe without modems exited $probe_status: $probe_out"
log "ok: modem-voice probe runs (no modem here: exit 69)"

# --- the demo: in a temporary directory, and as the service user into the state directory ----
demo_dir="$work/demo"
mkdir -p "$demo_dir"
(cd "$demo_dir" && modem-voice demo) >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; fail "modem-voice demo failed"; }
compgen -G "$demo_dir/voicemail/*.wav" >/dev/null || { cat "$work/demo.log" >&2; fail "the demo stored no message in $demo_dir/voicemail"; }
log "ok: modem-voice demo stored $(basename "$(ls "$demo_dir"/voicemail/*.wav)")"
(cd / && as_root runuser -u modem-voice -- modem-voice demo --dir "$STATE/messages") >"$work/demo-service.log" 2>&1 \
  || { cat "$work/demo-service.log" >&2; fail "the demo as user modem-voice into $STATE/messages failed"; }
kept="$(as_root find "$STATE/messages" -name '*.wav' -printf '%f\n')"
[[ -n "$kept" ]] || fail "the demo as user modem-voice stored nothing in $STATE/messages"
log "ok: as user modem-voice the demo stored $kept in $STATE/messages"

# --- the unit --------------------------------------------------------------------------------
if command -v systemd-analyze >/dev/null; then
  verify="$(systemd-analyze verify "$UNIT" 2>&1 || true)"
  [[ -z "$verify" ]] || fail "systemd-analyze verify $UNIT said: $verify"
  log "ok: systemd-analyze verify $UNIT"
else
  log "systemd-analyze is not installed: the unit is not verified here"
fi
if [[ -d /run/systemd/system ]]; then
  systemctl cat modem-voice.service | grep -q '^ExecStart=/usr/bin/modem-voice answer' || fail "systemctl cat modem-voice"
  [[ "$(systemctl is-enabled modem-voice.service || true)" == disabled ]] || fail "the install enabled the service"
  [[ "$(systemctl is-active modem-voice.service || true)" == inactive ]] || fail "the install started the service"
  log "ok: systemctl cat shows the unit; it is neither enabled nor started"
else
  log "systemd is not running here (a container): not asked whether the unit is enabled or running"
fi

# --- an upgrade keeps the edited configuration -----------------------------------------------
as_root sh -c "printf '# edited by check-deb\n' >> $CONF"
next="$(scripts/build-deb.sh --jar /usr/share/modem-voice/modem-voice-cli.jar --version "$version+check" --out "$work/v2")"
as_root dpkg -i "$next" >"$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log" >&2; fail "the upgrade to $version+check failed"; }
[[ "$(dpkg-query -W -f '${Version}' modem-voice)" == "$version+check" ]] || fail "the upgrade did not install $version+check"
grep -q '^# edited by check-deb$' "$CONF" || fail "the upgrade lost the edit of $CONF"
! grep -q 'not started' "$work/upgrade.log" || fail "the upgrade printed the first install's message"
log "ok: upgraded to $version+check; the edit of $CONF is kept"

# --- remove: configuration and messages stay -------------------------------------------------
as_root dpkg -r modem-voice >"$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "dpkg -r failed"; }
[[ "$(dpkg-query -W -f '${Status}' modem-voice)" == "deinstall ok config-files" ]] || fail "after dpkg -r: $(dpkg-query -W -f '${Status}' modem-voice)"
for f in /usr/bin/modem-voice /usr/share/modem-voice/modem-voice-cli.jar "$UNIT"; do
  [[ ! -e "$f" ]] || fail "dpkg -r left $f"
done
grep -q '^# edited by check-deb$' "$CONF" || fail "dpkg -r removed or replaced $CONF"
[[ "$(as_root find "$STATE/messages" -name '*.wav' -printf '%f\n')" == "$kept" ]] || fail "dpkg -r touched the messages"
log "ok: dpkg -r removed the program, kept $CONF (edited) and the message $kept"

# --- purge: configuration gone, messages stay ------------------------------------------------
as_root dpkg -P modem-voice >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg -P failed"; }
! dpkg -s modem-voice >/dev/null 2>&1 || [[ "$(dpkg-query -W -f '${Status}' modem-voice)" == *not-installed* ]] \
  || fail "after dpkg -P: $(dpkg-query -W -f '${Status}' modem-voice)"
[[ ! -e "$CONF" ]] || fail "dpkg -P left $CONF"
[[ ! -e /etc/modem-voice ]] || fail "dpkg -P left /etc/modem-voice: $(ls -A /etc/modem-voice)"
[[ "$(as_root find "$STATE/messages" -name '*.wav' -printf '%f\n')" == "$kept" ]] || fail "dpkg -P removed the messages"
log "ok: dpkg -P removed $CONF and /etc/modem-voice, kept the message $kept"

log "passed in $((SECONDS - started)) s"
