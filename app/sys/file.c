/* file.c — whole-file reads and durable writes (see file.h). */
#include "sys/file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool failf(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool failf(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	if (!why || !whylen)
		return false;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return false;
}

kio_err_t kio_file_read(const char *path, size_t max, char **out, size_t *outlen, char *why,
                        size_t whylen)
{
	kio_err_t err = KIO_ERR_IO;
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd;

	*out = NULL;
	*outlen = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		(void)failf(why, whylen, "cannot open: %s", strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)failf(why, whylen, "not a regular file");
		goto out;
	}
	buf = malloc(max + 2);
	if (!buf) {
		(void)failf(why, whylen, "out of memory");
		err = KIO_ERR_NOMEM;
		goto out;
	}
	/* Read one byte past the cap so that "too big" is seen without
	 * trusting st_size (the file may grow while we read). */
	while (len <= max) {
		ssize_t r = read(fd, buf + len, max + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			(void)failf(why, whylen, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > max) {
		(void)failf(why, whylen, "file is larger than %zu bytes", max);
		err = KIO_ERR_TOOBIG;
		goto out;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	buf = NULL;
	err = KIO_OK;
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	return err;
}

bool kio_file_readable(const char *path, bool secret, char *why, size_t whylen)
{
	struct stat st;
	bool ok = true;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return failf(why, whylen, "cannot read %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		ok = failf(why, whylen, "%s is not a regular file", path);
	else if (secret && (st.st_mode & 077))
		ok = failf(why, whylen,
		           "%s is a private key readable by group or others (mode %04o): "
		           "chmod 600 it",
		           path, (unsigned)(st.st_mode & 07777));
	close(fd);
	return ok;
}

static kio_err_t errno_err(int e)
{
	if (e == ENOSPC || e == EDQUOT || e == EROFS)
		return KIO_ERR_DISK_FULL;
	if (e == ENOMEM)
		return KIO_ERR_NOMEM;
	return KIO_ERR_IO;
}

kio_err_t kio_file_write_atomic(const char *path, const void *data, size_t len, int mode)
{
	kio_err_t err = KIO_OK;
	char tmp[PATH_MAX], dir[PATH_MAX];
	const char *slash;
	size_t done = 0;
	int fd = -1, dfd = -1;
	bool created = false;

	if (!path || (!data && len))
		return KIO_ERR_INVAL;
	if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp)
		return KIO_ERR_TOOBIG;
	slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	/* The temp file lives beside PATH so that rename() stays on one
	 * filesystem and is atomic: a reader sees the old or the new file. */
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err = errno_err(errno);
		goto out;
	}
	created = true;
	/* A save keeps the owner, group and mode of the file it replaces: root's
	 * `set-pin` must not take the service's config away from the service.
	 * fchown before fchmod (fchown clears set-id bits); a caller that may
	 * not give the file its old owner fails here and the old file stays. */
	struct stat old;
	if (stat(path, &old) == 0 && S_ISREG(old.st_mode)) {
		mode = (int)(old.st_mode & 07777);
		if ((old.st_uid != geteuid() || old.st_gid != getegid()) &&
		    fchown(fd, old.st_uid, old.st_gid) != 0) {
			err = KIO_ERR_IO;
			goto out;
		}
	}
	if (fchmod(fd, (mode_t)mode) != 0) {
		err = errno_err(errno);
		goto out;
	}
	while (done < len) {
		ssize_t w = write(fd, (const char *)data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			err = errno_err(errno);
			goto out;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0) {
		err = errno_err(errno);
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		err = errno_err(errno);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		err = errno_err(errno);
		goto out;
	}
	created = false;
	/* Without this the rename itself may be lost on power failure. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0)
		err = errno_err(errno);
out:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	if (created)
		unlink(tmp);
	return err;
}
