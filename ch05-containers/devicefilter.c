/* The device allow-list, and on cgroup v2 the BPF program that enforces it;
 * see devicefilter.h. The program is a few instructions per rule, written
 * by hand as crun does (no libbpf, no compiler): the kernel runs it with a
 * struct bpf_cgroup_dev_ctx {access_type, major, minor} at each open or
 * mknod of a device node, and allows the access when it returns 1.
 * bpf(2), linux/bpf.h (BPF_PROG_TYPE_CGROUP_DEVICE), cgroups(7). */
#include "devicefilter.h"

#include <errno.h>
#include <limits.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

/* Docker's list: mknod of anything is allowed (a node made is checked
 * again when opened), opening only these. */
const struct device_rule device_allow_list[] = {
	{ 'c', DEVICE_ANY, DEVICE_ANY, "m", "mknod of any character device" },
	{ 'b', DEVICE_ANY, DEVICE_ANY, "m", "mknod of any block device" },
	{ 'c', 1, 3, "rwm", "null" },
	{ 'c', 1, 5, "rwm", "zero" },
	{ 'c', 1, 7, "rwm", "full" },
	{ 'c', 1, 8, "rwm", "random" },
	{ 'c', 1, 9, "rwm", "urandom" },
	{ 'c', 5, 0, "rwm", "tty" },
	{ 'c', 5, 1, "rwm", "console" },
	{ 'c', 5, 2, "rwm", "ptmx" },
	{ 'c', 136, DEVICE_ANY, "rwm", "pts/N" },
	{ 0, 0, 0, NULL, NULL },
};

void device_rule_text(const struct device_rule *rule, char *text, size_t size)
{
	char major[16] = "*", minor[16] = "*";

	if (rule->major != DEVICE_ANY)
		snprintf(major, sizeof(major), "%d", rule->major);
	if (rule->minor != DEVICE_ANY)
		snprintf(minor, sizeof(minor), "%d", rule->minor);
	snprintf(text, size, "%c %s:%s %s", rule->type, major, minor, rule->access);
}

/* ---- the instructions, one constructor per kind (linux/bpf_common.h) ---- */

/* The context's fields, loaded once into registers the rules compare. */
enum { R_TYPE = BPF_REG_2, R_ACCESS = BPF_REG_3, R_MAJOR = BPF_REG_4, R_MINOR = BPF_REG_5, R_SCRATCH = BPF_REG_1 };

/* dst = *(u32 *)(src + offset) */
static struct bpf_insn load_word(int dst, int src, short offset)
{
	return (struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = dst, .src_reg = src, .off = offset };
}

/* dst = dst OPERATION immediate, on 32 bits (BPF_AND, BPF_RSH, BPF_MOV) */
static struct bpf_insn alu_immediate(int operation, int dst, int immediate)
{
	return (struct bpf_insn){ .code = BPF_ALU | operation | BPF_K, .dst_reg = dst, .imm = immediate };
}

/* dst = src */
static struct bpf_insn move_register(int dst, int src)
{
	return (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = dst, .src_reg = src };
}

/* if (dst != immediate) skip the next `skip` instructions */
static struct bpf_insn skip_unless(int dst, int immediate, int skip)
{
	return (struct bpf_insn){ .code = BPF_JMP | BPF_JNE | BPF_K, .dst_reg = dst, .off = (short)skip, .imm = immediate };
}

/* if (dst != src) skip the next `skip` instructions */
static struct bpf_insn skip_unless_register(int dst, int src, int skip)
{
	return (struct bpf_insn){ .code = BPF_JMP | BPF_JNE | BPF_X, .dst_reg = dst, .src_reg = src, .off = (short)skip };
}

static struct bpf_insn exit_program(void)
{
	return (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
}

/* ---- the program ---- */

struct program {
	struct bpf_insn instructions[256];
	int count;
};

static void emit(struct program *program, struct bpf_insn instruction)
{
	if (program->count < (int)(sizeof(program->instructions) / sizeof(program->instructions[0])))
		program->instructions[program->count] = instruction;
	program->count++; /* past the end: device_filter_attach refuses it */
}

static int access_bits(const char *access)
{
	return (strchr(access, 'm') ? BPF_DEVCG_ACC_MKNOD : 0) | (strchr(access, 'r') ? BPF_DEVCG_ACC_READ : 0) |
	       (strchr(access, 'w') ? BPF_DEVCG_ACC_WRITE : 0);
}

/* One rule: each test that fails jumps past the rule's last instruction
 * (to the next rule); all passed, the program returns 1: allowed. A test
 * a wildcard makes always true is left out. */
static void emit_rule(struct program *program, const struct device_rule *rule)
{
	const int every_access = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;
	int access = access_bits(rule->access);
	int length = 1 + (access != every_access ? 3 : 0) + (rule->major != DEVICE_ANY) + (rule->minor != DEVICE_ANY) + 2;
	int at = 0;

	emit(program, skip_unless(R_TYPE, rule->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, length - ++at));
	if (access != every_access) {
		/* What was asked must be within what is allowed: asked & allowed == asked. */
		emit(program, move_register(R_SCRATCH, R_ACCESS));
		emit(program, alu_immediate(BPF_AND, R_SCRATCH, access));
		at += 2;
		emit(program, skip_unless_register(R_SCRATCH, R_ACCESS, length - ++at));
	}
	if (rule->major != DEVICE_ANY)
		emit(program, skip_unless(R_MAJOR, rule->major, length - ++at));
	if (rule->minor != DEVICE_ANY)
		emit(program, skip_unless(R_MINOR, rule->minor, length - ++at));
	emit(program, alu_immediate(BPF_MOV, BPF_REG_0, 1));
	emit(program, exit_program());
}

/* r1 holds the context: type (low 16 bits of access_type), access (high
 * 16), major, minor into registers; then the rules; then 0: denied. */
static void build_program(struct program *program)
{
	emit(program, load_word(R_TYPE, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, access_type)));
	emit(program, alu_immediate(BPF_AND, R_TYPE, 0xffff));
	emit(program, load_word(R_ACCESS, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, access_type)));
	emit(program, alu_immediate(BPF_RSH, R_ACCESS, 16));
	emit(program, load_word(R_MAJOR, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, major)));
	emit(program, load_word(R_MINOR, BPF_REG_1, offsetof(struct bpf_cgroup_dev_ctx, minor)));
	for (const struct device_rule *rule = device_allow_list; rule->type; rule++)
		emit_rule(program, rule);
	emit(program, alu_immediate(BPF_MOV, BPF_REG_0, 0));
	emit(program, exit_program());
}

static void narrate_rules(const char *path)
{
	char text[64];

	if (!trace_enabled())
		return;
	trace_note("the device list as a BPF program for %s:", path);
	for (const struct device_rule *rule = device_allow_list; rule->type; rule++) {
		device_rule_text(rule, text, sizeof(text));
		trace_note("  allow %s (%s)", text, rule->what);
	}
	trace_note("  deny everything else");
}

/* bpf(2), narrated as text: a program's load or attach costs far more
 * than formatting its line. */
static int traced_bpf(int command, union bpf_attr *attributes, const char *text)
{
	int result = (int)syscall(SYS_bpf, command, attributes, sizeof(*attributes));
	int error = errno;

	if (!trace_call_needed(result))
		return result;
	return (int)trace_call("bpf", text, result, error);
}

/* Loads the program; on failure, loads it again asking for the verifier's
 * log, which --trace shows line by line. The kernel's descriptor is
 * O_CLOEXEC already. */
static int load_program(const struct program *program)
{
	static char verifier_log[1 << 16];
	union bpf_attr load;
	char text[128];
	int fd;

	memset(&load, 0, sizeof(load));
	load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	load.insns = (uintptr_t)program->instructions;
	load.insn_cnt = (unsigned)program->count;
	/* Only GPL-only helper functions need "GPL"; this program calls none. */
	load.license = (uintptr_t) "GPL";
	snprintf(text, sizeof(text), "BPF_PROG_LOAD, BPF_PROG_TYPE_CGROUP_DEVICE, %d instructions", program->count);
	fd = traced_bpf(BPF_PROG_LOAD, &load, text);
	if (fd < 0 && trace_enabled()) {
		load.log_level = 1;
		load.log_buf = (uintptr_t)verifier_log;
		load.log_size = sizeof(verifier_log);
		k_expect_failure(); /* the same refusal, said once already */
		if (traced_bpf(BPF_PROG_LOAD, &load, "BPF_PROG_LOAD again, with the verifier's log") < 0)
			for (char *line = strtok(verifier_log, "\n"); line; line = strtok(NULL, "\n"))
				trace_note("verifier: %s", line);
	}
	return fd;
}

int device_filter_attach(int cgroup_fd, const char *path)
{
	static struct program program;
	const int most = (int)(sizeof(program.instructions) / sizeof(program.instructions[0]));
	union bpf_attr attach;
	char text[PATH_MAX + 128];
	int fd, result;

	narrate_rules(path);
	program.count = 0;
	build_program(&program);
	if (program.count > most) {
		log_error("the device list makes %d BPF instructions, over %d", program.count, most);
		return -1;
	}
	fd = load_program(&program);
	if (fd < 0)
		return -1;
	memset(&attach, 0, sizeof(attach));
	attach.target_fd = (unsigned)cgroup_fd;
	attach.attach_bpf_fd = (unsigned)fd;
	attach.attach_type = BPF_CGROUP_DEVICE;
	attach.attach_flags = BPF_F_ALLOW_MULTI;
	snprintf(text, sizeof(text), "BPF_PROG_ATTACH, program fd %d, cgroup %s, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI", fd,
		 path);
	result = traced_bpf(BPF_PROG_ATTACH, &attach, text);
	/* The cgroup holds the program now: it goes when the cgroup goes. */
	close(fd);
	return result < 0 ? -1 : 0;
}
