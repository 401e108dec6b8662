# Chapter 6: networks. The library (CIDR, IPAM bitmap, names, -p parsing,
# netlink links/addresses/routes, iptables rules, network and endpoint
# records) and netdemo, which drives it until the runtime does.
ALL_CFLAGS += $(shell pkg-config --cflags libnl-route-3.0)
$(eval $(call chapter,ch06,ch06-network,cidr.c ipam.c names.c ports.c netlink.c iptables.c network.c endpoint.c,netdemo,$(COMMON_LIB),-lnl-route-3 -lnl-3 -ljansson))
