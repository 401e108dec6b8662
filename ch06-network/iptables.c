/* The iptables command, run without a shell; see iptables.h.
 * posix_spawn(3), pipe(2), iptables(8). -w waits for the xtables lock when
 * another iptables (another runtime, docker) is changing rules. */
#include "iptables.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "process.h"
#include "trace.h"

extern char **environ;

enum { ARGV_MAX = 40, OUTPUT_MAX = 1 << 20 };

/* How a run treats iptables' output: stdout to a buffer or through, and
 * stderr through or to /dev/null (a -C that does not match complains). */
struct iptables_run {
	char *output;	   /* NULL: stdout passes through */
	size_t output_size;
	bool quiet;
};

static void command_text(char *const argv[], char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; argv[i] && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "", argv[i]);
}

static int spawn_actions(posix_spawn_file_actions_t *actions, int output_pipe, bool quiet)
{
	if (posix_spawn_file_actions_init(actions) != 0)
		return -1;
	if (output_pipe >= 0 && posix_spawn_file_actions_adddup2(actions, output_pipe, STDOUT_FILENO) != 0)
		return -1;
	if (quiet && posix_spawn_file_actions_addopen(actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0) != 0)
		return -1;
	return 0;
}

static void read_all(int fd, char *buf, size_t size)
{
	size_t used = 0;
	ssize_t got;

	while (used + 1 < size && (got = read(fd, buf + used, size - 1 - used)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		used += (size_t)got;
	}
	buf[used] = '\0';
}

/* Runs argv; returns iptables' exit code, or -1 when it could not run. */
static int iptables_exec(char *const argv[], const struct iptables_run *run)
{
	posix_spawn_file_actions_t actions;
	int pipe_fds[2] = { -1, -1 };
	char text[1024];
	pid_t pid;
	int error, code = -1;

	command_text(argv, text, sizeof(text));
	trace_note("$ %s", text);
	if (run->output && pipe2(pipe_fds, O_CLOEXEC) < 0) {
		log_errno("pipe for %s", text);
		return -1;
	}
	if (spawn_actions(&actions, pipe_fds[1], run->quiet) < 0) {
		log_error("posix_spawn_file_actions for %s failed", text);
		goto out;
	}
	error = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	if (error != 0) {
		errno = error;
		log_errno("run %s (is the iptables package installed?)", text);
		goto out;
	}
	if (pipe_fds[1] >= 0) {
		close(pipe_fds[1]);
		pipe_fds[1] = -1;
		read_all(pipe_fds[0], run->output, run->output_size);
	}
	code = wait_for_exit(pid);
out:
	if (pipe_fds[0] >= 0)
		close(pipe_fds[0]);
	if (pipe_fds[1] >= 0)
		close(pipe_fds[1]);
	return code;
}

/* iptables -w -t TABLE ACTION CHAIN [1] MATCH... -m comment --comment TAG */
static int rule_argv(const struct iptables_rule *rule, const char *action, const char *tag, char *argv[ARGV_MAX])
{
	int count = 0;

	argv[count++] = "iptables";
	argv[count++] = "-w";
	argv[count++] = "-t";
	argv[count++] = (char *)rule->table;
	argv[count++] = (char *)action;
	argv[count++] = (char *)rule->chain;
	if (strcmp(action, "-I") == 0)
		argv[count++] = "1";
	for (int i = 0; rule->match[i]; i++) {
		if (count + 5 >= ARGV_MAX)
			return -1;
		argv[count++] = (char *)rule->match[i];
	}
	argv[count++] = "-m";
	argv[count++] = "comment";
	argv[count++] = "--comment";
	argv[count++] = (char *)tag;
	argv[count] = NULL;
	return 0;
}

int iptables_add(const struct iptables_rule *rule, const char *tag)
{
	struct iptables_run quiet = { .quiet = true }, loud = { .quiet = false };
	char *argv[ARGV_MAX];
	char text[1024];
	int code;

	if (rule_argv(rule, "-C", tag, argv) < 0) {
		log_error("an iptables rule of more than %d words", ARGV_MAX);
		return -1;
	}
	if (iptables_exec(argv, &quiet) == 0)
		return 0; /* there already */
	rule_argv(rule, rule->insert ? "-I" : "-A", tag, argv);
	code = iptables_exec(argv, &loud);
	if (code != 0) {
		command_text(argv, text, sizeof(text));
		if (code > 0)
			log_error("%s: failed with exit code %d", text, code);
		return -1;
	}
	return 0;
}

int iptables_split_line(char *line, char *words[], int max)
{
	int count = 0;
	char *next = line;

	while (*next) {
		char *word, *out;

		while (*next == ' ' || *next == '\n')
			next++;
		if (!*next)
			break;
		if (count == max)
			return -1;
		word = out = next;
		if (*next == '"') {
			/* iptables -S quotes a comment, escaping " and \ inside. */
			for (next++; *next && *next != '"'; next++) {
				if (*next == '\\' && next[1])
					next++;
				*out++ = *next;
			}
			if (*next)
				next++;
		} else {
			while (*next && *next != ' ' && *next != '\n')
				*out++ = *next++;
		}
		if (*next)
			next++;
		*out = '\0';
		words[count++] = word;
	}
	return count;
}

/* The comment of a split rule, or NULL. */
static const char *comment_of(char *words[], int count)
{
	for (int i = 0; i + 1 < count; i++)
		if (strcmp(words[i], "--comment") == 0)
			return words[i + 1];
	return NULL;
}

/* iptables -w -t TABLE -S [CHAIN] into a malloc'd buffer (NULL on
 * failure; quiet: a chain that is not there is no complaint). */
static char *listed_rules(const char *table, const char *chain, bool quiet)
{
	char *argv[] = { "iptables", "-w", "-t", (char *)table, "-S", (char *)chain, NULL };
	struct iptables_run capture = { .output = malloc(OUTPUT_MAX), .output_size = OUTPUT_MAX, .quiet = quiet };

	if (!capture.output) {
		log_errno("allocate %d bytes for iptables -S", OUTPUT_MAX);
		return NULL;
	}
	if (iptables_exec(argv, &capture) != 0) {
		if (!quiet)
			log_error("iptables -t %s -S %s failed", table, chain ? chain : "");
		free(capture.output);
		return NULL;
	}
	return capture.output;
}

static char *table_rules(const char *table)
{
	return listed_rules(table, NULL, false);
}

/* Deletes one listed rule: "-A CHAIN WORDS..." run again as -D. */
static int delete_listed(const char *table, char *words[], int count)
{
	char *argv[ARGV_MAX + 8];
	struct iptables_run loud = { .quiet = false };
	int used = 0;

	if (count + 5 > ARGV_MAX + 8)
		return -1;
	argv[used++] = "iptables";
	argv[used++] = "-w";
	argv[used++] = "-t";
	argv[used++] = (char *)table;
	argv[used++] = "-D";
	for (int i = 1; i < count; i++)
		argv[used++] = words[i];
	argv[used] = NULL;
	return iptables_exec(argv, &loud) == 0 ? 0 : -1;
}

/* Calls found for each rule line of table whose comment passes accept;
 * stops at the first failure. */
static int for_tagged(const char *table, bool (*accept)(const char *comment, const char *tag), const char *tag,
		      int (*found)(const char *table, char *words[], int count))
{
	char *rules = table_rules(table);
	char *save = NULL;
	int result = 0;

	if (!rules)
		return -1;
	for (char *line = strtok_r(rules, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *words[ARGV_MAX + 8];
		int count = iptables_split_line(line, words, ARGV_MAX + 8);
		const char *comment;

		if (count < 2 || strcmp(words[0], "-A") != 0)
			continue;
		comment = comment_of(words, count);
		if (!comment || !accept(comment, tag))
			continue;
		result = found(table, words, count);
		if (result != 0)
			break;
	}
	free(rules);
	return result;
}

static bool same_tag(const char *comment, const char *tag)
{
	return strcmp(comment, tag) == 0;
}

static bool tag_prefix(const char *comment, const char *prefix)
{
	return strncmp(comment, prefix, strlen(prefix)) == 0;
}

int iptables_remove_tagged(const char *tag)
{
	static const char *const tables[] = { "filter", "nat" };

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (for_tagged(tables[i], same_tag, tag, delete_listed) < 0)
			return -1;
	return 0;
}

static int stop_found(const char *table, char *words[], int count)
{
	(void)table, (void)words, (void)count;
	return 1;
}

int iptables_has_tag_prefix(const char *table, const char *prefix)
{
	return for_tagged(table, tag_prefix, prefix, stop_found);
}

/* iptables -w -t TABLE ACTION CHAIN: -N, -X; quiet. Its exit code. */
static int chain_command(const char *table, const char *action, const char *chain)
{
	char *argv[] = { "iptables", "-w", "-t", (char *)table, (char *)action, (char *)chain, NULL };
	struct iptables_run quiet = { .quiet = true };

	return iptables_exec(argv, &quiet);
}

int iptables_chain_rule_count(const char *table, const char *chain)
{
	char *rules = listed_rules(table, chain, true);
	char *save = NULL;
	int count = 0;

	if (!rules)
		return -1;
	for (char *line = strtok_r(rules, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		count += strncmp(line, "-A ", 3) == 0;
	free(rules);
	return count;
}

int iptables_chain_ensure(const char *table, const char *chain)
{
	if (chain_command(table, "-N", chain) == 0 || iptables_chain_rule_count(table, chain) >= 0)
		return 0;
	log_error("iptables -t %s -N %s failed", table, chain);
	return -1;
}

int iptables_chain_delete(const char *table, const char *chain)
{
	if (iptables_chain_rule_count(table, chain) < 0)
		return 0; /* gone already */
	if (chain_command(table, "-X", chain) == 0)
		return 0;
	log_error("iptables -t %s -X %s failed (still used by a rule, or not empty)", table, chain);
	return -1;
}

int iptables_delete(const struct iptables_rule *rule, const char *tag)
{
	struct iptables_run quiet = { .quiet = true };
	char *argv[ARGV_MAX];

	if (rule_argv(rule, "-C", tag, argv) < 0) {
		log_error("an iptables rule of more than %d words", ARGV_MAX);
		return -1;
	}
	if (iptables_exec(argv, &quiet) != 0)
		return 0; /* not there */
	rule_argv(rule, "-D", tag, argv);
	return iptables_exec(argv, &quiet) == 0 ? 0 : -1;
}
