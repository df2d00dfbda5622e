#!/usr/bin/env bash
# Install the kiosk as a systemd service on a dedicated Debian 12 lobby machine.
#
#   sudo scripts/install-service.sh [--no-display] [--no-enable]
#
# Run it from a checkout of this repository after the application itself is in
# /opt/kiosk/.venv (docs/deployment.md). It creates the `kiosk` user and its
# device groups, installs kiosk.service with its companions
# (kiosk-display.service: the cage Wayland compositor; kiosk-retry.timer: the
# slow retry after a crash loop), creates /etc/kiosk/kiosk.toml from
# kiosk.example.toml if there is none, then reloads and enables the units.
#
# Idempotent: a second run changes nothing but the unit files, which it brings
# up to date. Site changes belong in drop-ins (`systemctl edit kiosk`), which
# this script never touches.
#
#   --no-display  another compositor provides the screen: skip kiosk-display.service
#   --no-enable   install only; enable nothing (image builds that enable later)
set -euo pipefail

readonly PREFIX=/opt/kiosk
readonly KIOSK_USER=kiosk
readonly DEVICE_GROUPS=(video lp dialout plugdev)
readonly UNIT_DIR=/etc/systemd/system
readonly CONFIG_DIR=/etc/kiosk
readonly STATE_DIR=/var/lib/kiosk
readonly MODULES_FILE=/etc/modules-load.d/kiosk.conf
SRC_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
readonly SRC_DIR
readonly CONFIG_EXAMPLE=${KIOSK_CONFIG_EXAMPLE:-$SRC_DIR/kiosk.example.toml}

say() { printf 'install-service: %s\n' "$*"; }
warn() { printf 'install-service: WARNING: %s\n' "$*" >&2; }
die() {
    printf 'install-service: %s\n' "$*" >&2
    exit 1
}

# write_unit NAME: install the unit text read from stdin as $UNIT_DIR/NAME.
# tests/test_systemd.py extracts these here-documents and runs
# `systemd-analyze verify` on them, so keep the `<<'UNIT'` form.
write_unit() {
    local dest="$UNIT_DIR/$1" tmp
    tmp=$(mktemp "$dest.XXXXXX")
    cat >"$tmp"
    chmod 0644 "$tmp"
    mv -f -- "$tmp" "$dest"
    say "installed $dest"
}

with_display=yes
enable=yes
for arg in "$@"; do
    case "$arg" in
        --no-display) with_display=no ;;
        --no-enable) enable=no ;;
        -h | --help)
            sed -n '2,18s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
            exit 0
            ;;
        *) die "unknown option '$arg' (try --help)" ;;
    esac
done

if [[ $EUID -ne 0 ]]; then
    die "must run as root: it creates the kiosk user and writes to /etc. Try: sudo $0${*:+ $*}"
fi
[[ -f $SRC_DIR/kiosk.service ]] || die "kiosk.service not found in $SRC_DIR: run this from a checkout"

# --- the kiosk user and the groups that own its devices ---------------------
for group in "${DEVICE_GROUPS[@]}"; do
    if ! getent group "$group" >/dev/null; then
        groupadd --system "$group"
        say "created group $group"
    fi
done
device_groups=$(
    IFS=,
    echo "${DEVICE_GROUPS[*]}"
)
if id -u "$KIOSK_USER" >/dev/null 2>&1; then
    usermod --append --groups "$device_groups" "$KIOSK_USER"
else
    # A system user with no login shell; its home is the state directory so
    # that nothing it writes lands outside the sandbox's writable paths.
    useradd --system --user-group --groups "$device_groups" \
        --home-dir "$STATE_DIR" --no-create-home --shell /usr/sbin/nologin \
        --comment "Dossier reception kiosk" "$KIOSK_USER"
    say "created user $KIOSK_USER"
fi
install -d -m 0700 -o "$KIOSK_USER" -g "$KIOSK_USER" "$STATE_DIR"

# --- configuration: never overwrite a provisioned file ----------------------
install -d -m 0755 "$CONFIG_DIR"
if [[ -e $CONFIG_DIR/kiosk.toml ]]; then
    say "kept existing $CONFIG_DIR/kiosk.toml"
elif [[ -f $CONFIG_EXAMPLE ]]; then
    # Readable by the service, writable by root only: the kiosk cannot
    # rewrite its own configuration.
    install -m 0640 -o root -g "$KIOSK_USER" "$CONFIG_EXAMPLE" "$CONFIG_DIR/kiosk.toml"
    say "created $CONFIG_DIR/kiosk.toml from $CONFIG_EXAMPLE: edit it for this kiosk"
else
    warn "no $CONFIG_DIR/kiosk.toml and no example at $CONFIG_EXAMPLE (set KIOSK_CONFIG_EXAMPLE)"
fi

# --- drivers whose device classes kiosk.service allows ----------------------
# DeviceAllow=char-video4linux etc. is resolved from /proc/devices when the
# service starts: a driver loaded later would stay blocked until a restart.
cat >"$MODULES_FILE" <<'EOF'
# Loaded at boot so that kiosk.service's DeviceAllow= classes exist when it starts.
videodev
usbserial
cdc_acm
EOF
say "installed $MODULES_FILE"
modprobe -a videodev usbserial cdc_acm 2>/dev/null || warn "could not load the drivers now; they load at next boot"

# --- units -------------------------------------------------------------------
install -m 0644 "$SRC_DIR/kiosk.service" "$UNIT_DIR/kiosk.service"
say "installed $UNIT_DIR/kiosk.service"

write_unit kiosk-retry.timer <<'UNIT'
# Started by kiosk.service's OnFailure= once its start limit is hit (a crash
# loop): waits, then starts the kiosk again. A kiosk stopped on purpose is
# "inactive", not "failed", so it is left alone.
[Unit]
Description=Retry the dossier reception kiosk after a crash loop
Documentation=file:/opt/kiosk/docs/deployment.md

[Timer]
OnActiveSec=5min
Unit=kiosk.service
# Stop once elapsed, so that the next failure can start this timer again.
RemainAfterElapse=no
UNIT

if [[ $with_display == yes ]]; then
    write_unit kiosk-display.service <<'UNIT'
# The kiosk's screen: the cage Wayland compositor on tty1, in a logind session
# of the kiosk user. kiosk.service is a separate Wayland client, so the kiosk
# can restart without the compositor (and the screen) going away.
[Unit]
Description=Kiosk display: cage Wayland compositor on tty1
Documentation=file:/opt/kiosk/docs/deployment.md
# logind hands the session the GPU and the touchscreen; user sessions are
# allowed once systemd-user-sessions has run.
Wants=systemd-logind.service
After=systemd-logind.service systemd-user-sessions.service plymouth-quit-wait.service
# The compositor takes tty1 instead of a login prompt.
Conflicts=getty@tty1.service
After=getty@tty1.service

[Service]
User=kiosk
# A PAM session through pam_systemd: a logind session on seat0, so cage gets
# DRM and input devices without root.
PAMName=login
TTYPath=/dev/tty1
TTYReset=yes
TTYVHangup=yes
TTYVTDisallocate=yes
StandardInput=tty-fail
StandardOutput=journal
StandardError=journal
UtmpIdentifier=tty1
UtmpMode=user
# A runtime directory that does not depend on the kiosk user's UID, shared
# with kiosk.service (XDG_RUNTIME_DIR there). The env in ExecStart= overrides
# the /run/user/UID that pam_systemd sets.
RuntimeDirectory=kiosk-wayland
RuntimeDirectoryMode=0700
# Start even before the touchscreen is plugged in; it is hot-plugged later.
Environment=WLR_LIBINPUT_NO_DEVICES=1
# Registers the logind session as graphical (pam_systemd reads it).
Environment=XDG_SESSION_TYPE=wayland
# -d: no client-side decorations. No -s: citizens cannot switch VTs. cage
# needs a first client to run; `sleep infinity` is it, and the kiosk connects
# to the socket as a second client.
ExecStart=/usr/bin/env XDG_RUNTIME_DIR=/run/kiosk-wayland /usr/bin/cage -d -- /usr/bin/sleep infinity
# Active only once the socket exists, so the kiosk (After=) connects at once.
# '+': runs as root outside the PAM session, stdin /dev/null.
ExecStartPost=+/usr/bin/timeout 20 /bin/sh -c 'until [ -S /run/kiosk-wayland/wayland-0 ]; do sleep 0.1; done'
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
    for tool in cage Xwayland; do
        command -v "$tool" >/dev/null || warn "$tool is missing: apt-get install cage xwayland"
    done
fi

# --- documentation where the units' Documentation= points --------------------
install -D -m 0644 "$SRC_DIR/docs/deployment.md" "$PREFIX/docs/deployment.md"

if [[ ! -x $PREFIX/.venv/bin/kiosk ]]; then
    warn "$PREFIX/.venv/bin/kiosk is missing: install the application first (docs/deployment.md)"
fi

# --- register with systemd ----------------------------------------------------
units=()
[[ $with_display == yes ]] && units+=(kiosk-display.service)
units+=(kiosk.service)
if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
else
    # An image build or chroot: enabling still works on the files.
    say "systemd is not running: skipped daemon-reload"
fi
if [[ $enable == yes ]]; then
    systemctl enable "${units[@]}"
    say "enabled ${units[*]}; start now with: systemctl start ${units[*]} (or reboot)"
else
    say "not enabled (--no-enable): systemctl enable ${units[*]}"
fi
