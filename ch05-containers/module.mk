# libsystemd's sd-bus is loaded on first use (lazysystemd.c): linked, it
# would be mapped at every start, with libgcrypt, liblzma, libzstd, liblz4.
# Chapter 5: mydocker: records, detached containers, ps, logs, exec, stop,
# rm, commit, images. One file per subcommand.
$(eval $(call chapter,ch05,ch05-containers,record.c reaper.c relay.c run.c ps.c logs.c exec.c stop.c commit.c freeze.c cli.c rootless.c recovery.c devices.c devicefilter.c security.c seccomp.c masks.c systemd.c lazysystemd.c,mydocker,$(ch04_LIBS),-ljansson -lseccomp))
