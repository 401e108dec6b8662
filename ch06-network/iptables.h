/* NAT and port mapping through the iptables command, run with an argv
 * (posix_spawn(3), no shell), as the book and docker do: the rules stay
 * readable with `iptables-save`. Every rule carries a comment
 * "mydocker:<network>" or "mydocker:<network>/<container>" (iptables-
 * extensions(8), comment match), by which it is found and removed.
 * iptables(8), iptables-extensions(8): MASQUERADE, DNAT, addrtype. */
#ifndef MYDOCKER_IPTABLES_H
#define MYDOCKER_IPTABLES_H

#include <stdbool.h>

#define IPTABLES_TAG_PREFIX "mydocker:"

enum { IPTABLES_MATCH_MAX = 16, IPTABLES_TAG_SIZE = 96 };

struct iptables_rule {
	const char *table;  /* "nat" or "filter" */
	const char *chain;  /* "POSTROUTING", "FORWARD"... */
	bool insert;        /* -I CHAIN 1, ahead of the host's own rules; else -A */
	const char *match[IPTABLES_MATCH_MAX]; /* the rule's words, NULL-ended */
};

/* Adds rule with -m comment --comment tag, unless the same rule is there
 * already (iptables -C), so adding twice leaves one rule. */
int iptables_add(const struct iptables_rule *rule, const char *tag);

/* Deletes every rule of the filter and nat tables whose comment is tag
 * exactly: read with iptables -S, each line turned into -D. Nothing to
 * delete is success (removal is idempotent). */
int iptables_remove_tagged(const char *tag);

/* 1 when a rule in table carries a comment starting with prefix, 0 when
 * none, -1 on error. */
int iptables_has_tag_prefix(const char *table, const char *prefix);

/* Deletes rule (with its tag) if it is there; 0 when it is not. */
int iptables_delete(const struct iptables_rule *rule, const char *tag);

/* A chain of our own: created unless it exists (-N); deleted (-X) if it
 * exists, which the kernel refuses while a rule jumps to it or it has
 * rules; how many rules it has (-1: no such chain). */
int iptables_chain_ensure(const char *table, const char *chain);
int iptables_chain_delete(const char *table, const char *chain);
int iptables_chain_rule_count(const char *table, const char *chain);

/* Splits one line of iptables -S into words, taking "quoted words" whole.
 * Returns the count, or -1 when there are more than max (for unit tests). */
int iptables_split_line(char *line, char *words[], int max);

#endif
