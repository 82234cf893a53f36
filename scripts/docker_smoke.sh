#!/usr/bin/env bash
# Builds and runs the project image without Docker Hub: a Debian bookworm root file system made with debootstrap
# (python3 3.11, venv, pip, ca-certificates), imported as the base image tfgan-base:bookworm; then the project
# image FROM it (Dockerfile's BASE_IMAGE build argument; pip reaches PyPI through the host network); then the
# main job in a container with a host folder mounted at /app/runs; checks that REPORT.md appears there.
#
#   sudo scripts/docker_smoke.sh                           # paper_runs.toy_claims --seeds 0 (minutes on 2 cores)
#   sudo scripts/docker_smoke.sh paper_runs.moons moons --seeds 0 --out runs/moons   # any other command
#
# Environment: ENGINE=docker|podman (default docker; podman untested), WORK (root file system, logs, default
# /var/tmp/tfgan-docker), HOST_RUNS (folder mounted at /app/runs, default $WORK/runs), MIRROR (Debian mirror,
# default the one apt uses),
# EXTRA_CA_DIR (its *.crt join the base's CAs, default /usr/local/share/ca-certificates),
# BASE_TAG (default tfgan-base:bookworm), IMAGE (default tfgan_repro:bookworm), START_DOCKERD=1 starts dockerd
# (vfs storage driver) when no daemon answers. Steps already done (root file system, base image) are skipped.
# Needs root (debootstrap, the engine). Large artefacts stay under $WORK, outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE=${ENGINE:-docker}
WORK=${WORK:-/var/tmp/tfgan-docker}
HOST_RUNS=${HOST_RUNS:-$WORK/runs}
BASE_TAG=${BASE_TAG:-tfgan-base:bookworm}
IMAGE=${IMAGE:-tfgan_repro:bookworm}
ROOTFS=$WORK/rootfs-bookworm
if [ -z "${MIRROR:-}" ]; then
  MIRROR=$(grep -hoE '(URIs:|^deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* \
             2>/dev/null | grep -oE 'https?://[^ ]+' | head -n1 || true)
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi
mkdir -p "$WORK" "$HOST_RUNS"
stamp() { echo "[$(date -u +%H:%M:%S)] $*"; }

if [ "$ENGINE" = docker ] && ! docker info >/dev/null 2>&1; then
  if [ "${START_DOCKERD:-0}" = 1 ] && command -v dockerd >/dev/null; then
    stamp "starting dockerd (vfs), log $WORK/dockerd.log"
    nohup dockerd --storage-driver vfs --data-root "$WORK/dockerd-root" >"$WORK/dockerd.log" 2>&1 &
    for _ in $(seq 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
  fi
  docker info >/dev/null 2>&1 || { echo "no Docker daemon answers (START_DOCKERD=1 or ENGINE=podman)" >&2; exit 1; }
fi

if ! "$ENGINE" image inspect "$BASE_TAG" >/dev/null 2>&1; then
  if [ ! -e "$ROOTFS/.complete" ]; then
    stamp "debootstrap bookworm -> $ROOTFS (mirror $MIRROR)"
    rm -rf "$ROOTFS"
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
      bookworm "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log"
    rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
    touch "$ROOTFS/.complete"
  fi
  # Certificate authorities added on this host (a TLS-inspecting egress proxy's, say) go into the base, so that
  # pip inside the build trusts what the host trusts (Debian's pip reads /etc/ssl/certs/ca-certificates.crt).
  extra_ca=(${EXTRA_CA_DIR:-/usr/local/share/ca-certificates}/*.crt)
  if [ -e "${extra_ca[0]}" ]; then
    stamp "adding ${#extra_ca[@]} local CA certificate(s) to the base: ${extra_ca[*]}"
    cp "${extra_ca[@]}" "$ROOTFS/usr/local/share/ca-certificates/"
    chroot "$ROOTFS" update-ca-certificates >/dev/null
  fi
  stamp "import $ROOTFS as $BASE_TAG"
  tar --exclude=./.complete -C "$ROOTFS" -c . | "$ENGINE" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$BASE_TAG"
fi

stamp "build $IMAGE FROM $BASE_TAG"
"$ENGINE" build --network host --build-arg BASE_IMAGE="$BASE_TAG" -t "$IMAGE" .
"$ENGINE" image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "image size: %.2f GB\n", $1 / 1e9}'

if [ $# -eq 0 ]; then
  set -- paper_runs.toy_claims --seeds 0 --out runs/toy_claims
  report=$HOST_RUNS/toy_claims/REPORT.md
  rm -f "$report"                  # a report from an earlier run must not pass the check (completed runs are kept)
else
  report=""
fi
stamp "run: $* (host $HOST_RUNS at /app/runs)"
started=$(date +%s)
"$ENGINE" run --rm --network none -v "$HOST_RUNS:/app/runs" "$IMAGE" "$@"
stamp "run took $(( $(date +%s) - started )) s"
if [ -n "$report" ]; then
  test -s "$report" || { echo "FAIL: $report missing" >&2; exit 1; }
  stamp "OK: $report"
  head -n 20 "$report"
fi
