// What Node's fs cannot do with an open file descriptor on Linux: punch a hole (fallocate with
// FALLOC_FL_PUNCH_HOLE), allocate the holes of a range (fallocate mode FALLOC_FL_KEEP_SIZE), and list the
// data extents of a range (lseek with SEEK_DATA / SEEK_HOLE). Each call runs on the libuv thread pool
// (napi_async_work) and returns a promise; a failed system call rejects it with an Error whose `code` is the
// errno name and whose `syscall` names the call, as Node's own fs errors do.
//
// Offsets and lengths are BigInts (file offsets reach 2^63 - 1). The caller keeps the descriptor open until
// the promise settles.

#define _GNU_SOURCE
#define NAPI_VERSION 8

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <node_api.h>

typedef enum { PUNCH_HOLE, ALLOCATE, DATA_EXTENTS } operation;

typedef struct {
  int64_t offset;
  int64_t length;
} extent;

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  operation op;
  int fd;
  int64_t offset;
  int64_t length;
  uint32_t max_extents;
  // Outcome: errno and the failed call, or the extents found.
  int error;
  const char *syscall;
  extent *extents;
  size_t count;
  size_t capacity;
} request;

// The errno values fallocate(2) and lseek(2) document, by name. Anything else is reported by number.
static const char *errno_name(int error) {
  switch (error) {
    case EBADF: return "EBADF";
    case EFBIG: return "EFBIG";
    case EINTR: return "EINTR";
    case EINVAL: return "EINVAL";
    case EIO: return "EIO";
    case ENODEV: return "ENODEV";
    case ENOSPC: return "ENOSPC";
    case ENOSYS: return "ENOSYS";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EPERM: return "EPERM";
    case ESPIPE: return "ESPIPE";
    case ETXTBSY: return "ETXTBSY";
    case ENXIO: return "ENXIO";
    case EOVERFLOW: return "EOVERFLOW";
    case EROFS: return "EROFS";
    case EDQUOT: return "EDQUOT";
    case EACCES: return "EACCES";
    default: return NULL;
  }
}

static int retry_fallocate(int fd, int mode, int64_t offset, int64_t length) {
  int result;
  do result = fallocate(fd, mode, (off_t)offset, (off_t)length);
  while (result == -1 && errno == EINTR);
  return result;
}

static void fail(request *req, const char *syscall) {
  req->error = errno;
  req->syscall = syscall;
}

static int add_extent(request *req, int64_t start, int64_t end) {
  // A hole filled between the two seeks makes the next extent start where the last one ended.
  if (req->count > 0 && req->extents[req->count - 1].offset + req->extents[req->count - 1].length == start) {
    req->extents[req->count - 1].length = end - req->extents[req->count - 1].offset;
    return 0;
  }
  if (req->count == req->capacity) {
    size_t capacity = req->capacity == 0 ? 16 : req->capacity * 2;
    extent *grown = realloc(req->extents, capacity * sizeof(extent));
    if (grown == NULL) {
      errno = ENOMEM;
      return -1;
    }
    req->extents = grown;
    req->capacity = capacity;
  }
  req->extents[req->count].offset = start;
  req->extents[req->count].length = end - start;
  req->count++;
  return 0;
}

// Data extents of [offset, offset + length), clipped to it. Past max_extents, the last extent reaches to the
// end of the range: the answer gets coarser (holes reported as data) but never calls data a hole.
static void find_data_extents(request *req) {
  int64_t end = req->offset + req->length;
  int64_t position = req->offset;
  while (position < end) {
    off_t data = lseek(req->fd, (off_t)position, SEEK_DATA);
    if (data == -1) {
      if (errno != ENXIO) fail(req, "lseek");  // ENXIO: no data at or after position
      return;
    }
    if (data >= end) return;
    if (req->count + 1 == req->max_extents) {
      if (add_extent(req, data, end) == -1) fail(req, "realloc");
      return;
    }
    off_t hole = lseek(req->fd, data, SEEK_HOLE);
    if (hole == -1) {
      // ENXIO: the file was truncated below `data` since the first seek.
      if (errno != ENXIO) fail(req, "lseek");
      return;
    }
    // A hole found at `data` itself (a racing punch) adds nothing; the next seek starts past it.
    int64_t stop = hole < end ? hole : end;
    if (stop > data && add_extent(req, data, stop) == -1) {
      fail(req, "realloc");
      return;
    }
    position = hole > data ? hole : data + 1;
  }
}

static void execute(napi_env env, void *data) {
  (void)env;
  request *req = data;
  switch (req->op) {
    case PUNCH_HOLE:
      if (req->length > 0 && retry_fallocate(req->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, req->offset, req->length) == -1) {
        fail(req, "fallocate");
      }
      break;
    case ALLOCATE:
      if (req->length > 0 && retry_fallocate(req->fd, FALLOC_FL_KEEP_SIZE, req->offset, req->length) == -1) {
        fail(req, "fallocate");
      }
      break;
    case DATA_EXTENTS:
      find_data_extents(req);
      break;
  }
}

static napi_value system_error(napi_env env, int error, const char *syscall) {
  const char *name = errno_name(error);
  char code[32];
  if (name == NULL) {
    snprintf(code, sizeof code, "ERRNO%d", error);
    name = code;
  }
  char text[256];
  snprintf(text, sizeof text, "%s: %s, %s", name, strerror(error), syscall);
  napi_value message, code_value, syscall_value, errno_value, result;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &message);
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &syscall_value);
  napi_create_int32(env, -error, &errno_value);
  napi_create_error(env, NULL, message, &result);
  napi_set_named_property(env, result, "code", code_value);
  napi_set_named_property(env, result, "syscall", syscall_value);
  napi_set_named_property(env, result, "errno", errno_value);
  return result;
}

static napi_value extents_array(napi_env env, const request *req) {
  napi_value array;
  napi_create_array_with_length(env, req->count, &array);
  for (size_t i = 0; i < req->count; i++) {
    napi_value item, offset, length;
    napi_create_object(env, &item);
    napi_create_bigint_int64(env, req->extents[i].offset, &offset);
    napi_create_bigint_int64(env, req->extents[i].length, &length);
    napi_set_named_property(env, item, "offset", offset);
    napi_set_named_property(env, item, "length", length);
    napi_set_element(env, array, (uint32_t)i, item);
  }
  return array;
}

static void complete(napi_env env, napi_status status, void *data) {
  request *req = data;
  if (status != napi_ok) {
    napi_value message, error;
    napi_create_string_utf8(env, "the operation was cancelled", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &error);
    napi_reject_deferred(env, req->deferred, error);
  } else if (req->error != 0) {
    napi_reject_deferred(env, req->deferred, system_error(env, req->error, req->syscall));
  } else if (req->op == DATA_EXTENTS) {
    napi_resolve_deferred(env, req->deferred, extents_array(env, req));
  } else {
    napi_value undefined;
    napi_get_undefined(env, &undefined);
    napi_resolve_deferred(env, req->deferred, undefined);
  }
  napi_delete_async_work(env, req->work);
  free(req->extents);
  free(req);
}

static int bigint_argument(napi_env env, napi_value value, const char *name, int64_t *out) {
  bool lossless;
  if (napi_get_value_bigint_int64(env, value, out, &lossless) != napi_ok) {
    char text[64];
    snprintf(text, sizeof text, "%s must be a bigint", name);
    napi_throw_type_error(env, NULL, text);
    return -1;
  }
  if (!lossless || *out < 0) {
    char text[64];
    snprintf(text, sizeof text, "%s must be within 0..2^63-1", name);
    napi_throw_range_error(env, NULL, text);
    return -1;
  }
  return 0;
}

// (fd, offset, length[, maxExtents]) → a promise of the operation.
static napi_value start(napi_env env, napi_callback_info info, operation op) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t wanted = op == DATA_EXTENTS ? 4 : 3;
  if (argc < wanted) {
    napi_throw_type_error(env, NULL, op == DATA_EXTENTS ? "expected (fd, offset, length, maxExtents)" : "expected (fd, offset, length)");
    return NULL;
  }
  int32_t fd;
  if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) {
    napi_throw_type_error(env, NULL, "fd must be a file descriptor");
    return NULL;
  }
  int64_t offset, length;
  if (bigint_argument(env, argv[1], "offset", &offset) == -1 || bigint_argument(env, argv[2], "length", &length) == -1) return NULL;
  if (length > INT64_MAX - offset) {
    napi_throw_range_error(env, NULL, "offset + length must not exceed 2^63-1");
    return NULL;
  }
  uint32_t max_extents = 0;
  if (op == DATA_EXTENTS && (napi_get_value_uint32(env, argv[3], &max_extents) != napi_ok || max_extents == 0)) {
    napi_throw_type_error(env, NULL, "maxExtents must be a positive integer");
    return NULL;
  }

  request *req = calloc(1, sizeof(request));
  if (req == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  req->op = op;
  req->fd = fd;
  req->offset = offset;
  req->length = length;
  req->max_extents = max_extents;
  napi_value promise, name;
  napi_create_promise(env, &req->deferred, &promise);
  napi_create_string_utf8(env, "smb3-sparse-files", NAPI_AUTO_LENGTH, &name);
  if (napi_create_async_work(env, NULL, name, execute, complete, req, &req->work) != napi_ok) {
    free(req);
    napi_throw_error(env, NULL, "could not create the operation");
    return NULL;
  }
  if (napi_queue_async_work(env, req->work) != napi_ok) {
    napi_delete_async_work(env, req->work);
    free(req);
    napi_throw_error(env, NULL, "could not queue the operation");
    return NULL;
  }
  return promise;
}

static napi_value punch_hole(napi_env env, napi_callback_info info) {
  return start(env, info, PUNCH_HOLE);
}

static napi_value allocate(napi_env env, napi_callback_info info) {
  return start(env, info, ALLOCATE);
}

static napi_value data_extents(napi_env env, napi_callback_info info) {
  return start(env, info, DATA_EXTENTS);
}

NAPI_MODULE_INIT() {
  napi_property_descriptor functions[] = {
    {"punchHole", NULL, punch_hole, NULL, NULL, NULL, napi_enumerable, NULL},
    {"allocate", NULL, allocate, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dataExtents", NULL, data_extents, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}
