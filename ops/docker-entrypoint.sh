#!/bin/sh
# Container entrypoint for web and worker: give this container its own
# Prometheus multiprocess directory under the shared volume (pids restart at 1
# in every container, so one flat directory would mix their files), clear what
# a previous run of this container left, then run the command.
set -eu
if [ -n "${PROMETHEUS_METRICS_ROOT:-}" ]; then
    export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_METRICS_ROOT}/$(hostname)"
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    rm -f "$PROMETHEUS_MULTIPROC_DIR"/*.db
fi
exec "$@"
