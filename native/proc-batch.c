/*
 * proc-batch: reads many small /proc files for JavaScript, in background threads, while the
 * caller parses what has already arrived (Node-API only, no V8 or libuv headers).
 *
 *   start(root: string, pids: Int32Array, names: string[], chunk: number) -> job
 *   take(job, c: number) -> { data: Buffer, meta: Int32Array }   (blocks until chunk c is read)
 *   finish(job)                                                  (joins the threads, frees all)
 *
 * Chunk c holds the pids [c * chunk, (c + 1) * chunk). For each pid and each name the reader
 * reads ROOT/PID/NAME to EOF. meta has a stride of names.length * 2 + 1 per pid of the chunk:
 * [offset, length] per name (length is -errno when the read failed), then the owner uid of the
 * first file (fstat on its fd; -1 when it could not be opened). Offsets are into the chunk's data.
 *
 * One thread per CPU (at most 4) takes the chunks in order, each holding one fd at a time. It
 * exists because Node's synchronous fs calls cost about 25 us more per file than the kernel does
 * (a first scan of 1000 processes: ~60 ms through node:fs, ~25 ms here, overlapped with the
 * parse); ptop works the same without it (src/collect/read.ts falls back to node:fs).
 */
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_NAMES 8
#define MAX_THREADS 4
#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "proc-batch: " #call); return NULL; } } while (0)

struct chunk {
  size_t from, to;
  int32_t *meta;
  char *data;
  size_t used, cap;
  int done, failed, taken;
};

struct job {
  char root[512];
  int32_t *pids;
  size_t npids;
  char names[MAX_NAMES][32];
  uint32_t nnames;
  struct chunk *chunks;
  size_t nchunks;
  size_t next; /* the next chunk to read (under mu) */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  pthread_t threads[MAX_THREADS];
  int nthreads;
  int finished;
};

static int grow(struct chunk *c, size_t need) {
  if (need <= c->cap) return 0;
  size_t n = c->cap ? c->cap : 1 << 16;
  while (n < need) n *= 2;
  char *d = realloc(c->data, n);
  if (!d) return -1;
  c->data = d;
  c->cap = n;
  return 0;
}

static void read_chunk(struct job *j, struct chunk *c) {
  const size_t stride = (size_t)j->nnames * 2 + 1;
  char path[640];
  for (size_t i = c->from; i < c->to; i++) {
    int32_t *row = c->meta + (i - c->from) * stride;
    row[j->nnames * 2] = -1;
    for (uint32_t f = 0; f < j->nnames; f++) {
      snprintf(path, sizeof path, "%s/%d/%s", j->root, j->pids[i], j->names[f]);
      row[f * 2] = (int32_t)c->used;
      int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        row[f * 2 + 1] = -errno;
        continue;
      }
      if (f == 0) {
        struct stat st;
        if (fstat(fd, &st) == 0) row[j->nnames * 2] = (int32_t)st.st_uid;
      }
      size_t start = c->used;
      int err = 0;
      for (;;) {
        if (grow(c, c->used + 65536) < 0) {
          err = ENOMEM;
          c->failed = 1;
          break;
        }
        ssize_t r = read(fd, c->data + c->used, 65536);
        if (r < 0) {
          if (errno == EINTR) continue;
          err = errno;
          break;
        }
        if (r == 0) break;
        c->used += (size_t)r;
      }
      close(fd);
      if (err) {
        c->used = start;
        row[f * 2 + 1] = -err;
      } else {
        row[f * 2 + 1] = (int32_t)(c->used - start);
      }
    }
  }
}

static void *worker(void *arg) {
  struct job *j = arg;
  for (;;) {
    pthread_mutex_lock(&j->mu);
    size_t c = j->next < j->nchunks && !j->finished ? j->next++ : SIZE_MAX;
    pthread_mutex_unlock(&j->mu);
    if (c == SIZE_MAX) return NULL;
    read_chunk(j, &j->chunks[c]);
    pthread_mutex_lock(&j->mu);
    j->chunks[c].done = 1;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
  }
}

/* Stops the readers (they finish their current chunk), joins them and frees the job's buffers. */
static void finish_job(struct job *j) {
  if (j->finished) return;
  pthread_mutex_lock(&j->mu);
  j->finished = 1;
  pthread_mutex_unlock(&j->mu);
  for (int t = 0; t < j->nthreads; t++) pthread_join(j->threads[t], NULL);
  for (size_t c = 0; c < j->nchunks; c++) {
    free(j->chunks[c].data);
    free(j->chunks[c].meta);
  }
  free(j->chunks);
  free(j->pids);
  j->chunks = NULL;
  j->pids = NULL;
  j->nchunks = 0;
  pthread_mutex_destroy(&j->mu);
  pthread_cond_destroy(&j->cv);
}

static void finalize_job(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  finish_job(data);
  free(data);
}

static napi_value start(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, NULL, "start(root, pids, names, chunk)");
    return NULL;
  }
  struct job *j = calloc(1, sizeof *j);
  if (!j) {
    napi_throw_error(env, NULL, "proc-batch: out of memory");
    return NULL;
  }
  size_t rootLen;
  napi_typedarray_type type;
  size_t npids;
  void *pidsData;
  uint32_t nnames, chunk;
  if (napi_get_value_string_utf8(env, argv[0], j->root, sizeof j->root, &rootLen) != napi_ok ||
      napi_get_typedarray_info(env, argv[1], &type, &npids, &pidsData, NULL, NULL) != napi_ok || type != napi_int32_array ||
      napi_get_array_length(env, argv[2], &nnames) != napi_ok || nnames == 0 || nnames > MAX_NAMES ||
      napi_get_value_uint32(env, argv[3], &chunk) != napi_ok || chunk == 0) {
    free(j);
    napi_throw_type_error(env, NULL, "start(root: string, pids: Int32Array, names: 1 to 8 strings, chunk > 0)");
    return NULL;
  }
  j->nnames = nnames;
  for (uint32_t f = 0; f < nnames; f++) {
    napi_value v;
    size_t len;
    if (napi_get_element(env, argv[2], f, &v) != napi_ok ||
        napi_get_value_string_utf8(env, v, j->names[f], sizeof j->names[f], &len) != napi_ok) {
      free(j);
      napi_throw_type_error(env, NULL, "start: names must be strings");
      return NULL;
    }
  }
  const size_t stride = (size_t)nnames * 2 + 1;
  j->npids = npids;
  j->nchunks = (npids + chunk - 1) / chunk;
  j->pids = malloc((npids ? npids : 1) * sizeof(int32_t));
  j->chunks = calloc(j->nchunks ? j->nchunks : 1, sizeof(struct chunk));
  int oom = !j->pids || !j->chunks;
  if (!oom) memcpy(j->pids, pidsData, npids * sizeof(int32_t));
  for (size_t c = 0; !oom && c < j->nchunks; c++) {
    struct chunk *ch = &j->chunks[c];
    ch->from = c * chunk;
    ch->to = ch->from + chunk < npids ? ch->from + chunk : npids;
    ch->meta = malloc((ch->to - ch->from) * stride * sizeof(int32_t));
    if (!ch->meta) oom = 1;
  }
  pthread_mutex_init(&j->mu, NULL);
  pthread_cond_init(&j->cv, NULL);
  if (oom) {
    finish_job(j);
    free(j);
    napi_throw_error(env, NULL, "proc-batch: out of memory");
    return NULL;
  }
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int want = cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (int)cpus;
  if ((size_t)want > j->nchunks) want = (int)j->nchunks;
  for (int t = 0; t < want; t++) {
    if (pthread_create(&j->threads[j->nthreads], NULL, worker, j) == 0) j->nthreads++;
  }
  napi_value handle;
  if (napi_create_external(env, j, finalize_job, NULL, &handle) != napi_ok) {
    finish_job(j);
    free(j);
    napi_throw_error(env, NULL, "proc-batch: napi_create_external");
    return NULL;
  }
  return handle;
}

static struct job *job_of(napi_env env, napi_value v) {
  void *p = NULL;
  if (napi_get_value_external(env, v, &p) != napi_ok || !p) {
    napi_throw_type_error(env, NULL, "proc-batch: not a job");
    return NULL;
  }
  return p;
}

static napi_value take(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  struct job *j = argc >= 1 ? job_of(env, argv[0]) : NULL;
  if (!j) return NULL;
  uint32_t c;
  if (argc < 2 || napi_get_value_uint32(env, argv[1], &c) != napi_ok || j->finished || c >= j->nchunks || j->chunks[c].taken) {
    napi_throw_range_error(env, NULL, "take(job, chunk): no such chunk, or already taken");
    return NULL;
  }
  struct chunk *ch = &j->chunks[c];
  pthread_mutex_lock(&j->mu);
  if (!ch->done && j->nthreads == 0) {
    /* no thread could be started: read it here */
    pthread_mutex_unlock(&j->mu);
    read_chunk(j, ch);
    pthread_mutex_lock(&j->mu);
    ch->done = 1;
  }
  while (!ch->done) pthread_cond_wait(&j->cv, &j->mu);
  pthread_mutex_unlock(&j->mu);
  ch->taken = 1;
  if (ch->failed) {
    napi_throw_error(env, NULL, "proc-batch: out of memory");
    return NULL;
  }
  const size_t stride = (size_t)j->nnames * 2 + 1;
  const size_t metaLen = (ch->to - ch->from) * stride;
  napi_value buf, metaBuf, meta, result;
  void *out, *metaOut;
  CHECK(napi_create_buffer_copy(env, ch->used, ch->used ? ch->data : "", &out, &buf));
  CHECK(napi_create_arraybuffer(env, metaLen * sizeof(int32_t), &metaOut, &metaBuf));
  memcpy(metaOut, ch->meta, metaLen * sizeof(int32_t));
  CHECK(napi_create_typedarray(env, napi_int32_array, metaLen, metaBuf, 0, &meta));
  free(ch->data);
  ch->data = NULL;
  ch->cap = 0;
  CHECK(napi_create_object(env, &result));
  CHECK(napi_set_named_property(env, result, "data", buf));
  CHECK(napi_set_named_property(env, result, "meta", meta));
  return result;
}

static napi_value finish(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  struct job *j = argc >= 1 ? job_of(env, argv[0]) : NULL;
  if (!j) return NULL;
  finish_job(j);
  return NULL;
}

NAPI_MODULE_INIT() {
  const struct { const char *name; napi_callback fn; } fns[] = { { "start", start }, { "take", take }, { "finish", finish } };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value f;
    if (napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f) != napi_ok) return NULL;
    if (napi_set_named_property(env, exports, fns[i].name, f) != napi_ok) return NULL;
  }
  return exports;
}
