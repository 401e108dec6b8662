/* Messages for people: see log.h. */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *program_name = "mydocker";

void log_set_program(const char *name)
{
	const char *slash = strrchr(name, '/');

	program_name = slash ? slash + 1 : name;
}

const char *log_program(void)
{
	return program_name;
}

void log_error(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	fprintf(stderr, "%s: ", program_name);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
	va_end(args);
}

void log_errno(const char *format, ...)
{
	int saved = errno;
	va_list args;

	va_start(args, format);
	fprintf(stderr, "%s: ", program_name);
	vfprintf(stderr, format, args);
	fprintf(stderr, ": %s (%s)\n", strerror(saved), strerrorname_np(saved) ? strerrorname_np(saved) : "?");
	va_end(args);
	errno = saved;
}

void say(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	fprintf(stderr, "%s: ", program_name);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
	va_end(args);
}
