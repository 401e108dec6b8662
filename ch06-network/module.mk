# Chapter 6: networks. The library (CIDR, IPAM bitmap, names, -p parsing,
# netlink links/addresses/routes, iptables rules, network and endpoint
# records, the network command line), run's --net and -p (netrun.c), and
# the programs: mydocker, the final runtime (chapter 5's with networks),
# and netdemo, which drives the library alone.
# libnl's headers only: lazynl.c loads libnl-route-3 and libnl-3 with
# dlopen(3) on first use (NOTES.md, Performance); linking them (-lnl-route-3
# -lnl-3) would map them at every start again.
ALL_CFLAGS += $(shell pkg-config --cflags libnl-route-3.0)
$(eval $(call chapter,ch06,ch06-network,cidr.c ipam.c names.c ports.c hostport.c netlink.c lazynl.c iptables.c network.c endpoint.c netcli.c netrun.c slirp.c,mydocker netdemo,$(ch05_LIBS),-ljansson -lseccomp))
