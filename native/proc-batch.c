/*
 * proc-batch: reads many small /proc files for JavaScript, in background threads, while the
 * caller parses what has already arrived (Node-API only, no V8 or libuv headers).
 *
 *   start(root: string, pids: Int32Array | null, names: string[], chunk: number, parseStat?: boolean) -> job
 *   take(job, c: number) -> { data: Buffer, meta: Int32Array, stat?: Float64Array, text?: string }
 *                                                                (blocks until chunk c is read)
 *   finish(job)                                                  (joins the threads, frees all)
 *   pread(fds: Int32Array, out: Buffer, slot: number, lens: Int32Array)   (synchronous)
 *   pids(job) -> Int32Array                 the job's pids (start() with pids null: its first reader
 *                                           lists ROOT's numeric entries, off the caller's thread,
 *                                           ~1.2 us of the kernel's a process; this waits for it)
 *
 * Chunk c holds the pids [c * chunk, (c + 1) * chunk). For each pid and each name the reader
 * reads ROOT/PID/NAME to EOF. meta has a stride of names.length * 2 + 1 per pid of the chunk:
 * [offset, length] per name (length is -errno when the read failed), then the owner uid of the
 * first file (fstat on its fd; -1 when it could not be opened). Offsets are into the chunk's data.
 *
 * With parseStat, names[0] must be "stat" and each pid's line is also parsed here, exactly as
 * src/collect/parse/stat.ts parseStat does, into STAT_STRIDE doubles per pid: [ok, pid, comm
 * offset, comm length, state char, fields 4.. of proc(5) (MAX_FIELDS - 1 of them, 0 past the
 * end)]; ok is 0 when the line is missing or malformed (JS then parses the text itself). It saves
 * the first scan ~10 us of cold JavaScript per process.
 *
 * When every byte of a chunk is ASCII (the usual case), take() also returns its data as one string,
 * `text`, where byte offsets are string offsets: JavaScript slices it instead of decoding each
 * file from the Buffer (a substring is ~10x cheaper than a Buffer toString in V8's interpreter).
 *
 * One thread per CPU (at most 4) takes the chunks in order, each holding one fd at a time; a
 * take() that would wait reads the next chunk nobody has started meanwhile. It
 * exists because Node's synchronous fs calls cost about 25 us more per file than the kernel does
 * (a first scan of 1000 processes: ~60 ms through node:fs, ~25 ms here, overlapped with the
 * parse); ptop works the same without it (src/collect/read.ts falls back to node:fs).
 *
 * pread() is the refresh path: every kept /proc/PID/stat fd re-read from offset 0 in one call,
 * fd i into out[i * slot, (i + 1) * slot), lens[i] = bytes read or -errno (fds < 0 are skipped
 * with -EBADF). With 256 fds or more the calling thread and up to MAX_THREADS - 1 kept threads
 * share the work, 32 fds at a time: 1000 stat reads take ~2.7 ms on 2 CPUs instead of ~5 ms on one, and
 * ~7 ms through node:fs (each readSync costs ~2 us of Node on top of the kernel's ~5 us).
 */
#include <node_api.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_NAMES 8
#define MIN_FIELDS 22 /* as parse/stat.ts: up to and including rss */
#define MAX_FIELDS 50
#define STAT_STRIDE (5 + MAX_FIELDS - 1)
#define MAX_THREADS 4
#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "proc-batch: " #call); return NULL; } } while (0)

struct chunk {
  size_t from, to;
  int32_t *meta;
  double *stat; /* STAT_STRIDE per pid, with parseStat */
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
  size_t chunk;     /* pids per chunk */
  bool parse_stat;  /* each stat line parsed too (chunks get a stat array) */
  int listed;       /* pids and chunks are set: at start, or once a reader has listed root (under mu) */
  int listing;      /* a thread is listing root (under mu) */
  int list_errno;   /* why listing root failed (pids() throws it) */
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

/* parse/stat.ts parseStat over bytes: comm between the first '(' and the last ')', then signed
 * decimal fields separated by single spaces, up to a newline; out[0] = 1 when well formed */
static void parse_stat(const char *b, size_t n, size_t base, double *out) {
  memset(out, 0, STAT_STRIDE * sizeof(double));
  const char *open = memchr(b, '(', n);
  const char *close = NULL;
  for (size_t i = n; i > 0; i--)
    if (b[i - 1] == ')') {
      close = b + i - 1;
      break;
    }
  if (!open || open == b || !close || close < open) return;
  double pid = 0;
  for (const char *p = b; p < open - 1; p++) {
    if (*p < '0' || *p > '9') return;
    pid = pid * 10 + (*p - '0');
  }
  if (open[-1] != ' ' || close + 1 >= b + n || close[1] != ' ') return;
  size_t stateAt = (size_t)(close - b) + 2;
  if (stateAt >= n) return;
  if (stateAt + 1 < n && b[stateAt + 1] != ' ') return;
  if ((unsigned char)b[stateAt] >= 0x80) return; /* a state letter is ASCII; leave the odd case to JS */
  int count = 1;
  size_t i = stateAt + 2;
  double *f = out + 4; /* f[1] is out[5] */
  while (i < n && count < MAX_FIELDS) {
    int c = (unsigned char)b[i];
    if (c == '\n') break;
    int neg = 0;
    if (c == '-') {
      neg = 1;
      c = ++i < n ? (unsigned char)b[i] : -1;
    }
    double v = 0;
    while (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      c = ++i < n ? (unsigned char)b[i] : -1;
    }
    f[count++] = neg ? -v : v;
    if (c != ' ') break;
    i++;
  }
  if (count < MIN_FIELDS) {
    memset(out, 0, STAT_STRIDE * sizeof(double));
    return;
  }
  out[0] = 1;
  out[1] = pid;
  out[2] = (double)(base + (size_t)(open - b) + 1);
  out[3] = (double)(close - open - 1);
  out[4] = (unsigned char)b[stateAt];
}

/* ROOT's entries that start with a digit (as the sampler's isPidName), as numbers, in readdir
 * order: a malloc'ed array of *n, or NULL with errno set. */
static int32_t *list_pids(const char *root, size_t *n) {
  DIR *d = opendir(root);
  if (!d) return NULL;
  size_t cap = 1024;
  *n = 0;
  int32_t *pids = malloc(cap * sizeof *pids);
  struct dirent *e;
  while (pids && (e = readdir(d)) != NULL) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    if (*n == cap) {
      int32_t *more = realloc(pids, (cap *= 2) * sizeof *pids);
      if (!more) {
        free(pids);
        pids = NULL;
        break;
      }
      pids = more;
    }
    pids[(*n)++] = (int32_t)strtol(e->d_name, NULL, 10);
  }
  closedir(d);
  if (!pids) errno = ENOMEM;
  return pids;
}

/* The chunks of j->pids: 0, or -1 when out of memory. */
static int setup_chunks(struct job *j) {
  const size_t stride = (size_t)j->nnames * 2 + 1;
  j->nchunks = (j->npids + j->chunk - 1) / j->chunk;
  j->chunks = calloc(j->nchunks ? j->nchunks : 1, sizeof(struct chunk));
  if (!j->chunks) {
    j->nchunks = 0;
    return -1;
  }
  for (size_t c = 0; c < j->nchunks; c++) {
    struct chunk *ch = &j->chunks[c];
    ch->from = c * j->chunk;
    ch->to = ch->from + j->chunk < j->npids ? ch->from + j->chunk : j->npids;
    ch->meta = malloc((ch->to - ch->from) * stride * sizeof(int32_t));
    if (!ch->meta) return -1;
    if (j->parse_stat) {
      ch->stat = malloc((ch->to - ch->from) * STAT_STRIDE * sizeof(double));
      if (!ch->stat) return -1;
    }
  }
  return 0;
}

/* With mu held: returns once the pids and chunks are set, listing root here if nobody is. A job
 * whose listing failed has no chunks, and list_errno says why. */
static void ensure_listed(struct job *j) {
  while (!j->listed) {
    if (j->listing) {
      pthread_cond_wait(&j->cv, &j->mu);
      continue;
    }
    j->listing = 1;
    pthread_mutex_unlock(&j->mu);
    size_t n = 0;
    int32_t *pids = list_pids(j->root, &n);
    int err = pids ? 0 : errno;
    if (pids) {
      j->pids = pids;
      j->npids = n;
      if (setup_chunks(j) < 0) err = ENOMEM;
    }
    pthread_mutex_lock(&j->mu);
    if (err) {
      /* nothing to read */
      for (size_t c = 0; c < j->nchunks; c++) {
        free(j->chunks[c].meta);
        free(j->chunks[c].stat);
      }
      free(j->chunks);
      j->chunks = NULL;
      j->nchunks = 0;
      j->list_errno = err;
      j->npids = 0;
    }
    j->listed = 1;
    j->listing = 0;
    pthread_cond_broadcast(&j->cv);
  }
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
        if (f == 0 && c->stat) parse_stat(c->data + start, c->used - start, start, c->stat + (i - c->from) * STAT_STRIDE);
      }
    }
  }
}

static void *worker(void *arg) {
  struct job *j = arg;
  pthread_mutex_lock(&j->mu);
  if (!j->finished) ensure_listed(j);
  pthread_mutex_unlock(&j->mu);
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
    free(j->chunks[c].stat);
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
  size_t argc = 5;
  napi_value argv[5];
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
  napi_valuetype pidsType = napi_undefined;
  if (argc >= 2) napi_typeof(env, argv[1], &pidsType);
  const bool listHere = pidsType == napi_null;
  if (listHere) {
    type = napi_int32_array;
    npids = 0;
    pidsData = NULL;
  }
  if (napi_get_value_string_utf8(env, argv[0], j->root, sizeof j->root, &rootLen) != napi_ok ||
      (!listHere && (napi_get_typedarray_info(env, argv[1], &type, &npids, &pidsData, NULL, NULL) != napi_ok || type != napi_int32_array)) ||
      napi_get_array_length(env, argv[2], &nnames) != napi_ok || nnames == 0 || nnames > MAX_NAMES ||
      napi_get_value_uint32(env, argv[3], &chunk) != napi_ok || chunk == 0) {
    free(j);
    napi_throw_type_error(env, NULL, "start(root: string, pids: Int32Array or null, names: 1 to 8 strings, chunk > 0)");
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
  bool parseStat = false;
  if (argc >= 5) {
    napi_valuetype t;
    if (napi_typeof(env, argv[4], &t) == napi_ok && t == napi_boolean) napi_get_value_bool(env, argv[4], &parseStat);
  }
  if (parseStat && strcmp(j->names[0], "stat") != 0) {
    free(j);
    napi_throw_type_error(env, NULL, "start: parseStat needs names[0] to be \"stat\"");
    return NULL;
  }
  j->chunk = chunk;
  j->parse_stat = parseStat;
  int oom = 0;
  if (!listHere) {
    j->npids = npids;
    j->pids = malloc((npids ? npids : 1) * sizeof(int32_t));
    oom = !j->pids;
    if (!oom) memcpy(j->pids, pidsData, npids * sizeof(int32_t));
    if (!oom && setup_chunks(j) < 0) oom = 1;
    j->listed = 1;
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
  if (!listHere && (size_t)want > j->nchunks) want = (int)j->nchunks;
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

/* The arguments of a call whose first is a job (at most *argc of them, into argv): the job, or
 * NULL with a JavaScript error thrown. */
static struct job *job_call(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  if (napi_get_cb_info(env, info, argc, argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, NULL, "proc-batch: napi_get_cb_info");
    return NULL;
  }
  if (*argc < 1) {
    napi_throw_type_error(env, NULL, "proc-batch: not a job");
    return NULL;
  }
  return job_of(env, argv[0]);
}

static napi_value take(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  struct job *j = job_call(env, info, &argc, argv);
  if (!j) return NULL;
  uint32_t c;
  if (argc < 2 || napi_get_value_uint32(env, argv[1], &c) != napi_ok || j->finished) {
    napi_throw_range_error(env, NULL, "take(job, chunk): no such chunk, or already taken");
    return NULL;
  }
  pthread_mutex_lock(&j->mu);
  ensure_listed(j);
  if (c >= j->nchunks || j->chunks[c].taken) {
    pthread_mutex_unlock(&j->mu);
    napi_throw_range_error(env, NULL, "take(job, chunk): no such chunk, or already taken");
    return NULL;
  }
  struct chunk *ch = &j->chunks[c];
  /* (with no thread started, this reads every chunk up to c here, in order) */
  while (!ch->done) {
    if (j->next < j->nchunks) {
      /* rather than wait, read the next chunk nobody has started */
      struct chunk *other = &j->chunks[j->next++];
      pthread_mutex_unlock(&j->mu);
      read_chunk(j, other);
      pthread_mutex_lock(&j->mu);
      other->done = 1;
      pthread_cond_broadcast(&j->cv);
      continue;
    }
    pthread_cond_wait(&j->cv, &j->mu);
  }
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
  int ascii = 1;
  for (size_t i = 0; i < ch->used; i++)
    if ((unsigned char)ch->data[i] >= 0x80) {
      ascii = 0;
      break;
    }
  napi_value text = NULL;
  if (ascii) CHECK(napi_create_string_latin1(env, ch->used ? ch->data : "", ch->used, &text));
  CHECK(napi_create_arraybuffer(env, metaLen * sizeof(int32_t), &metaOut, &metaBuf));
  memcpy(metaOut, ch->meta, metaLen * sizeof(int32_t));
  CHECK(napi_create_typedarray(env, napi_int32_array, metaLen, metaBuf, 0, &meta));
  free(ch->data);
  ch->data = NULL;
  ch->cap = 0;
  CHECK(napi_create_object(env, &result));
  CHECK(napi_set_named_property(env, result, "data", buf));
  CHECK(napi_set_named_property(env, result, "meta", meta));
  if (text) CHECK(napi_set_named_property(env, result, "text", text));
  if (ch->stat) {
    const size_t statLen = (ch->to - ch->from) * STAT_STRIDE;
    napi_value statBuf, stat;
    void *statOut;
    CHECK(napi_create_arraybuffer(env, statLen * sizeof(double), &statOut, &statBuf));
    memcpy(statOut, ch->stat, statLen * sizeof(double));
    CHECK(napi_create_typedarray(env, napi_float64_array, statLen, statBuf, 0, &stat));
    CHECK(napi_set_named_property(env, result, "stat", stat));
  }
  return result;
}

struct preads {
  const int32_t *fds;
  size_t n, slot;
  char *out;
  int32_t *lens;
  size_t next; /* the next fd to read (atomic) */
};

static void *pread_worker(void *arg) {
  struct preads *w = arg;
  for (;;) {
    size_t i = __atomic_fetch_add(&w->next, 32, __ATOMIC_RELAXED);
    if (i >= w->n) return NULL;
    size_t end = i + 32 < w->n ? i + 32 : w->n;
    for (; i < end; i++) {
      if (w->fds[i] < 0) {
        w->lens[i] = -EBADF;
        continue;
      }
      ssize_t r;
      do r = pread(w->fds[i], w->out + i * w->slot, w->slot, 0);
      while (r < 0 && errno == EINTR);
      w->lens[i] = r < 0 ? -errno : (int32_t)r;
    }
  }
}

/*
 * The pread pool: MAX_THREADS - 1 threads at most, started on the first big call and kept (a
 * thread started per call would count as a fork in /proc/stat, which the sampler takes as a sign
 * that processes came and went). A call hands them the work and waits until each has seen it.
 */
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t pool_call = PTHREAD_MUTEX_INITIALIZER; /* one call at a time (JS threads) */
static pthread_cond_t pool_go = PTHREAD_COND_INITIALIZER, pool_done = PTHREAD_COND_INITIALIZER;
static struct preads *pool_work;
static unsigned long pool_gen;
static int pool_size = -1, pool_busy;

static void *pool_thread(void *arg) {
  /* the generation when it was started: a call made before it first runs is still seen */
  unsigned long seen = (unsigned long)(uintptr_t)arg;
  pthread_mutex_lock(&pool_mu);
  for (;;) {
    while (pool_gen == seen) pthread_cond_wait(&pool_go, &pool_mu);
    seen = pool_gen;
    struct preads *w = pool_work;
    pthread_mutex_unlock(&pool_mu);
    pread_worker(w);
    pthread_mutex_lock(&pool_mu);
    if (--pool_busy == 0) pthread_cond_signal(&pool_done);
  }
  return NULL;
}

/* under pool_call: start the pool once (the threads wait for pool_gen to move) */
static void pool_start(void) {
  if (pool_size >= 0) return;
  pool_size = 0;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int want = cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (int)cpus;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  for (int t = 1; t < want; t++) {
    pthread_t th;
    pthread_mutex_lock(&pool_mu);
    int ok = pthread_create(&th, &attr, pool_thread, (void *)(uintptr_t)pool_gen) == 0;
    if (ok) pool_size++;
    pthread_mutex_unlock(&pool_mu);
  }
  pthread_attr_destroy(&attr);
}

static napi_value pread_all(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  napi_typedarray_type ft, lt;
  size_t nfds, nlens, outLen;
  void *fds, *lens, *out;
  uint32_t slot;
  if (argc < 4 || napi_get_typedarray_info(env, argv[0], &ft, &nfds, &fds, NULL, NULL) != napi_ok || ft != napi_int32_array ||
      napi_get_buffer_info(env, argv[1], &out, &outLen) != napi_ok ||
      napi_get_value_uint32(env, argv[2], &slot) != napi_ok || slot == 0 ||
      napi_get_typedarray_info(env, argv[3], &lt, &nlens, &lens, NULL, NULL) != napi_ok || lt != napi_int32_array ||
      nlens < nfds || outLen / slot < nfds) {
    napi_throw_type_error(env, NULL, "pread(fds: Int32Array, out: Buffer of fds.length * slot, slot > 0, lens: Int32Array)");
    return NULL;
  }
  struct preads w = { fds, nfds, slot, out, lens, 0 };
  /* small, or another JS thread is using the pool: read them here */
  if (nfds < 256 || pthread_mutex_trylock(&pool_call) != 0) {
    pread_worker(&w);
    return NULL;
  }
  pool_start();
  pthread_mutex_lock(&pool_mu);
  int helpers = pool_size;
  if (helpers > 0) {
    pool_work = &w;
    pool_busy = helpers;
    pool_gen++;
    pthread_cond_broadcast(&pool_go);
  }
  pthread_mutex_unlock(&pool_mu);
  pread_worker(&w);
  pthread_mutex_lock(&pool_mu);
  while (pool_busy > 0) pthread_cond_wait(&pool_done, &pool_mu);
  pool_work = NULL;
  pthread_mutex_unlock(&pool_mu);
  pthread_mutex_unlock(&pool_call);
  return NULL;
}

static napi_value finish(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  struct job *j = job_call(env, info, &argc, argv);
  if (!j) return NULL;
  finish_job(j);
  return NULL;
}

/* pids(job): the pids the job reads, in chunk order (for a job started without them, once a
 * reader has listed root: it waits for that). Throws when listing root failed. */
static napi_value job_pids(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  struct job *j = job_call(env, info, &argc, argv);
  if (!j) return NULL;
  if (j->finished) {
    napi_throw_range_error(env, NULL, "pids(job): the job is finished");
    return NULL;
  }
  pthread_mutex_lock(&j->mu);
  ensure_listed(j);
  pthread_mutex_unlock(&j->mu);
  if (j->list_errno) {
    char msg[600];
    snprintf(msg, sizeof msg, "proc-batch: list %s: %s", j->root, strerror(j->list_errno));
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  napi_value ab, arr;
  void *out;
  CHECK(napi_create_arraybuffer(env, j->npids * sizeof(int32_t), &out, &ab));
  if (j->npids) memcpy(out, j->pids, j->npids * sizeof(int32_t));
  CHECK(napi_create_typedarray(env, napi_int32_array, j->npids, ab, 0, &arr));
  return arr;
}

NAPI_MODULE_INIT() {
  const struct { const char *name; napi_callback fn; } fns[] = { { "start", start }, { "take", take }, { "finish", finish }, { "pread", pread_all }, { "pids", job_pids } };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value f;
    if (napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f) != napi_ok) return NULL;
    if (napi_set_named_property(env, exports, fns[i].name, f) != napi_ok) return NULL;
  }
  return exports;
}
