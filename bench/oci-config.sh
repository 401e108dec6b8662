#!/bin/sh
# Prints the OCI config.json make bench gives crun and runc: the work that
# `mydocker run --rm -m 100m busybox /bin/true` does, said in the runtime
# spec: rootfs beside it, /bin/true, the pid, network, ipc, uts and mount
# namespaces, proc, a /dev tmpfs with devpts and shm, sysfs read-only, a
# hostname, 100 MiB of memory and no swap beyond it, in cgroup /NAME.
# Capabilities and rlimits are `runc spec`'s defaults; no masked paths
# (mydocker has none yet). Usage: bench/oci-config.sh NAME > config.json
set -eu
name=${1:?usage: bench/oci-config.sh NAME}
caps='"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"'
cat <<JSON
{
  "ociVersion": "1.0.2",
  "process": {
    "terminal": false,
    "user": { "uid": 0, "gid": 0 },
    "args": [ "/bin/true" ],
    "env": [ "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root" ],
    "cwd": "/",
    "capabilities": { "bounding": [ $caps ], "effective": [ $caps ], "permitted": [ $caps ], "ambient": [ $caps ] },
    "rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 } ],
    "noNewPrivileges": true
  },
  "root": { "path": "rootfs", "readonly": false },
  "hostname": "$name",
  "mounts": [
    { "destination": "/proc", "type": "proc", "source": "proc", "options": [ "nosuid", "noexec", "nodev" ] },
    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
    { "destination": "/dev/pts", "type": "devpts", "source": "devpts",
      "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620" ] },
    { "destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": [ "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" ] },
    { "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": [ "nosuid", "noexec", "nodev", "ro" ] }
  ],
  "linux": {
    "resources": { "memory": { "limit": 104857600, "swap": 104857600 } },
    "cgroupsPath": "/$name",
    "namespaces": [ { "type": "pid" }, { "type": "network" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" } ]
  }
}
JSON
