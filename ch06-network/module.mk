# Chapter 6: networks. The library (CIDR, IPAM bitmap, names, -p parsing,
# netlink links/addresses/routes, iptables rules, network and endpoint
# records, the network command line), run's --net and -p (netrun.c), and
# the programs: mydocker, the final runtime (chapter 5's with networks),
# and netdemo, which drives the library alone.
ALL_CFLAGS += $(shell pkg-config --cflags libnl-route-3.0)
$(eval $(call chapter,ch06,ch06-network,cidr.c ipam.c names.c ports.c netlink.c iptables.c network.c endpoint.c netcli.c netrun.c slirp.c,mydocker netdemo,$(ch05_LIBS),-lnl-route-3 -lnl-3 -ljansson -lseccomp))
