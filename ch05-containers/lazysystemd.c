/* libsystemd's sd-bus, loaded on first use. Linked the usual way,
 * libsystemd.so.0 brings libgcrypt, liblzma, libzstd, liblz4 and libcap,
 * mapped and relocated at every execve of mydocker (three per container:
 * mydocker, its sealed copy, then init): 1 to 2 ms each on the bench
 * machine, for a library only the systemd cgroup manager calls, once per
 * start. So, as lazynl.c does for libnl, each sd-bus function systemd.c
 * calls is defined here with sd-bus's own prototype (the header checks
 * them) and calls the real one, found with dlopen(3) the first time.
 * sd-bus(3), sd_bus_message_append(3). */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <systemd/sd-bus.h>

#include "log.h"

/* libsystemd's soname: its ABI has been stable since 2014. */
static const char library_name[] = "libsystemd.so.0";

/* The real function `name`, or NULL (reported once) when libsystemd cannot
 * be loaded. Every caller starts with sd_bus_open_*, which then fails. */
static void *real(const char *name)
{
	static void *library;
	static bool tried, reported;
	void *function;

	if (!tried) {
		tried = true;
		library = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
	}
	function = library ? dlsym(library, name) : NULL;
	if (!function && !reported) {
		log_error("cannot load %s from %s: %s (apt-get install libsystemd0)", name, library_name, dlerror());
		reported = true;
	}
	return function;
}

#define REAL(name) ((__typeof__(name) *)real(#name))

/* Each calls the real one, or fails as sd-bus does: -errno (ENOSYS: no
 * library), NULL from the unref functions (which return NULL anyway). */

int sd_bus_open_system(sd_bus **ret)
{
	__typeof__(sd_bus_open_system) *function = REAL(sd_bus_open_system);

	return function ? function(ret) : -ENOSYS;
}

int sd_bus_open_user(sd_bus **ret)
{
	__typeof__(sd_bus_open_user) *function = REAL(sd_bus_open_user);

	return function ? function(ret) : -ENOSYS;
}

sd_bus *sd_bus_flush_close_unref(sd_bus *bus)
{
	__typeof__(sd_bus_flush_close_unref) *function = REAL(sd_bus_flush_close_unref);

	return function ? function(bus) : NULL;
}

int sd_bus_message_new_method_call(sd_bus *bus, sd_bus_message **m, const char *destination, const char *path,
				   const char *interface, const char *member)
{
	__typeof__(sd_bus_message_new_method_call) *function = REAL(sd_bus_message_new_method_call);

	return function ? function(bus, m, destination, path, interface, member) : -ENOSYS;
}

sd_bus_message *sd_bus_message_unref(sd_bus_message *m)
{
	__typeof__(sd_bus_message_unref) *function = REAL(sd_bus_message_unref);

	return function ? function(m) : NULL;
}

/* The variadic two, through the real ones that take a va_list
 * (sd_bus_message_appendv, sd_bus_message_readv). */
static int forward_list(const char *name, sd_bus_message *m, const char *types, va_list arguments)
{
	__typeof__(sd_bus_message_appendv) *function = (__typeof__(sd_bus_message_appendv) *)real(name);

	return function ? function(m, types, arguments) : -ENOSYS;
}

int sd_bus_message_append(sd_bus_message *m, const char *types, ...)
{
	va_list arguments;
	int result;

	va_start(arguments, types);
	result = forward_list("sd_bus_message_appendv", m, types, arguments);
	va_end(arguments);
	return result;
}

int sd_bus_message_read(sd_bus_message *m, const char *types, ...)
{
	va_list arguments;
	int result;

	va_start(arguments, types);
	result = forward_list("sd_bus_message_readv", m, types, arguments);
	va_end(arguments);
	return result;
}

int sd_bus_message_append_array(sd_bus_message *m, char type, const void *ptr, size_t size)
{
	__typeof__(sd_bus_message_append_array) *function = REAL(sd_bus_message_append_array);

	return function ? function(m, type, ptr, size) : -ENOSYS;
}

int sd_bus_message_open_container(sd_bus_message *m, char type, const char *contents)
{
	__typeof__(sd_bus_message_open_container) *function = REAL(sd_bus_message_open_container);

	return function ? function(m, type, contents) : -ENOSYS;
}

int sd_bus_message_close_container(sd_bus_message *m)
{
	__typeof__(sd_bus_message_close_container) *function = REAL(sd_bus_message_close_container);

	return function ? function(m) : -ENOSYS;
}

int sd_bus_call(sd_bus *bus, sd_bus_message *m, uint64_t usec, sd_bus_error *ret_error, sd_bus_message **reply)
{
	__typeof__(sd_bus_call) *function = REAL(sd_bus_call);

	return function ? function(bus, m, usec, ret_error, reply) : -ENOSYS;
}

int sd_bus_match_signal(sd_bus *bus, sd_bus_slot **ret, const char *sender, const char *path, const char *interface,
			const char *member, sd_bus_message_handler_t callback, void *userdata)
{
	__typeof__(sd_bus_match_signal) *function = REAL(sd_bus_match_signal);

	return function ? function(bus, ret, sender, path, interface, member, callback, userdata) : -ENOSYS;
}

sd_bus_slot *sd_bus_slot_unref(sd_bus_slot *slot)
{
	__typeof__(sd_bus_slot_unref) *function = REAL(sd_bus_slot_unref);

	return function ? function(slot) : NULL;
}

int sd_bus_process(sd_bus *bus, sd_bus_message **r)
{
	__typeof__(sd_bus_process) *function = REAL(sd_bus_process);

	return function ? function(bus, r) : -ENOSYS;
}

int sd_bus_wait(sd_bus *bus, uint64_t timeout_usec)
{
	__typeof__(sd_bus_wait) *function = REAL(sd_bus_wait);

	return function ? function(bus, timeout_usec) : -ENOSYS;
}

void sd_bus_error_free(sd_bus_error *e)
{
	__typeof__(sd_bus_error_free) *function = REAL(sd_bus_error_free);

	if (function)
		function(e);
}

int sd_bus_error_has_name(const sd_bus_error *e, const char *name)
{
	__typeof__(sd_bus_error_has_name) *function = REAL(sd_bus_error_has_name);

	return function ? function(e, name) : 0;
}
